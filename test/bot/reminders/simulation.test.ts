/**
 * A year of quarters through the real scheduler (node-cron on sinon fake timers) on a real
 * PostgreSQL store shared by two schedulers (two processes), with random restarts, random
 * downtime and random transient chat failures: every reminder goes out exactly once, and only to
 * counties that had no accepted submission when it was due.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { JINCHENG } from '../../../shared/counties.js';
import { quarterBounds, type Quarter } from '../../../shared/period.js';
import { planReminders, type PlannedReminder } from '../../../shared/schedule/plan.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';
import { hashSecret } from '../../../bot/access/access.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import type { Reply } from '../../../bot/chat/types.js';
import { reminderCard, uncoveredYearReplies } from '../../../bot/reminders/messages.js';
import { startReminderScheduler, type ReminderScheduler } from '../../../bot/reminders/scheduler.js';
import { openRepository } from '../../../bot/store/open.js';
import type { Repository } from '../../../bot/store/types.js';
import { newSubmission } from '../helpers.js';
import { testDatabaseUrl } from '../store/pg-harness.js';

const COUNTIES = JINCHENG.counties.map((c) => c.name);
const START = Date.parse('2026-01-01T00:00:00+08:00');
const END = Date.parse(process.env['SIM_END'] ?? '2027-02-01T00:00:00+08:00');
const HOUR = 3_600_000;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const conversationOf = (who: string) => ({ serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', conversation: { id: `conv-${who}` }, bot: { id: 'bot' }, user: { id: who } });
const textOf = (replies: readonly Reply[]) => replies.map((r) => (r.kind === 'card' ? r.card.fallbackText : r.text)).join('|');

interface Planned {
  county: string;
  period: string;
  at: number;
  status: 'accepted' | 'rejected';
}

describe('reminders: a year with restarts and a second process on one store', function () {
  this.timeout(900_000);
  let dir: string;
  const repos: Repository[] = [];
  let clock: sinon.SinonFakeTimers | undefined;

  afterEach(async () => {
    clock?.restore();
    clock = undefined;
    for (const r of repos.splice(0)) await r.close().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends every reminder exactly once, only to counties without an accepted submission', async () => {
    const rnd = random(20261130);
    dir = await mkdtemp(join(tmpdir(), 'jieneng-sim-'));
    const url = await testDatabaseUrl();
    const open = async () => {
      // Idle connections stay open: the fake clock would otherwise close them every step.
      const r = await openRepository({ dataDir: dir, store: url }, 'simulation', new Date(), { postgres: { idleTimeoutMillis: 0 } });
      repos.push(r);
      return r;
    };
    const setup = await open();
    const at0 = new Date(START - HOUR);
    await setup.addCounties(JINCHENG.counties, 'test', at0);
    const users = [...COUNTIES.map((c) => ({ id: `r-${c}`, county: c, role: 'reporter' as const })), { id: 'sup', county: null, role: 'supervisor' as const }];
    for (const u of users) {
      const codeHash = hashSecret(`code-${u.id}`);
      await setup.addInvite({ codeHash, county: u.county, role: u.role, createdAt: at0.toISOString(), expiresAt: new Date(END).toISOString(), createdBy: 'test', usedAt: null, usedBy: null });
      assert.equal((await setup.redeemInvite(codeHash, { channelId: 'msteams', userId: u.id, name: u.id }, at0)).ok, true);
      await setup.saveConversation({ key: `msteams:conv-${u.id}:${u.id}`, channelId: 'msteams', userId: u.id, county: u.county, role: u.role, reference: conversationOf(u.id), updatedAt: at0.toISOString() });
    }

    // Each county, each quarter: on time, late, never, or only a rejected version; at 14:30 on a random day.
    const planned: Planned[] = [];
    for (const [year, quarter] of [[2025, 4], [2026, 1], [2026, 2], [2026, 3], [2026, 4]] as [number, Quarter][]) {
      const period = `${year}Q${quarter}`;
      const end = Date.parse(`${quarterBounds({ year, quarter }).end}T14:30:00+08:00`);
      const due = Date.parse(`${submissionDue({ year, quarter }, CHINA_CALENDAR).date}T14:30:00+08:00`);
      for (const county of COUNTIES) {
        const r = rnd();
        const day = (n: number) => Math.floor(rnd() * n) * 24 * HOUR;
        if (r < 0.4) planned.push({ county, period, at: end + 24 * HOUR + day(Math.max(1, (due - end) / (24 * HOUR))), status: 'accepted' });
        else if (r < 0.65) planned.push({ county, period, at: due + 24 * HOUR + day(10), status: 'accepted' });
        else if (r < 0.8) planned.push({ county, period, at: due - 2 * 24 * HOUR, status: 'rejected' });
      }
    }
    planned.sort((a, b) => a.at - b.at);
    const accepted: { county: string; period: string; at: number }[] = [];

    // The chat: records what arrives; one send in ten fails for a while (a retry follows).
    const received: string[] = [];
    const chat = {
      async send(reference: unknown, replies: readonly Reply[]) {
        if (rnd() < 0.1) throw Object.assign(new Error('模拟：聊天服务暂时不可用'), { permanent: false });
        received.push(`${(reference as { conversation: { id: string } }).conversation.id}|${textOf(replies)}`);
      },
    };

    const repoB = await open();
    // setImmediate stays real: it lets the ticks node-cron started run their store queries between steps.
    clock = sinon.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], shouldClearNativeTimers: true });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const start = (repo: Repository) =>
      startReminderScheduler({ repo, calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, now: () => new Date(), chat, groups: [], webhooks: null, outbox: null });
    // The servers run around each due instant (09:00 of a reminder day) for 50 minutes, long enough for every retry;
    // between those windows both are stopped (node-cron does not replay what a stopped process missed). Around one
    // instant in five both are down at 09:00 and come back 1–20 hours later: the first tick must catch up.
    const everything = planReminders({ calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, counties: COUNTIES, submitted: () => false, hasHosting: () => false, from: new Date(START), to: new Date(END) });
    const windows = [...new Set(everything.events.map((e) => e.at))].sort((a, b) => a - b).map((at) => {
      const late = rnd() < 0.2;
      const begin = late ? at + (60 + Math.floor(rnd() * 19 * 60)) * 60_000 : at - 10 * 60_000;
      return { at, begin, end: begin + 50 * 60_000, late };
    });
    // A submission never lands between a due instant and the end of the window that handles it: it would make the
    // expected outcome depend on when the tick ran. Such a submission waits until the window has ended.
    for (const p of planned) for (const w of windows) if (p.at >= Math.min(w.at, w.begin) && p.at < w.end) p.at = w.end + 60_000;
    planned.sort((a, b) => a.at - b.at);
    const submitUntil = async (until: number) => {
      while (planned.length > 0 && planned[0]!.at <= until) {
        const s = planned.shift()!;
        await setup.addSubmission(newSubmission({ county: s.county, period: s.period, status: s.status, receivedAt: new Date(s.at).toISOString() }));
        if (s.status === 'accepted') accepted.push({ county: s.county, period: s.period, at: s.at });
      }
    };

    const nodes: { repo: Repository; scheduler: ReminderScheduler | null }[] = [
      { repo: setup, scheduler: null },
      { repo: repoB, scheduler: null },
    ];
    let boots = 0;
    let restarts = 0;
    let catchUps = 0;
    const stopAll = async () => {
      for (const n of nodes) {
        await n.scheduler?.stop();
        n.scheduler = null;
      }
    };
    for (const w of windows) {
      await submitUntil(w.begin);
      clock.setSystemTime(w.begin);
      if (w.late) catchUps++;
      // One of the two sometimes sits this window out; the other boots (its first tick catches up).
      const absent = rnd() < 0.25 ? Math.floor(rnd() * 2) : -1;
      nodes.forEach((n, i) => {
        if (i === absent) return;
        n.scheduler = start(n.repo);
        boots++;
      });
      for (let minute = 0; minute < 50; minute++) {
        await Promise.all(nodes.map((n) => n.scheduler?.idle()));
        // node-cron fires at each minute; a tick reads the clock when it starts.
        clock.tick(60_000);
        await settle();
        await Promise.all(nodes.map((n) => n.scheduler?.idle()));
        for (const n of nodes) {
          if (!n.scheduler || rnd() >= 0.02) continue;
          // A restart mid-window: a new process, sometimes on a new connection.
          await n.scheduler.stop();
          if (rnd() < 0.5) {
            if (n.repo !== setup) await n.repo.close();
            n.repo = await open();
          }
          n.scheduler = start(n.repo);
          restarts++;
        }
      }
      await stopAll();
    }
    await submitUntil(END);
    await stopAll();
    clock.restore();
    clock = undefined;

    // What should have arrived: each planned event, with the submissions as they stood at its time.
    const all = everything;
    const expected: string[] = [];
    const seen = new Set<string>();
    const windowAt = new Map(windows.map((w) => [w.at, w]));
    let expired = 0;
    for (const at of [...new Set(all.events.map((e) => e.at))]) {
      const submitted = (c: string, p: string) => accepted.some((s) => s.county === c && s.period === p && s.at <= at);
      const due = planReminders({ calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, counties: COUNTIES, submitted, hasHosting: () => false, from: new Date(at), to: new Date(at + 1) });
      for (const e of due.events as PlannedReminder[]) {
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        // Both servers down past the end of its day: a countdown reminder is not sent late (a self-check or hosting reminder still is).
        const w = windowAt.get(at)!;
        if (w.late && w.begin >= e.expiresAt) {
          expired++;
          continue;
        }
        const text = textOf([{ kind: 'card', card: reminderCard(e) }]);
        const to = e.audience === 'county' ? [`r-${e.county}`] : e.audience === 'supervisors' ? ['sup'] : COUNTIES.map((c) => `r-${c}`);
        for (const who of to) expected.push(`conv-${who}|${text}`);
      }
    }
    for (const year of all.uncoveredYears) expected.push(`conv-sup|${textOf(uncoveredYearReplies(year, all.warnings.find((w) => w.includes(String(year)))!))}`);

    const count = (list: readonly string[]) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    const twice = [...count(received)].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no message arrived twice');
    const missing = expected.filter((k) => !received.includes(k));
    const extra = received.filter((k) => !expected.includes(k));
    assert.deepEqual(missing, [], 'every due reminder arrived');
    assert.deepEqual(extra, [], 'nothing arrived that was not due (a county that had submitted got nothing)');

    const ledger = await (await open()).reminders();
    assert.ok(ledger.every((r) => r.status === 'sent'), 'every claimed delivery ended sent');
    const retried = ledger.filter((r) => r.attempts > 1).length;
    const stages = count(received.map((k) => k.split('|')[1]!.split('：')[0]!));
    // The figures the closing note quotes.
    console.log(
      `      simulation: ${received.length} reminders received (${[...stages].map(([s, n]) => `${s} ${n}`).join(', ')}); ${ledger.length} ledger keys, ${retried} sent after a retry; ${windows.length} due instants, ${boots} boots, ${restarts} restarts mid-window, ${catchUps} instants caught up 1–20 h late (${expired} reminders expired meanwhile); ${accepted.length} accepted submissions`,
    );
    assert.ok(received.length > 100, `a year holds well over a hundred reminders (${received.length})`);
    assert.ok(retried > 0 && restarts > 10 && catchUps > 5, 'the run exercised retries, restarts and catch-up');
  });
});

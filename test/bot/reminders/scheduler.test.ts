/**
 * The reminder tick against a real lowdb store in a temp dir, with the clock as a parameter
 * (runner.tick() at a chosen `now`; sinon fake timers where the real scheduler boots): one robot
 * digest per stage naming exactly the counties still missing, retries after a robot failure,
 * permanent chat failures, the local reminders log, unreachable counties, the boot catch-up and
 * two runners on one store.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { JINCHENG } from '../../../shared/counties.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';
import { hashSecret } from '../../../bot/access/access.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import type { Reply } from '../../../bot/chat/types.js';
import { PERMANENT } from '../../../bot/reminders/ledger.js';
import { fileOutbox, readOutbox } from '../../../bot/reminders/outbox.js';
import { createReminderRunner, startReminderScheduler, type ChatPort, type ReminderDeps } from '../../../bot/reminders/scheduler.js';
import { createWebhookClient, type WebhookClient, type WebhookGroup } from '../../../bot/reminders/webhooks.js';
import { openRepository } from '../../../bot/store/open.js';
import type { Repository } from '../../../bot/store/types.js';
import { cli, newSubmission } from '../helpers.js';
import { startRobotServer, type RobotServer } from './robot-server.js';
import { stageAt } from './stage-time.js';

const COUNTIES = JINCHENG.counties.map((c) => c.name);
const SUBMITTED = ['泽州县', '高平市'];
const MISSING = COUNTIES.filter((c) => !SUBMITTED.includes(c));
const PERIOD = '2026Q3';
const MINUTE = 60_000;
const HOUR = 3_600_000;
const WECOM_KEY = 'scheduler-test-wecom';
const DING_TOKEN = 'scheduler-test-dingtalk';

const reference = (who: string) => ({ serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', conversation: { id: `conv-${who}` }, bot: { id: 'bot' }, user: { id: who } });
const conversationId = (ref: unknown) => (ref as { conversation: { id: string } }).conversation.id;
const textOf = (replies: readonly Reply[]) => replies.map((r) => (r.kind === 'card' ? r.card.fallbackText : r.text)).join('|');
/** The markdown a robot received (企业微信 content, 钉钉 text). */
const markdownOf = (r: { body: unknown }): string => {
  const m = (r.body as { markdown: { content?: string; text?: string } }).markdown;
  return m.content ?? m.text ?? '';
};

/** A chat port that records every send as `conversation id|text`, or throws what `fail` returns. */
function recordingChat(fail?: (ref: unknown) => Error | null): ChatPort & { sent: string[]; calls: number } {
  const port = {
    sent: [] as string[],
    calls: 0,
    async send(ref: unknown, replies: readonly Reply[]) {
      port.calls++;
      const err = fail?.(ref) ?? null;
      if (err) throw err;
      port.sent.push(`${conversationId(ref)}|${textOf(replies)}`);
    },
  };
  return port;
}

/** The same store seen as another process would see it: its own exclusive guard, the store's claims shared. */
function otherProcess(repo: Repository): Repository {
  return new Proxy(repo, {
    get(target, prop) {
      if (prop === 'runExclusive') return async <T>(_name: string, fn: () => Promise<T>) => ({ ran: true as const, value: await fn() });
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('reminder scheduler (lowdb store, tick at a chosen instant)', function () {
  this.timeout(30_000);
  let dir: string;
  let repo: Repository;
  let server: RobotServer | undefined;
  let client: WebhookClient | undefined;
  let clock: sinon.SinonFakeTimers | undefined;
  const at0 = new Date('2026-09-01T00:00:00+08:00');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jieneng-sched-'));
    repo = await openRepository({ dataDir: dir }, 'scheduler test', at0);
    await repo.addCounties(JINCHENG.counties, 'test', at0);
    for (const county of SUBMITTED) await repo.addSubmission(newSubmission({ county, period: PERIOD, status: 'accepted' }));
    // A rejected version does not count: 阳城县 is still reminded.
    await repo.addSubmission(newSubmission({ county: '阳城县', period: PERIOD, status: 'rejected' }));
  });

  afterEach(async () => {
    clock?.restore();
    clock = undefined;
    client?.close();
    client = undefined;
    await server?.close();
    server = undefined;
    await repo.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Binds a user by invite and stores their conversation, as the chat does on first contact. */
  async function addUser(id: string, county: string | null, role: 'reporter' | 'supervisor'): Promise<void> {
    const codeHash = hashSecret(`code-${id}`);
    await repo.addInvite({ codeHash, county, role, createdAt: at0.toISOString(), expiresAt: '2027-12-31T00:00:00Z', createdBy: 'test', usedAt: null, usedBy: null });
    assert.equal((await repo.redeemInvite(codeHash, { channelId: 'msteams', userId: id, name: id }, at0)).ok, true);
    await repo.saveConversation({ key: `msteams:conv-${id}:${id}`, channelId: 'msteams', userId: id, county, role, reference: reference(id), updatedAt: at0.toISOString() });
  }

  function deps(over: Partial<ReminderDeps> & { at: { now: number } }): ReminderDeps {
    const { at, ...rest } = over;
    return { repo, calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, now: () => new Date(at.now), chat: null, groups: [], webhooks: null, outbox: null, ...rest };
  }

  async function robots(): Promise<WebhookGroup[]> {
    server = await startRobotServer({ limitPerMinute: 20 });
    // retries: 0, so a failed request reaches the ledger, whose retry this file tests.
    client = createWebhookClient({ retries: 0, log: () => undefined });
    return [
      { name: '县区报送群', kind: 'wecom', url: server.wecomUrl(WECOM_KEY), audience: 'counties' },
      { name: '市级督办群', kind: 'dingtalk', url: server.dingtalkUrl(DING_TOKEN), secret: 'SEC0123456789abcdef0123456789abcdef', audience: 'supervisors' },
    ];
  }

  const ledger = async () => new Map((await repo.reminders()).map((r) => [r.key, r]));

  it('sends each robot one digest per stage naming exactly the counties still missing', async () => {
    const groups = await robots();
    await addUser('r-城区', '城区', 'reporter');
    await addUser('r-泽州县', '泽州县', 'reporter');
    await addUser('sup', null, 'supervisor');
    const chat = recordingChat();
    const at = { now: stageAt('due-7') };
    const runner = createReminderRunner(deps({ at, chat, groups, webhooks: client! }));

    const first = await runner.tick();
    assert.ok(first);
    assert.deepEqual(first.failed, []);
    const wecom = server!.to(WECOM_KEY);
    assert.equal(wecom.length, 1, 'one digest for the stage, not one per county');
    const digest = markdownOf(wecom[0]!);
    for (const c of MISSING) assert.ok(digest.includes(c), `${c} named in:\n${digest}`);
    for (const c of SUBMITTED) assert.ok(!digest.includes(c), `${c} submitted, yet named in:\n${digest}`);
    assert.equal(server!.to(DING_TOKEN).length, 0, 'the supervisors’ robot gets no county reminder');
    // Chat: only the reporter of a county still missing; 泽州县 submitted.
    assert.deepEqual(chat.sent.map((s) => s.split('|')[0]), ['conv-r-城区']);

    // Later the same day: nothing again.
    at.now += 2 * HOUR;
    await runner.tick();
    assert.equal(server!.requests.length, 1);
    assert.equal(chat.sent.length, 1);

    // Overdue +3: the counties' robot gets the overdue digest, the supervisors' robot the supervisor digest only.
    at.now = stageAt('overdue-3');
    const third = await runner.tick();
    assert.ok(third);
    assert.deepEqual(third.failed, []);
    assert.equal(server!.to(WECOM_KEY).length, 2);
    const overdue = markdownOf(server!.to(WECOM_KEY)[1]!);
    assert.match(overdue, /逾期提醒/u);
    const ding = server!.to(DING_TOKEN);
    assert.equal(ding.length, 1);
    const sup = markdownOf(ding[0]!);
    assert.match(sup, /逾期未报汇总/u);
    for (const c of MISSING) assert.ok(sup.includes(c) && overdue.includes(c), c);
    for (const c of SUBMITTED) assert.ok(!sup.includes(c) && !overdue.includes(c), c);
    assert.ok(chat.sent.some((s) => s.startsWith('conv-sup|') && s.includes('逾期未报汇总')), chat.sent.join('\n'));
    assert.ok(!chat.sent.some((s) => s.startsWith('conv-r-泽州县')), 'a county that submitted gets nothing');
    const l = await ledger();
    assert.equal(l.get(`due-7:${PERIOD}:group:县区报送群`)?.status, 'sent');
    assert.equal(l.get(`overdue-3:${PERIOD}:group:县区报送群`)?.status, 'sent');
    assert.equal(l.get(`supervisor-digest:${PERIOD}:supervisors@group:市级督办群`)?.status, 'sent');
  });

  it('retries a robot digest that got a 500 on a later tick, after the backoff, and delivers it once', async () => {
    const groups = await robots();
    await addUser('r-城区', '城区', 'reporter');
    const chat = recordingChat();
    const at = { now: stageAt('due-7') };
    const runner = createReminderRunner(deps({ at, chat, groups, webhooks: client! }));
    server!.reply({ status: 500, body: 'oops' });
    const first = await runner.tick();
    assert.deepEqual(first?.failed, [`due-7:${PERIOD}:group:县区报送群`]);
    const failed = (await ledger()).get(`due-7:${PERIOD}:group:县区报送群`)!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, 1);
    assert.ok(!failed.detail.startsWith(PERMANENT), failed.detail);

    // Within the backoff (1 minute after the first attempt): not yet.
    at.now += 30_000;
    await runner.tick();
    assert.equal(server!.to(WECOM_KEY).length, 1);

    at.now += 31_000;
    const retry = await runner.tick();
    assert.ok(retry, 'the retry tick ran');
    assert.deepEqual(retry.sent, [`due-7:${PERIOD}:group:县区报送群`]);
    const requests = server!.to(WECOM_KEY);
    assert.equal(requests.length, 2);
    for (const c of MISSING) assert.ok(markdownOf(requests[1]!).includes(c), c);
    const record = (await ledger()).get(`due-7:${PERIOD}:group:县区报送群`)!;
    assert.equal(record.status, 'sent');
    assert.equal(record.attempts, 2);

    for (const later of [5 * MINUTE, HOUR, 6 * HOUR]) {
      at.now = stageAt('due-7') + later;
      await runner.tick();
    }
    assert.equal(server!.to(WECOM_KEY).length, 2, 'delivered once');
    assert.equal(chat.sent.length, 1, 'the chat reminder was not sent again by the retry');
  });

  it('marks a permanent chat failure 无法送达： and never retries it', async () => {
    await addUser('r-城区', '城区', 'reporter');
    const chat = recordingChat(() => Object.assign(new Error('机器人已被移出这个会话，无法发送。'), { permanent: true }));
    const at = { now: stageAt('due-7') };
    const runner = createReminderRunner(deps({ at, chat }));
    const first = await runner.tick();
    const key = `due-7:${PERIOD}:城区@chat:msteams:conv-r-城区`;
    assert.ok(first?.failed.includes(key), JSON.stringify(first));
    const record = (await ledger()).get(key)!;
    assert.equal(record.status, 'failed');
    assert.equal(record.detail, `${PERMANENT}机器人已被移出这个会话，无法发送。`);
    assert.equal(record.attempts, 1);
    for (const later of [MINUTE, 2 * MINUTE, 20 * MINUTE, 3 * HOUR, 8 * HOUR]) {
      at.now = stageAt('due-7') + later;
      await runner.tick();
    }
    // A restarted process does not retry it either.
    await createReminderRunner(deps({ at, chat })).tick();
    assert.equal(chat.calls, 1, 'never retried');
    assert.equal((await ledger()).get(key)!.attempts, 1);
  });

  it('local anonymous mode with no conversations: reminders go to the log, and `jieneng reminders log` prints them', async () => {
    const at = { now: stageAt('due-7') };
    const runner = createReminderRunner(deps({ at, outbox: fileOutbox(dir) }));
    const report = await runner.tick();
    assert.equal(report?.sent.length, MISSING.length);
    const entries = await readOutbox(dir);
    assert.deepEqual(entries.map((e) => e.to).sort(), [...MISSING].sort());
    for (const e of entries) {
      assert.equal(e.key, `due-7:${PERIOD}:${e.to}`);
      assert.match(e.reason, /本地模式/u);
      assert.match(e.text, /报送提醒/u);
    }
    at.now += HOUR;
    await runner.tick();
    assert.equal((await readOutbox(dir)).length, MISSING.length, 'logged once');

    const previous = process.env['JIENENG_DATA'];
    process.env['JIENENG_DATA'] = dir;
    try {
      const r = await cli(['reminders', 'log']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`本地模式下记入日志的提醒（${MISSING.length} 条`, 'u'));
      for (const c of MISSING) assert.ok(r.out.includes(`→ ${c}`), r.out);
      for (const c of SUBMITTED) assert.ok(!r.out.includes(`→ ${c}`), r.out);
      const json = await cli(['reminders', 'log', '--format', 'json']);
      assert.equal((JSON.parse(json.out) as { entries: unknown[] }).entries.length, MISSING.length);
    } finally {
      process.env['JIENENG_DATA'] = previous;
    }
  });

  it('a county with no conversation and no robot, outside local mode: @none, failed for good', async () => {
    await addUser('r-城区', '城区', 'reporter');
    const chat = recordingChat();
    const at = { now: stageAt('due-7') };
    const runner = createReminderRunner(deps({ at, chat }));
    const report = await runner.tick();
    const none = MISSING.filter((c) => c !== '城区').map((c) => `due-7:${PERIOD}:${c}@none`);
    assert.deepEqual([...(report?.failed ?? [])].sort(), [...none].sort());
    const l = await ledger();
    for (const key of none) {
      const r = l.get(key)!;
      assert.equal(r.status, 'failed');
      assert.ok(r.detail.startsWith(`${PERMANENT}`) && r.detail.includes('还没有填报员与机器人对话过'), r.detail);
    }
    assert.equal(l.get(`due-7:${PERIOD}:城区@chat:msteams:conv-r-城区`)?.status, 'sent');
    at.now += 10 * MINUTE;
    await runner.tick();
    const again = await ledger();
    for (const key of none) assert.equal(again.get(key)!.attempts, 1, 'not retried');
  });

  it('boot catch-up: a due-day reminder missed by 3 hours goes out on the first tick, one missed by 30 hours does not', async () => {
    await addUser('r-城区', '城区', 'reporter');
    const dueDay = stageAt('due-day');
    // The real scheduler on fake timers: its first tick, at boot, is the catch-up.
    clock = sinon.useFakeTimers({ now: dueDay + 3 * HOUR, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const chat = recordingChat();
    const scheduler = startReminderScheduler(deps({ at: { now: 0 }, now: () => new Date(), chat, outbox: null }));
    await scheduler.idle();
    await scheduler.stop();
    clock.restore();
    clock = undefined;
    // The due-day reminder (and the awareness-day notice for tomorrow's 世界粮食日), nothing older than a day.
    const dueToday = chat.sent.filter((s) => s.includes('今天截止'));
    assert.equal(dueToday.length, 1, chat.sent.join('\n'));
    assert.match(dueToday[0]!, /^conv-r-城区\|报送提醒：今天截止/u);
    assert.ok(chat.sent.every((s) => /今天截止|宣传活动提醒/u.test(s)), chat.sent.join('\n'));
    assert.equal((await ledger()).get(`due-day:${PERIOD}:城区@chat:msteams:conv-r-城区`)?.status, 'sent');

    // Another store, the server down for 30 hours past the due-day reminder: not sent late.
    await repo.close();
    await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp(join(tmpdir(), 'jieneng-sched-'));
    repo = await openRepository({ dataDir: dir }, 'scheduler test', at0);
    await repo.addCounties(JINCHENG.counties, 'test', at0);
    await addUser('r-城区', '城区', 'reporter');
    const late = recordingChat();
    await createReminderRunner(deps({ at: { now: dueDay + 30 * HOUR }, chat: late })).tick();
    const keys = [...(await ledger()).keys()];
    assert.ok(!keys.some((k) => k.startsWith('due-day:')), keys.join('\n'));
    assert.ok(!late.sent.some((s) => s.includes('今天截止')), late.sent.join('\n'));
  });

  it('two runners on one store ticking at the same instant: each delivery once', async () => {
    const groups = await robots();
    for (const c of MISSING) await addUser(`r-${c}`, c, 'reporter');
    await addUser('sup', null, 'supervisor');
    const chat = recordingChat();
    const at = { now: stageAt('overdue-3') };
    // Two processes: separate exclusive guards, so only the store's claims keep them apart.
    const a = createReminderRunner(deps({ at, chat, groups, webhooks: client!, repo: otherProcess(repo) }));
    const b = createReminderRunner(deps({ at, chat, groups, webhooks: client!, repo: otherProcess(repo) }));
    const reports = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    const sent = reports.flatMap((r) => r?.sent ?? []);
    assert.equal(new Set(sent).size, sent.length, 'no key sent twice');
    assert.equal(new Set(chat.sent).size, chat.sent.length, chat.sent.join('\n'));
    // Each missing county's reporter once, plus the supervisor digest once.
    assert.equal(chat.sent.filter((s) => s.startsWith('conv-r-')).length, MISSING.length);
    assert.equal(chat.sent.filter((s) => s.startsWith('conv-sup|')).length, 1);
    assert.equal(server!.to(WECOM_KEY).length, 1);
    assert.equal(server!.to(DING_TOKEN).length, 1);
    // And again at the same instant, one after the other (a restart): nothing more.
    await a.tick();
    await createReminderRunner(deps({ at, chat, groups, webhooks: client! })).tick();
    assert.equal(chat.sent.length, MISSING.length + 1);
    assert.equal(server!.requests.length, 2);
    assert.ok((await repo.reminders()).every((r) => r.status === 'sent' && r.attempts === 1));
  });
});

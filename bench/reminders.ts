/**
 * Reminders benchmark (`npm run bench:reminders`): planning and sending reminders for many
 * counties (3,000 by default, 县0001…) through capturing servers on loopback.
 *
 * Setup: a lowdb store in a temp dir seeded with the counties, one bound reporter and one stored
 * conversation each (written as the store writes its file, then opened with openStore); a
 * capturing Bot Connector (test/bot/channels/capturing-connector.ts) that the real proactive
 * sender (bot/channels, anonymous mode) posts to; the capturing robot server
 * (test/bot/reminders/robot-server.ts) refusing more than 20 requests a minute per robot, with a
 * 企业微信 robot (audience counties) and a 钉钉 robot (audience all) behind the real webhook client.
 *
 * Prints:
 *   - planning (planFromStore: the plan with the store's facts) of one day's window and of a
 *     quarter's window, median of --runs after a warm-up;
 *   - one tick at 09:00 of the due-7 day of 2026Q3 (real timers): every county's reporter by chat,
 *     one digest per robot (split into parts under each robot's size limit), its time and the time
 *     per chat delivery;
 *   - store writes per delivery (claimReminder / markReminder / retryReminder calls, counted by
 *     wrapping the repository; each one a whole-file rewrite in lowdb) and the store file's size;
 *   - meanwhile, on two more robots, the due-7, due-3, due-1 and due-day digests back to back from a
 *     runner on an in-memory store: more parts than the 20-a-minute window allows wait in the queue
 *     (the wait overlaps the lowdb tick instead of adding to the run);
 *   - the most requests any robot got in 60 s (must stay ≤ 20) and the queue's first wait line.
 *
 *   npm run bench:reminders
 *   npm run bench:reminders -- --counties 1000 --runs 3
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { JINCHENG } from '../shared/counties.js';
import { DEFAULT_SCHEDULE_RULES } from '../shared/schedule/rules.js';
import { CHINA_CALENDAR } from '../bot/calendar/chinese-days.js';
import { createBotChannel } from '../bot/channels/botframework.js';
import { useLogDir } from '../bot/log.js';
import { planFromStore } from '../bot/reminders/plan-store.js';
import { createReminderRunner } from '../bot/reminders/scheduler.js';
import { createWebhookClient, type WebhookClient, type WebhookGroup } from '../bot/reminders/webhooks.js';
import { memoryStore, openStore, STORE_FILE } from '../bot/store/lowdb-store.js';
import type { ConversationRecord, CountyRecord, Member, Repository, StoreData } from '../bot/store/types.js';
import { capturingConnector } from '../test/bot/channels/capturing-connector.js';
import { startRobotServer, type RobotRequest } from '../test/bot/reminders/robot-server.js';
import { stageAt } from '../test/bot/reminders/stage-time.js';

const { values: opts } = parseArgs({
  options: {
    counties: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '5' },
  },
});
const COUNTIES = Number(opts.counties);
const RUNS = Number(opts.runs);
const SEEDED_AT = '2026-09-01T00:00:00.000Z';
const PER_MINUTE = 20;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const names = Array.from({ length: COUNTIES }, (_, i) => `县${String(i + 1).padStart(4, '0')}`);

/** The store file as the store writes it: counties, bound reporters and their conversations. */
function seed(serviceUrl: string): StoreData {
  const counties: CountyRecord[] = names.map((name, i) => ({ name, code: String(140000 + i).padStart(6, '0'), addedAt: SEEDED_AT }));
  const members: Member[] = names.map((county, i) => ({ channelId: 'msteams', userId: `29:reporter-${i + 1}`, name: `填报员${i + 1}`, role: 'reporter', county, boundAt: SEEDED_AT }));
  const conversations: ConversationRecord[] = members.map((m, i) => ({
    key: `msteams:a:conv-${i + 1}:${m.userId}`,
    channelId: 'msteams',
    userId: m.userId,
    county: m.county,
    role: 'reporter',
    reference: {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: `a:conv-${i + 1}`, conversationType: 'personal', tenantId: 'tenant-1' },
      user: { id: m.userId, name: m.name },
      bot: { id: 'jieneng-bot', name: '节能通' },
    },
    updatedAt: SEEDED_AT,
  }));
  return { schema: 1, counties, members, invites: [], tokens: [], conversations, submissions: [], reminders: [], notices: [], audit: [] };
}

/** The repository with its ledger writes counted (one whole-file rewrite each in lowdb). */
function counted(repo: Repository): { repo: Repository; writes: Record<'claimReminder' | 'markReminder' | 'retryReminder', number> } {
  const writes = { claimReminder: 0, markReminder: 0, retryReminder: 0 };
  const wrapped = new Proxy(repo, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(target);
      if (prop === 'claimReminder' || prop === 'markReminder' || prop === 'retryReminder') {
        return (...a: unknown[]) => {
          writes[prop]++;
          return fn(...a);
        };
      }
      return fn;
    },
  });
  return { repo: wrapped, writes };
}

/** Most requests to one robot within any 60 s. */
function maxPerMinute(requests: readonly RobotRequest[]): number {
  let most = 0;
  for (let i = 0, j = 0; j < requests.length; j++) {
    while (requests[j]!.at - requests[i]!.at >= 60_000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/** The stages whose digests go to the robots back to back: more parts than a minute allows. */
const WINDOW_STAGES = ['due-7', 'due-3', 'due-1', 'due-day'] as const;

/** Several stages' digests for every county to the robots, back to back, from an in-memory store; resolves when all went out. */
async function robotsWindow(groups: WebhookGroup[], client: WebhookClient): Promise<{ ms: number; sent: number }> {
  const repo = memoryStore();
  await repo.addCounties(names.map((name, i) => ({ name, code: String(i) })), 'bench', new Date(SEEDED_AT));
  const at = { now: stageAt('due-7') };
  const runner = createReminderRunner({ repo, calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, now: () => new Date(at.now), chat: null, groups, webhooks: client, outbox: null });
  const t0 = performance.now();
  let sent = 0;
  for (const stage of WINDOW_STAGES) {
    at.now = stageAt(stage);
    const report = await runner.tick();
    if (!report || report.failed.length > 0) throw new Error(`robots, ${stage}: ${report ? report.failed.join(', ') : 'the tick did not run'}`);
    sent += report.sent.length;
  }
  return { ms: performance.now() - t0, sent };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jieneng-bench-reminders-'));
  // A line per delivery goes to the server log: keep it in the temp dir, not ./data.
  const releaseLog = useLogDir(join(dir, 'logs'));
  const connector = await capturingConnector();
  const robots = await startRobotServer({ limitPerMinute: PER_MINUTE });
  const robotLog: string[] = [];
  const client = createWebhookClient({ perMinute: PER_MINUTE, log: (l) => robotLog.push(l) });
  try {
    console.log(`Reminders benchmark — ${COUNTIES} counties, lowdb store, Node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB`);
    await writeFile(join(dir, STORE_FILE), JSON.stringify(seed(connector.serviceUrl), null, 2), { mode: 0o600 });
    const store = await openStore(dir, 'bench', new Date(SEEDED_AT));
    const { repo, writes } = counted(store);
    const fileBefore = (await stat(join(dir, STORE_FILE))).size;

    // Planning: a day's window and a quarter's window, with the store's facts.
    const day = new Date('2026-10-08T00:00:00+08:00');
    const windows = [
      { label: "plan a day's window", from: day, to: new Date(day.getTime() + 86_400_000) },
      { label: "plan a quarter's window", from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') },
    ];
    const rows: [string, string][] = [];
    for (const w of windows) {
      const times: number[] = [];
      let events = 0;
      for (let r = 0; r <= RUNS; r++) {
        gc();
        const t0 = performance.now();
        const plan = await planFromStore({ repo, calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, from: w.from, to: w.to });
        if (r > 0) times.push(performance.now() - t0); // the first run warms up
        events = plan.events.length;
      }
      rows.push([w.label, `${ms(median(times))} ms (median of ${RUNS}; ${events} events)`]);
    }

    // Sending: the real runner, the real proactive sender and webhook client, real timers.
    const services = { repo, calendar: CHINA_CALENDAR, region: JINCHENG, maxUploadBytes: 1 << 20, inviteTtlDays: 7, now: () => new Date() };
    const chat = createBotChannel(null, services, { attachments: { anonymous: true, hosts: [] } }).sender;
    const robotPair = (suffix: string): WebhookGroup[] => [
      { name: `县区报送群${suffix}`, kind: 'wecom', url: robots.wecomUrl(`bench-wecom${suffix}`), audience: 'counties' },
      { name: `全市节能群${suffix}`, kind: 'dingtalk', url: robots.dingtalkUrl(`bench-dingtalk${suffix}`), secret: 'SECbench0123456789abcdef', audience: 'all' },
    ];
    const runner = createReminderRunner({ repo, calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, now: () => new Date(stageAt('due-7')), chat, groups: robotPair(''), webhooks: client, outbox: null });

    // The robots' window, meanwhile, on two more robots: four stages' digests of every county back to
    // back from a runner on an in-memory store (no chat, no file writes), more parts than the
    // 20-a-minute window allows, so the rest wait in the queue. Started with the lowdb tick so
    // the wait overlaps it instead of adding to the run.
    const window = robotsWindow(robotPair('-2'), client);
    gc();
    const t0 = performance.now();
    const started = Date.now();
    const report = await runner.tick();
    const took = performance.now() - t0;
    if (!report) throw new Error('the tick did not run');
    if (report.failed.length > 0) throw new Error(`${report.failed.length} failed, e.g. ${report.failed[0]}`);
    const chats = connector.activityCalls().length;
    if (chats !== COUNTIES) throw new Error(`${chats} chat posts for ${COUNTIES} counties`);
    const wecom = robots.to('bench-wecom');
    const ding = robots.to('bench-dingtalk');
    const lastRobot = Math.max(...[...wecom, ...ding].map((r) => r.at)) - started;
    const writesOf = () => writes.claimReminder + writes.markReminder + writes.retryReminder;
    rows.push([
      'tick: due-7 to every county',
      `${ms(took / 1000)} s — ${report.sent.length} deliveries: ${chats} chat posts, robots ${wecom.length} + ${ding.length} requests (last at +${ms(lastRobot / 1000)} s)`,
    ]);
    rows.push(['  per chat delivery', `${ms(took / chats)} ms (chat concurrency 8; store writes serialised)`]);
    rows.push([
      'store writes per delivery',
      `${(writesOf() / report.sent.length).toFixed(2)} (claim ${writes.claimReminder}, mark ${writes.markReminder}, retry ${writes.retryReminder}; ${report.sent.length} deliveries)`,
    ]);
    const fileAfter = (await stat(join(dir, STORE_FILE))).size;
    rows.push(['store file (whole-file rewrite per write)', `${(fileBefore / 2 ** 20).toFixed(1)} MB before, ${(fileAfter / 2 ** 20).toFixed(1)} MB after`]);

    const w = await window;
    const wecom2 = robots.to('bench-wecom-2');
    const ding2 = robots.to('bench-dingtalk-2');
    rows.push([`robots only: ${WINDOW_STAGES.join(' + ')} back to back`, `${ms(w.ms / 1000)} s until every part went out (${wecom2.length} + ${ding2.length} requests)`]);
    const most = [wecom, ding, wecom2, ding2].map(maxPerMinute);
    rows.push(['robot requests in any 60 s (max per robot)', `${most.join(' / ')} — ${Math.max(...most) <= PER_MINUTE ? `within the limit of ${PER_MINUTE}` : 'OVER THE LIMIT'}`]);
    rows.push(['robot queue waits for the window', `${robotLog.filter((l) => l.includes('每分钟')).length}: ${robotLog.find((l) => l.includes('每分钟')) ?? '—'}`]);

    const width = Math.max(...rows.map(([k]) => k.length));
    console.log('');
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
    await store.close();
  } finally {
    client.close();
    await robots.close();
    await connector.close();
    releaseLog();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

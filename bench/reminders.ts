/**
 * Reminders benchmark (`npm run bench:reminders`): planning and sending reminders for many
 * counties (3,000 by default, 县0001…) through capturing servers on loopback, on a lowdb store and
 * on PostgreSQL, side by side.
 *
 * Setup, for each backend: the counties, one bound reporter and one stored conversation each —
 * lowdb: written as the store writes its file, then opened with openStore in a temp dir;
 * PostgreSQL: the same records through the whole-store import (bot/store/transfer.ts) into a fresh
 * database, JIENENG_BENCH_PG (an address whose user may create databases) or an embedded server
 * started as the tests do (test/bot/store/pg-harness.ts; fsync off: commits do not wait for the
 * disk, and lowdb does not fsync either). One capturing Bot Connector
 * (test/bot/channels/capturing-connector.ts) that the real proactive sender (bot/channels,
 * anonymous mode) posts to; the capturing robot server (test/bot/reminders/robot-server.ts)
 * refusing more than 20 requests a minute per robot, with a 企业微信 robot (audience counties)
 * and a 钉钉 robot (audience all) per backend behind the real webhook client.
 *
 * Prints, per backend:
 *   - planning (planFromStore: the plan with the store's facts) of one day's window and of a
 *     quarter's window, median of --runs after a warm-up;
 *   - one tick at 09:00 of the due-7 day of 2026Q3 (real timers): every county's reporter by chat,
 *     one digest per robot (split into parts under each robot's size limit), its time and the time
 *     per chat delivery;
 *   - store writes per delivery (claimReminder / markReminder / retryReminder calls, counted by
 *     wrapping the repository; each one a whole-file rewrite in lowdb, a row statement in
 *     PostgreSQL) and the store's size (lowdb file, PostgreSQL database);
 * and once, meanwhile, on two more robots: the due-7, due-3, due-1 and due-day digests back to back
 * from a runner on an in-memory store: more parts than the 20-a-minute window allows wait in the
 * queue (the wait overlaps the ticks instead of adding to the run); the most requests any robot got
 * in 60 s (must stay ≤ 20) and the queue's first wait line.
 *
 * lowdb's writes rewrite a file that grows with the counties; the ledger is written in batches
 * (ledger.ts BATCH), so both backends are measured at --counties by default; --lowdb-counties sets
 * lowdb's size apart. The table says what each column measured.
 *
 *   npm run bench:reminders
 *   npm run bench:reminders -- --counties 1000 --runs 3 --backends postgres
 *   npm run bench:reminders -- --lowdb-counties 3000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { JINCHENG } from '../shared/counties.js';
import { DEFAULT_SCHEDULE_RULES } from '../shared/schedule/rules.js';
import { CHINA_CALENDAR } from '../bot/calendar/chinese-days.js';
import { createBotChannel } from '../bot/channels/botframework.js';
import { useLogDir } from '../bot/log.js';
import { BATCH } from '../bot/reminders/ledger.js';
import { planFromStore } from '../bot/reminders/plan-store.js';
import { createReminderRunner } from '../bot/reminders/scheduler.js';
import { createWebhookClient, type WebhookClient, type WebhookGroup } from '../bot/reminders/webhooks.js';
import { memoryStore, openStore, STORE_FILE } from '../bot/store/lowdb-store.js';
import { openPostgresStore } from '../bot/store/postgres-store.js';
import { transferOf } from '../bot/store/transfer.js';
import type { ConversationRecord, CountyRecord, Member, Repository, StoreData } from '../bot/store/types.js';
import { capturingConnector, type CapturingConnector } from '../test/bot/channels/capturing-connector.js';
import { startRobotServer, type RobotRequest, type RobotServer } from '../test/bot/reminders/robot-server.js';
import { stageAt } from '../test/bot/reminders/stage-time.js';
import { stopTestDatabases, testDatabaseUrl } from '../test/bot/store/pg-harness.js';

type Backend = 'lowdb' | 'postgres';
const BACKENDS: readonly Backend[] = ['lowdb', 'postgres'];

const { values: opts } = parseArgs({
  options: {
    counties: { type: 'string', default: '3000' },
    'lowdb-counties': { type: 'string' },
    runs: { type: 'string', default: '5' },
    backends: { type: 'string', default: BACKENDS.join(',') },
  },
});
const COUNTIES = Number(opts.counties);
const RUNS = Number(opts.runs);
const LOWDB_COUNTIES = opts['lowdb-counties'] === undefined ? COUNTIES : Number(opts['lowdb-counties']);
const SELECTED = opts.backends!.split(',').filter(Boolean) as Backend[];
for (const b of SELECTED) if (!BACKENDS.includes(b)) throw new Error(`--backends: unknown backend "${b}" (${BACKENDS.join(', ')})`);
for (const [flag, n] of [['--counties', COUNTIES], ['--lowdb-counties', LOWDB_COUNTIES], ['--runs', RUNS]] as const) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: a whole number ≥ 1, not ${String(n)}`);
}
// The harness takes a given server from JIENENG_TEST_PG.
if (process.env['JIENENG_BENCH_PG']) process.env['JIENENG_TEST_PG'] = process.env['JIENENG_BENCH_PG'];
const SEEDED_AT = '2026-09-01T00:00:00.000Z';
const PER_MINUTE = 20;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const countyNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `县${String(i + 1).padStart(4, '0')}`);

/** The store's records: counties, bound reporters and their conversations. */
function seed(names: readonly string[], serviceUrl: string): StoreData {
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
type LedgerWrite = 'claimReminder' | 'claimReminders' | 'markReminder' | 'markReminders' | 'retryReminder';
const LEDGER_WRITES = new Set<PropertyKey>(['claimReminder', 'claimReminders', 'markReminder', 'markReminders', 'retryReminder']);

/** The repository with its ledger writes counted: each call is one write (one whole-file rewrite in lowdb, one statement in PostgreSQL), a batch too. */
function counted(repo: Repository): { repo: Repository; writes: Record<LedgerWrite, number> } {
  const writes: Record<LedgerWrite, number> = { claimReminder: 0, claimReminders: 0, markReminder: 0, markReminders: 0, retryReminder: 0 };
  const wrapped = new Proxy(repo, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(target);
      if (LEDGER_WRITES.has(prop)) {
        return (...a: unknown[]) => {
          writes[prop as LedgerWrite]++;
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

/** A 企业微信 robot for the counties and a 钉钉 robot for everyone, named by `suffix`. */
function robotPair(robots: RobotServer, suffix: string): WebhookGroup[] {
  return [
    { name: `县区报送群${suffix}`, kind: 'wecom', url: robots.wecomUrl(`bench-wecom${suffix}`), audience: 'counties' },
    { name: `全市节能群${suffix}`, kind: 'dingtalk', url: robots.dingtalkUrl(`bench-dingtalk${suffix}`), secret: 'SECbench0123456789abcdef', audience: 'all' },
  ];
}

/** The stages whose digests go to the robots back to back: more parts than a minute allows. */
const WINDOW_STAGES = ['due-7', 'due-3', 'due-1', 'due-day'] as const;

/** Several stages' digests for every county to the robots, back to back, from an in-memory store; resolves when all went out. */
async function robotsWindow(names: readonly string[], groups: WebhookGroup[], client: WebhookClient): Promise<{ ms: number; sent: number }> {
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

/** A seeded store of `backend` and its size; close() also removes what it made. */
interface Seeded {
  repo: Repository;
  size(): Promise<string>;
  close(): Promise<void>;
}

async function seeded(backend: Backend, data: StoreData): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'jieneng-bench-reminders-'));
  if (backend === 'lowdb') {
    await writeFile(join(dir, STORE_FILE), JSON.stringify(data, null, 2), { mode: 0o600 });
    const repo = await openStore(dir, 'bench', new Date(SEEDED_AT));
    return {
      repo,
      size: async () => `${mb((await stat(join(dir, STORE_FILE))).size)} MB file`,
      close: async () => {
        await repo.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  const url = await testDatabaseUrl();
  const repo = await openPostgresStore(url);
  await transferOf(repo).importAll(data, () => Promise.reject(new Error('no submissions are seeded')));
  const size = async (): Promise<string> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
      return `${mb(Number(rows[0]!.bytes))} MB database`;
    } finally {
      await client.end();
    }
  };
  return { repo, size, close: () => repo.close() };
}

interface Shared {
  connector: CapturingConnector;
  robots: RobotServer;
  client: WebhookClient;
}

/** One backend's rows: planning, the due-7 tick, writes per delivery, the store's size. */
async function measure(backend: Backend, counties: number, shared: Shared): Promise<string[]> {
  const store = await seeded(backend, seed(countyNames(counties), shared.connector.serviceUrl));
  try {
    const { repo, writes } = counted(store.repo);
    const sizeBefore = await store.size();
    const cells = [counties.toLocaleString('en-US')];

    // Planning: a day's window and a quarter's window, with the store's facts.
    const day = new Date('2026-10-08T00:00:00+08:00');
    const windows = [
      { from: day, to: new Date(day.getTime() + 86_400_000) },
      { from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') },
    ];
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
      cells.push(`${ms(median(times))} ms (${events} events)`);
    }

    // Sending: the real runner, the real proactive sender and webhook client, real timers; robots of its own.
    const services = { repo, calendar: CHINA_CALENDAR, region: JINCHENG, maxUploadBytes: 1 << 20, inviteTtlDays: 7, now: () => new Date() };
    const chat = createBotChannel(null, services, { attachments: { anonymous: true, hosts: [] } }).sender;
    const suffix = `-${backend}`;
    const runner = createReminderRunner({ repo, calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, now: () => new Date(stageAt('due-7')), chat, groups: robotPair(shared.robots, suffix), webhooks: shared.client, outbox: null });
    const postsBefore = shared.connector.activityCalls().length;
    gc();
    const t0 = performance.now();
    const started = Date.now();
    const report = await runner.tick();
    const took = performance.now() - t0;
    if (!report) throw new Error(`${backend}: the tick did not run`);
    if (report.failed.length > 0) throw new Error(`${backend}: ${report.failed.length} failed, e.g. ${report.failed[0]}`);
    const chats = shared.connector.activityCalls().length - postsBefore;
    if (chats !== counties) throw new Error(`${backend}: ${chats} chat posts for ${counties} counties`);
    const wecom = shared.robots.to(`bench-wecom${suffix}`);
    const ding = shared.robots.to(`bench-dingtalk${suffix}`);
    const lastRobot = Math.max(...[...wecom, ...ding].map((r) => r.at)) - started;
    const claims = writes.claimReminder + writes.claimReminders;
    const marks = writes.markReminder + writes.markReminders;
    const total = claims + marks + writes.retryReminder;
    cells.push(
      `${ms(took / 1000)} s`,
      `${report.sent.length}: ${chats} chat, robots ${wecom.length} + ${ding.length} (last +${ms(lastRobot / 1000)} s)`,
      `${ms(took / chats)} ms`,
      `${(total / report.sent.length).toFixed(2)} (claim ${claims}, mark ${marks}, retry ${writes.retryReminder} writes; claims and marks are batched ${BATCH} deliveries a write)`,
      `${sizeBefore} → ${await store.size()}`,
    );
    return cells;
  } finally {
    await store.close();
  }
}

const LABELS = [
  'counties (one reporter conversation each)',
  `plan a day's window (median of ${RUNS})`,
  `plan a quarter's window (median of ${RUNS})`,
  'tick: due-7 to every county',
  '  deliveries (chat posts, robot requests)',
  '  per chat delivery (chat concurrency 8)',
  'store writes per delivery',
  'store size before → after the tick',
];

/** Rows in aligned columns. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
  return rows.map((r) => '  ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const logs = mkdtempSync(join(tmpdir(), 'jieneng-bench-reminders-logs-'));
  // A line per delivery goes to the server log: keep it in the temp dir, not ./data.
  const releaseLog = useLogDir(logs);
  const connector = await capturingConnector();
  const robots = await startRobotServer({ limitPerMinute: PER_MINUTE });
  const robotLog: string[] = [];
  const client = createWebhookClient({ perMinute: PER_MINUTE, log: (l) => robotLog.push(l) });
  const sizes: Record<Backend, number> = { lowdb: LOWDB_COUNTIES, postgres: COUNTIES };
  try {
    const cpu = cpus();
    console.log(`Reminders benchmark — ${SELECTED.map((b) => `${b} ${sizes[b].toLocaleString('en-US')} counties`).join(', ')}; Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`);

    // The robots' window, meanwhile, on two more robots: four stages' digests of --counties counties back
    // to back from a runner on an in-memory store (no chat, no store writes), more parts than the
    // 20-a-minute window allows, so the rest wait in the queue. Started with the ticks so the wait
    // overlaps them instead of adding to the run.
    const window = robotsWindow(countyNames(COUNTIES), robotPair(robots, '-window'), client);
    window.catch(() => undefined); // awaited below; a tick's failure must not leave it unhandled
    const columns: string[][] = [];
    for (const backend of SELECTED) {
      gc();
      columns.push(await measure(backend, sizes[backend], { connector, robots, client }));
      console.error(`  ${backend}: done`);
    }
    const w = await window;
    const wecom2 = robots.to('bench-wecom-window');
    const ding2 = robots.to('bench-dingtalk-window');
    const most = [...SELECTED.flatMap((b) => [robots.to(`bench-wecom-${b}`), robots.to(`bench-dingtalk-${b}`)]), wecom2, ding2].map(maxPerMinute);
    const waits = robotLog.filter((l) => l.includes('每分钟'));

    console.log('');
    console.log(table([['', ...SELECTED], ...LABELS.map((label, i) => [label, ...columns.map((c) => c[i]!)])]));
    if (SELECTED.includes('lowdb')) console.log('  (lowdb: each store write rewrites the whole file; PostgreSQL: one statement per write, fsync off as in the tests)');
    if (SELECTED.length > 1 && sizes.lowdb !== sizes.postgres) {
      console.log(`  (the columns measured different sizes: lowdb ${sizes.lowdb.toLocaleString('en-US')} counties, postgres ${sizes.postgres.toLocaleString('en-US')}; --lowdb-counties ${COUNTIES} measures lowdb at the same size)`);
    }
    console.log('');
    console.log(
      table([
          [`robots only (${COUNTIES.toLocaleString('en-US')} counties): ${WINDOW_STAGES.join(' + ')} back to back`, `${ms(w.ms / 1000)} s until every part went out (${wecom2.length} + ${ding2.length} requests)`],
          ['robot requests in any 60 s (max per robot)', `${most.join(' / ')} — ${Math.max(...most) <= PER_MINUTE ? `within the limit of ${PER_MINUTE}` : 'OVER THE LIMIT'}`],
          ['robot queue waits for the window', `${waits.length}: ${waits[0] ?? '—'}`],
      ]),
    );
  } finally {
    client.close();
    await robots.close();
    await connector.close();
    await stopTestDatabases();
    releaseLog();
    rmSync(logs, { recursive: true, force: true });
  }
}

await main();

/**
 * Store backends side by side (`npm run bench:store-backends`): lowdb and PostgreSQL with 100,
 * 10,000 and 50,000 stored versions.
 *
 * Each store is filled through its whole-store import (bot/store/transfer.ts, the path of
 * `jieneng store copy`) with versions fabricated from two records the real intake stored (a clean
 * one, and one with 25 issues of which it keeps 20; a quarter of the versions have issues): five
 * counties, ten versions per county and quarter, quarters going back from 2026Q2, a 1 KB stand-in
 * for each original upload. 泽州县 has no stored versions, so every size measures the same work:
 *   - intake: one 40-institution .xlsx through the real intake() as 泽州县 2026Q3 (read, check,
 *     number the version, store); median of --runs after a warm-up;
 *   - add: the store's part alone, addSubmission of a prepared version; median of --runs;
 *   - 进度: progressOf() for 2026Q2 (60 stored versions at every size), p50 and p99 of --reads;
 *   - the lowdb file's size after seeding.
 * PostgreSQL: JIENENG_BENCH_PG (an address whose user may create databases) or an embedded server
 * started as the tests do (fsync off: commits do not wait for the disk; lowdb does not fsync either).
 *
 *   npm run bench:store-backends
 *   npm run bench:store-backends -- --sizes 100,10000 --runs 5 --reads 200 --format json
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { JINCHENG } from '../shared/counties.js';
import { generateSample } from '../shared/sample/generate.js';
import { SHEET } from '../shared/template/v1.js';
import { CHINA_CALENDAR } from '../bot/calendar/chinese-days.js';
import { memoryStore, openStore, STORE_FILE } from '../bot/store/lowdb-store.js';
import { openPostgresStore } from '../bot/store/postgres-store.js';
import { transferOf } from '../bot/store/transfer.js';
import type { AuditEntry, NewSubmission, Repository, StoreData, SubmissionRecord } from '../bot/store/types.js';
import { intake } from '../bot/submissions/intake.js';
import { progressOf } from '../bot/submissions/progress.js';
import { xlsxBuffer } from '../bot/xlsx/write.js';
import { stopTestDatabases, testDatabaseUrl } from '../test/bot/store/pg-harness.js';

const NOW = new Date('2026-10-10T02:00:00Z');
const MEASURED = JINCHENG.counties.find((c) => c.name === '泽州县')!;
const SEEDED = JINCHENG.counties.filter((c) => c !== MEASURED);
const VERSIONS_PER_QUARTER = 10;
const PROGRESS_PERIOD = '2026Q2';
const SENDER = { kind: 'member' as const, id: 'msteams:29:1f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f9', name: '张三' };

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const median = (xs: number[]): number => quantile(xs, 0.5);

async function workbook(issues: boolean): Promise<Buffer> {
  const input = generateSample({ county: MEASURED, period: { year: 2026, quarter: 3 }, institutions: 40, seed: 7 });
  if (issues) {
    // Text in a number column of 25 consumption rows: 25 errors, of which a record keeps 20.
    const sheet = input.sheets.find((s) => s.name === SHEET.consumption)!;
    for (let r = 1; r <= 25; r++) (sheet.rows[r] as unknown[])[3] = '约十二';
  }
  return xlsxBuffer(input, { region: JINCHENG });
}

/** The records the real intake stores for a clean workbook and one with issues. */
async function templates(): Promise<{ clean: SubmissionRecord; issues: SubmissionRecord; audit: AuditEntry }> {
  const repo = memoryStore();
  await repo.addCounties(JINCHENG.counties, 'bench', NOW);
  for (const bad of [false, true]) {
    await intake({ county: MEASURED.name, sender: SENDER, via: 'chat', payload: { kind: 'xlsx', data: await workbook(bad) }, now: NOW }, { repo, calendar: CHINA_CALENDAR, region: JINCHENG });
  }
  const [clean, issues] = await repo.submissions();
  const audit = (await repo.auditLog()).find((a) => a.action === 'submission.add')!;
  if (!clean || !issues || clean.issueCount !== 0 || issues.issues.length !== 20) throw new Error('unexpected template records');
  return { clean, issues, audit };
}

/** n versions of the five seeded counties, newest quarter first, with their audit entries. */
function fabricate(n: number, t: Awaited<ReturnType<typeof templates>>): StoreData {
  const data: StoreData = { schema: 1, counties: [], members: [], invites: [], tokens: [], conversations: [], submissions: [], reminders: [], notices: [], audit: [] };
  data.counties = JINCHENG.counties.map((c) => ({ name: c.name, code: c.code, addedAt: NOW.toISOString() }));
  for (let i = 0; i < n; i++) {
    const county = SEEDED[i % SEEDED.length]!;
    const slot = Math.floor(i / SEEDED.length);
    const back = Math.floor(slot / VERSIONS_PER_QUARTER); // quarters before 2026Q2
    const q = 2026 * 4 + 1 - back;
    const period = `${Math.floor(q / 4)}Q${(q % 4) + 1}`;
    const version = (slot % VERSIONS_PER_QUARTER) + 1;
    const template = Math.floor((i + 1) / 4) > Math.floor(i / 4) ? t.issues : t.clean;
    const base = `submissions/${county.code}/${period}/v${version}`;
    const receivedAt = new Date(NOW.getTime() - i * 60_000).toISOString();
    data.submissions.push({ ...template, id: `${county.code}-${period}-v${version}`, county: county.name, period, version, receivedAt, file: `${base}.xlsx`, history: null });
    data.audit.push({ ...t.audit, at: receivedAt, detail: `${county.name} ${period} v${version} ${template.status} sha256=${template.sha256}` });
  }
  return data;
}

interface Row {
  backend: 'lowdb' | 'postgres';
  versions: number;
  seedS: number;
  intakeMs: number;
  addMs: number;
  progressP50Ms: number;
  progressP99Ms: number;
  lowdbFileBytes: number | null;
}

async function measure(repo: Repository, runs: number, reads: number, xlsx: Buffer, prepared: NewSubmission): Promise<Pick<Row, 'intakeMs' | 'addMs' | 'progressP50Ms' | 'progressP99Ms'>> {
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const outcome = await intake({ county: MEASURED.name, sender: SENDER, via: 'chat', payload: { kind: 'xlsx', data: Buffer.from(xlsx) }, now: NOW }, { repo, calendar: CHINA_CALENDAR, region: JINCHENG });
    if (outcome.kind !== 'stored') throw new Error(`intake did not store: ${outcome.kind}`);
    return performance.now() - t0;
  };
  await once(); // warm-up
  const intakes: number[] = [];
  const adds: number[] = [];
  for (let k = 0; k < runs; k++) {
    gc();
    intakes.push(await once());
    gc();
    const t0 = performance.now();
    await repo.addSubmission({ ...prepared, receivedAt: new Date().toISOString() });
    adds.push(performance.now() - t0);
  }
  const counties = JINCHENG.counties.map((c) => c.name);
  for (let k = 0; k < 10; k++) await progressOf(repo, PROGRESS_PERIOD, counties);
  const times: number[] = [];
  for (let k = 0; k < reads; k++) {
    const t0 = performance.now();
    const progress = await progressOf(repo, PROGRESS_PERIOD, counties);
    times.push(performance.now() - t0);
    if (progress.filter((p) => p.versions > 0).length !== SEEDED.length) throw new Error('progress does not see the seeded quarter');
  }
  return { intakeMs: median(intakes), addMs: median(adds), progressP50Ms: median(times), progressP99Ms: quantile(times, 0.99) };
}

async function run(backend: Row['backend'], n: number, options: { runs: number; reads: number }, t: Awaited<ReturnType<typeof templates>>, xlsx: Buffer): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'jieneng-bench-backends-'));
  const url = backend === 'postgres' ? await testDatabaseUrl() : null;
  const repo = url ? await openPostgresStore(url) : await openStore(dir, 'bench', NOW, { lock: { wait: 0 } });
  try {
    const data = fabricate(n, t);
    const original = Buffer.alloc(1024, 7);
    const s0 = performance.now();
    await transferOf(repo).importAll(data, async () => original);
    const seedS = (performance.now() - s0) / 1000;
    // What autovacuum would do soon after a bulk load anyway, done now so that it does not run during the measurement.
    if (url) await vacuum(url);
    const lowdbFileBytes = backend === 'lowdb' ? (await stat(join(dir, STORE_FILE))).size : null;
    const { id: _i, version: _v, file: _f, history: _h, ...fields } = t.clean;
    const prepared: NewSubmission = { ...fields, county: MEASURED.name, period: '2026Q3', original: Buffer.alloc(30_000, 7), snapshot: null };
    return { backend, versions: n, seedS, lowdbFileBytes, ...(await measure(repo, options.runs, options.reads, xlsx, prepared)) };
  } finally {
    await repo.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function vacuum(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

function table(rows: Row[], sizes: number[]): string {
  const get = (backend: Row['backend'], n: number): Row | undefined => rows.find((r) => r.backend === backend && r.versions === n);
  const pair = (n: number, f: (r: Row) => number): string => ['lowdb', 'postgres'].map((b) => (get(b as Row['backend'], n) ? ms(f(get(b as Row['backend'], n)!)) : '–')).join(' / ');
  const header = ['versions', 'lowdb file MB', 'intake ms', 'add ms', '进度 p50 ms', '进度 p99 ms'];
  const body = sizes.map((n) => [
    n.toLocaleString('en-US'),
    get('lowdb', n)?.lowdbFileBytes != null ? (get('lowdb', n)!.lowdbFileBytes! / 1048576).toFixed(1) : '–',
    pair(n, (r) => r.intakeMs),
    pair(n, (r) => r.addMs),
    pair(n, (r) => r.progressP50Ms),
    pair(n, (r) => r.progressP99Ms),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const lines = [header, ...body].map((row) => '  ' + row.map((c, i) => c.padStart(widths[i]!)).join('  '));
  lines.push('  (each pair: lowdb / postgres)');
  const first = get('postgres', sizes[0]!);
  const last = get('postgres', sizes.at(-1)!);
  if (first && last && sizes.length > 1) {
    const ratio = (f: (r: Row) => number): string => `${(f(last) / f(first)).toFixed(2)}×`;
    lines.push(
      `  PostgreSQL ${last.versions.toLocaleString('en-US')} vs ${first.versions.toLocaleString('en-US')} versions (target ≤ 1.2×): intake ${ratio((r) => r.intakeMs)}, add ${ratio((r) => r.addMs)}, 进度 p50 ${ratio((r) => r.progressP50Ms)}, p99 ${ratio((r) => r.progressP99Ms)}`,
    );
  }
  return lines.join('\n');
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,10000,50000' },
    runs: { type: 'string', default: '7' },
    reads: { type: 'string', default: '200' },
    backends: { type: 'string', default: 'lowdb,postgres' },
    format: { type: 'string', default: 'text' },
  },
});
// The harness takes a given server from JIENENG_TEST_PG.
if (process.env['JIENENG_BENCH_PG']) process.env['JIENENG_TEST_PG'] = process.env['JIENENG_BENCH_PG'];
const sizes = values.sizes!.split(',').filter(Boolean).map(Number);
const backends = values.backends!.split(',').filter(Boolean) as Row['backend'][];
const options = { runs: Number(values.runs), reads: Number(values.reads) };
const json = values.format === 'json';
if (!json) {
  const cpu = cpus();
  console.log(`节能通 store backends — Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`);
  console.log(`intake/add: medians of ${options.runs} (after a warm-up); 进度 ${PROGRESS_PERIOD}: ${options.reads} reads\n`);
}
const t = await templates();
const xlsx = await workbook(false);
const rows: Row[] = [];
try {
  for (const n of sizes) {
    for (const backend of backends) {
      gc();
      const row = await run(backend, n, options, t, xlsx);
      rows.push(row);
      if (!json) console.error(`  ${backend} ${n}: seeded in ${row.seedS.toFixed(1)} s`);
    }
  }
} finally {
  await stopTestDatabases();
}
console.log(json ? JSON.stringify({ node: process.version, cpus: cpus().length, rows }, null, 2) : table(rows, sizes));

/**
 * Store benchmark (`npm run bench:store`): what the whole-file lowdb store costs as submissions pile up.
 *
 * Two template records come from the real intake() of generated workbooks (bot/submissions/intake.ts):
 * a clean one (0 issues) and one with 25 issues, of which the record keeps 20. For each size (5,000,
 * 20,000, 50,000 versions by default; a quarter of them with issues, --issues-share) a child process
 * seeds jieneng.json directly (records plus their audit entries, written as the store writes it: JSON
 * with a 2-space indent), then through the real repository (openStore, in a temp dir) times:
 *   - open: openStore = read + parse + shape check + leftover scan (median of --opens), and the
 *     read and JSON.parse alone;
 *   - one addSubmission of a clean version = files + whole-file rewrite (median of --runs, after a
 *     warm-up), how long the event loop was blocked during it (a 1 ms interval probe: the sum of gaps
 *     over 5 ms and the longest), and JSON.stringify of the same document alone (the synchronous part).
 * Also bytes per version, clean and with issues (a store of 1,000 of each, minus an empty store).
 *
 *   npm run bench:store
 *   npm run bench:store -- --sizes 5000,20000 --runs 5 --opens 3 --issues-share 0.25
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JINCHENG } from '../shared/counties.js';
import { generateSample } from '../shared/sample/generate.js';
import { SHEET } from '../shared/template/v1.js';
import { CHINA_CALENDAR } from '../bot/calendar/chinese-days.js';
import { memoryStore, openStore, STORE_FILE } from '../bot/store/lowdb-store.js';
import type { AuditEntry, NewSubmission, Repository, StoreData, SubmissionRecord } from '../bot/store/types.js';
import { intake } from '../bot/submissions/intake.js';
import { xlsxBuffer } from '../bot/xlsx/write.js';

const here = fileURLToPath(import.meta.url);
const NOW = new Date('2026-10-10T02:00:00Z');
const COUNTY = JINCHENG.counties[4]!; // 泽州县
const VERSIONS_PER_QUARTER = 10;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};
const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

interface Template {
  record: SubmissionRecord;
  audit: AuditEntry;
}

/** A clean record and one with issues, as the real intake stores them (a throwaway in-memory store). */
async function templates(): Promise<{ clean: Template; issues: Template }> {
  const repo = memoryStore();
  await repo.addCounties(JINCHENG.counties, 'bench', NOW);
  for (const bad of [false, true]) {
    const input = generateSample({ county: COUNTY, period: { year: 2026, quarter: 3 }, institutions: 40, seed: 7 });
    if (bad) {
      // 25 consumption rows with text in a number column: 25 type errors, the record keeps 20.
      const sheet = input.sheets.find((s) => s.name === SHEET.consumption)!;
      for (let r = 1; r <= 25; r++) (sheet.rows[r] as unknown[])[3] = '约十二';
    }
    const data = await xlsxBuffer(input, { region: JINCHENG });
    await intake(
      { county: COUNTY.name, sender: { kind: 'member', id: 'msteams:29:1f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f9', name: '张三' }, via: 'chat', payload: { kind: 'xlsx', data, name: `${COUNTY.name}.xlsx` }, now: NOW },
      { repo, calendar: CHINA_CALENDAR, region: JINCHENG },
    );
  }
  const [clean, issues] = await repo.submissions();
  const audit = (await repo.auditLog()).filter((a) => a.action === 'submission.add');
  if (!clean || !issues || clean.issueCount !== 0 || issues.issues.length !== 20) throw new Error(`unexpected templates: ${clean?.issueCount} / ${issues?.issues.length}`);
  return { clean: { record: clean, audit: audit[0]! }, issues: { record: issues, audit: audit[1]! } };
}

/** Version i of a store: county, quarter and version from i, the fields of its template. */
function version(t: Template, i: number): { record: SubmissionRecord; audit: AuditEntry } {
  const county = JINCHENG.counties[i % JINCHENG.counties.length]!;
  const slot = Math.floor(i / JINCHENG.counties.length);
  const q = Math.floor(slot / VERSIONS_PER_QUARTER);
  const period = `${2000 + Math.floor(q / 4)}Q${(q % 4) + 1}`;
  const v = (slot % VERSIONS_PER_QUARTER) + 1;
  const base = `submissions/${county.code}/${period}/v${v}`;
  const sha256 = createHash('sha256').update(String(i)).digest('hex');
  const receivedAt = new Date(NOW.getTime() - i * 60_000).toISOString();
  const record: SubmissionRecord = {
    ...t.record,
    id: `${county.code}-${period}-v${v}`,
    county: county.name,
    period,
    version: v,
    receivedAt,
    sha256,
    file: `${base}.xlsx`,
    history: t.record.history ? `${base}.history.json` : null,
  };
  const audit: AuditEntry = { ...t.audit, at: receivedAt, detail: `${county.name} ${period} v${v} ${record.status} sha256=${sha256}` };
  return { record, audit };
}

/** A store of n versions; every 1/share-th one has issues. */
function storeOf(n: number, share: number, t: { clean: Template; issues: Template }): StoreData {
  const data: StoreData = { schema: 1, counties: [], members: [], invites: [], tokens: [], conversations: [], submissions: [], reminders: [], notices: [], audit: [] };
  data.counties = JINCHENG.counties.map((c) => ({ name: c.name, code: c.code, addedAt: NOW.toISOString() }));
  for (let i = 0; i < n; i++) {
    const withIssues = Math.floor((i + 1) * share) > Math.floor(i * share);
    const { record, audit } = version(withIssues ? t.issues : t.clean, i);
    data.submissions.push(record);
    data.audit.push(audit);
  }
  return data;
}

/** As the store writes it (PrivateJsonFile). */
const serialize = (data: StoreData): string => JSON.stringify(data, null, 2);

function newSubmission(t: Template, original: Buffer): NewSubmission {
  const { id: _i, version: _v, file: _f, history: _h, ...fields } = t.record;
  return { ...fields, original, snapshot: null };
}

/** Runs `work` while a 1 ms interval watches the event loop: blocked = the sum of gaps over 5 ms. */
async function probed<T>(work: () => Promise<T>): Promise<{ ms: number; blocked: number; longest: number }> {
  let last = performance.now();
  let blocked = 0;
  let longest = 0;
  const gap = (): void => {
    const now = performance.now();
    const g = now - last;
    last = now;
    if (g > 5) blocked += g;
    longest = Math.max(longest, g);
  };
  const timer = setInterval(gap, 1);
  const t0 = performance.now();
  await work();
  const elapsed = performance.now() - t0;
  gap();
  clearInterval(timer);
  return { ms: elapsed, blocked, longest };
}

/** The read and the JSON.parse of the store file alone (in their own frame, so nothing of them outlives it). */
async function readAndParse(file: string): Promise<{ read: number; parse: number }> {
  gc();
  const t0 = performance.now();
  const text = await readFile(file, 'utf8');
  const t1 = performance.now();
  JSON.parse(text);
  return { read: t1 - t0, parse: performance.now() - t1 };
}

interface SizeResult {
  n: number;
  fileBytes: number;
  openMs: number;
  readMs: number;
  parseMs: number;
  addMs: number;
  blockedMs: number;
  longestMs: number;
  stringifyMs: number;
  maxRssMb: number;
}

async function child(n: number, share: number, runs: number, opens: number): Promise<void> {
  const t = await templates();
  const dir = mkdtempSync(join(tmpdir(), 'jieneng-bench-store-'));
  try {
    const file = join(dir, STORE_FILE);
    let seeded: StoreData | null = storeOf(n, share, t);
    await writeFile(file, serialize(seeded), { mode: 0o600 });
    seeded = null;
    const fileBytes = (await stat(file)).size;

    const openTimes: number[] = [];
    const readTimes: number[] = [];
    const parseTimes: number[] = [];
    for (let k = 0; k < opens; k++) {
      const read = await readAndParse(file);
      readTimes.push(read.read);
      parseTimes.push(read.parse);
      gc();
      const o0 = performance.now();
      const repo = await openStore(dir, 'bench', NOW, { lock: { wait: 0 } });
      openTimes.push(performance.now() - o0);
      await repo.close();
    }

    const repo: Repository = await openStore(dir, 'bench', NOW, { lock: { wait: 0 } });
    const original = Buffer.alloc(30_000, 7); // about a 40-institution workbook
    await repo.addSubmission(newSubmission(t.clean, original)); // warm-up
    const adds: { ms: number; blocked: number; longest: number }[] = [];
    const stringifies: number[] = [];
    for (let k = 0; k < runs; k++) {
      gc();
      adds.push(await probed(() => repo.addSubmission(newSubmission(t.clean, original))));
      const doc = {
        schema: 1,
        counties: repo.counties(),
        members: repo.members(),
        invites: repo.invites(),
        tokens: [],
        conversations: repo.conversations(),
        submissions: repo.submissions(),
        reminders: [],
        notices: repo.notices(),
        audit: repo.auditLog(),
      };
      gc();
      const s0 = performance.now();
      JSON.stringify(doc, null, 2);
      stringifies.push(performance.now() - s0);
    }
    await repo.close();
    const result: SizeResult = {
      n,
      fileBytes,
      openMs: median(openTimes),
      readMs: median(readTimes),
      parseMs: median(parseTimes),
      addMs: median(adds.map((a) => a.ms)),
      blockedMs: median(adds.map((a) => a.blocked)),
      longestMs: median(adds.map((a) => a.longest)),
      stringifyMs: median(stringifies),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function parent(sizes: number[], share: number, runs: number, opens: number): Promise<void> {
  const cpu = cpus();
  console.log(`节能通 store benchmark — Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`);
  const t = await templates();
  const empty = Buffer.byteLength(serialize(storeOf(0, 0, t)));
  const per = (share1: number): number => (Buffer.byteLength(serialize(storeOf(1000, share1, t))) - empty) / 1000;
  console.log(`\nBytes per version (record + its audit entry, 2-space JSON as written): clean ${per(0).toFixed(0)} B, with 20 stored issues ${per(1).toFixed(0)} B`);
  console.log(`Stores below: ${(share * 100).toFixed(0)}% of versions with issues; medians of ${opens} opens and ${runs} writes (after a warm-up)\n`);
  const rows: SizeResult[] = [];
  for (const n of sizes) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', here, '--child', String(n), '--issues-share', String(share), '--runs', String(runs), '--opens', String(opens)], {
      encoding: 'utf8',
      maxBuffer: 16 * 1048576,
    });
    const line = /RESULT (.*)/u.exec(r.stdout ?? '');
    if (r.status !== 0 || !line) {
      console.error(`size ${n} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      process.exitCode = 1;
      continue;
    }
    rows.push(JSON.parse(line[1]!) as SizeResult);
  }
  const header = ['versions', 'file MB', 'B/version', 'open ms', '(read', 'parse)', 'add ms', 'blocked ms', 'longest ms', 'stringify ms', 'peak RSS MB'];
  const body = rows.map((r) => [
    r.n.toLocaleString('en-US'),
    mb(r.fileBytes),
    (r.fileBytes / r.n).toFixed(0),
    ms(r.openMs),
    ms(r.readMs),
    `${ms(r.parseMs)})`,
    ms(r.addMs),
    ms(r.blockedMs),
    ms(r.longestMs),
    ms(r.stringifyMs),
    r.maxRssMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  for (const row of [header, ...body]) console.log('  ' + row.map((c, i) => c.padStart(widths[i]!)).join('  '));
  console.log('\n  add = one addSubmission (upload file + whole-file rewrite); blocked = event loop blocked during it;');
  console.log('  stringify = JSON.stringify of the same document alone; open = openStore (read + parse + checks);');
  console.log('  peak RSS = the whole benchmark child (seeding included).');
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    sizes: { type: 'string', default: '5000,20000,50000' },
    runs: { type: 'string', default: '7' },
    opens: { type: 'string', default: '3' },
    'issues-share': { type: 'string', default: '0.25' },
  },
});
const share = Number(values['issues-share']);
if (values.child) await child(Number(values.child), share, Number(values.runs), Number(values.opens));
else await parent(values.sizes!.split(',').filter(Boolean).map(Number), share, Number(values.runs), Number(values.opens));

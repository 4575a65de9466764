/**
 * Bot benchmark (`npm run bench:bot`).
 *
 * 1. Intake: the full intake() (read .xlsx → identify → analyze → store a new version with its
 *    original and history snapshot) of a 200- and a 2,000-institution workbook against a real
 *    lowdb store in a temp dir, in process. Each size runs in its own child process (warm-up once,
 *    then --runs timed runs; every run is a new version, as in real use). Also the same bytes POSTed
 *    to /api/submissions of the running server (step 2), which checks them in its intake worker
 *    threads, so the HTTP and thread overhead is visible.
 * 2. Chat: POST /api/messages with 进度 2026Q3 from a bound supervisor, under concurrent load from
 *    autocannon on loopback, against the real server started as a child process (bench/bot-server.ts):
 *    (a) autocannon at a fixed rate, (a') the same rate evenly paced by this script (autocannon's
 *    rate comes in one burst per second), (b) autocannon open throttle.
 * 3. Responsiveness during a big intake: GET /healthz latency (p50/p99/max) while a
 *    20,000-institution .xlsx is POSTed to /api/submissions of the same server (bench/intake-load.ts),
 *    --load-runs times, medians printed.
 *
 * Prints figures and a table of targets with MET / NOT MET. Exits non-zero only when something
 * really failed (server did not start, a reply was not 2xx or not the expected one), never
 * because a target was missed.
 *
 *   npm run bench:bot
 *   npm run bench:bot -- --sizes 200 --runs 3 --duration 5 --max-duration 5
 *   npm run bench:bot -- --profile        server child with --cpu-prof (profiles in bench/out/prof)
 *   npm run bench:bot -- --sizes= --server-node-args=--trace-gc   chat load only, server GC traced to stderr
 *   npm run bench:bot -- --sizes= --duration 3 --max-duration 3 --load-runs 3   mostly step 3
 *   npm run bench:bot -- --load-institutions=   without step 3
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { JINCHENG } from '../shared/counties.js';
import { analyzeWorkbook } from '../shared/engine.js';
import { generateSample } from '../shared/sample/generate.js';
import { CHINA_CALENDAR } from '../bot/calendar/chinese-days.js';
import { openStore } from '../bot/store/lowdb-store.js';
import { intake, UPLOAD_MAX_UNCOMPRESSED, type IntakeRequest } from '../bot/submissions/intake.js';
import { readXlsxBuffer } from '../bot/xlsx/read.js';
import { xlsxBuffer } from '../bot/xlsx/write.js';
import type { ServerInfo } from './bot-server.js';
import { intakeUnderLoad, type IntakeLoadRun } from './intake-load.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const NOW = new Date('2026-10-10T02:00:00Z');
const COUNTY = JINCHENG.counties[4]!; // 泽州县
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Targets: intake of 200 institutions, p99 of 进度 at the fixed rate, p99 of /healthz during a big intake. */
const INTAKE_TARGET_MS = 500;
const P99_TARGET_MS = 50;
const verdict = (p99: number): string => (p99 < P99_TARGET_MS ? 'MET' : 'NOT MET');

class BenchFailure extends Error {}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};
const ms = (x: number): string => x.toFixed(x < 10 ? 1 : 0);

/** Terminal columns of a string: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - width(s))) + s;

function table(header: string[], rows: string[][], alignLeft: number[] = [0]): void {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  for (const r of [header, ...rows]) console.log('  ' + r.map((c, i) => (alignLeft.includes(i) ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  '));
}

function workbook(institutions: number): Promise<Buffer> {
  return xlsxBuffer(generateSample({ county: COUNTY, period: { year: 2026, quarter: 3 }, institutions, seed: 42 }));
}

// ───────────────────────────── 1. intake, in a child process per size ─────────────────────────────

interface IntakeResult {
  institutions: number;
  bytes: number;
  warmupMs: number;
  runs: number[];
  status: string;
  issues: number;
  /** Medians of the parts timed alone after the runs: reading the .xlsx, and analyzeWorkbook. */
  readMs: number;
  analyzeMs: number;
  maxRssMb: number;
}

async function intakeChild(institutions: number, runs: number): Promise<void> {
  const data = await workbook(institutions);
  const dir = mkdtempSync(join(tmpdir(), 'jieneng-bench-intake-'));
  try {
    const repo = await openStore(dir, 'bench', NOW);
    const ctx = { repo, calendar: CHINA_CALENDAR };
    const request: IntakeRequest = { county: COUNTY.name, sender: { kind: 'token', id: COUNTY.name, name: null }, via: 'api', payload: { kind: 'xlsx', data }, now: NOW };
    const once = async (): Promise<{ ms: number; status: string; issues: number }> => {
      const t0 = performance.now();
      const outcome = await intake(request, ctx);
      const elapsed = performance.now() - t0;
      if (outcome.kind !== 'stored') throw new Error(`intake of ${institutions} institutions was not stored: ${outcome.kind}`);
      if (outcome.record.status === 'rejected') throw new Error(`intake of ${institutions} institutions was rejected (${outcome.record.summary.errors} errors)`);
      return { ms: elapsed, status: outcome.record.status, issues: outcome.record.issueCount };
    };
    const warm = await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await once()).ms);

    const reads: number[] = [];
    const analyses: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t0 = performance.now();
      const input = await readXlsxBuffer(data, '上传的文件', { maxUncompressedBytes: UPLOAD_MAX_UNCOMPRESSED });
      reads.push(performance.now() - t0);
      t0 = performance.now();
      analyzeWorkbook(input);
      analyses.push(performance.now() - t0);
    }
    await repo.close();
    const result: IntakeResult = {
      institutions,
      bytes: data.length,
      warmupMs: warm.ms,
      runs: times,
      status: warm.status,
      issues: warm.issues,
      readMs: median(reads),
      analyzeMs: median(analyses),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runIntakeChild(institutions: number, runs: number): IntakeResult {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', 'intake', '--institutions', String(institutions), '--runs', String(runs)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new BenchFailure(`intake child failed (${institutions} institutions): ${r.stderr}`);
  return JSON.parse(r.stdout) as IntakeResult;
}

// ───────────────────────────── 2. the server as a child process ─────────────────────────────

interface ServerChild {
  info: ServerInfo;
  child: ChildProcessByStdio<Writable, Readable, null>;
  stop(): Promise<void>;
}

async function startServerChild(dataDir: string, profileDir: string | null, extraNodeArgs: string[]): Promise<ServerChild> {
  const nodeArgs = [...process.execArgv.filter((a) => a !== '--expose-gc'), ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), ...extraNodeArgs];
  const child = spawn(process.execPath, [...nodeArgs, join(here, 'bot-server.ts'), dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end(); // the launcher closes the server and the store, then exits
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const info = await new Promise<ServerInfo>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new BenchFailure('server did not print its URL within 120 s')), 120_000);
      child.stdout.setEncoding('utf8');
      const onData = (chunk: string): void => {
        out += chunk;
        // Node flags such as --trace-gc also write to stdout: the info is the line that starts with {"url".
        const line = out.split('\n').find((l, i, all) => i < all.length - 1 && l.startsWith('{"url"'));
        if (line === undefined) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.on('data', (more: string) => process.stderr.write(more)); // anything later (e.g. --trace-gc) goes to stderr
        try {
          resolve(JSON.parse(line) as ServerInfo);
        } catch {
          reject(new BenchFailure(`server printed a malformed JSON line: ${line.slice(0, 200)}`));
        }
      };
      child.stdout.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new BenchFailure(`server exited during start-up (code ${code})`));
      });
    });
    return { info, child, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function activity(text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: 'b1',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: 'bench-supervisor', name: '督导' },
    recipient: { id: 'bot' },
    conversation: { id: 'c-bench' },
    text,
    deliveryMode: 'expectReplies',
  };
}

async function postMessage(url: string, text: string, expect: string): Promise<string> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity(text)) });
  const body = await res.text();
  if (res.status !== 200) throw new BenchFailure(`“${text}” answered ${res.status}: ${body.slice(0, 300)}`);
  if (!body.includes(expect)) throw new BenchFailure(`“${text}” answered 200 without “${expect}”: ${body.slice(0, 300)}`);
  return body;
}

interface Latencies {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface LoadResult {
  label: string;
  rps: number;
  total: number;
  /** As autocannon reports them (its histogram, whole ms; with a rate, its coordinated-omission correction). */
  reported: Latencies;
  /** Every 2xx response's own time from send to last byte, as autocannon measured it (fractional ms). */
  raw: Latencies;
  /** non-2xx + errors + timeouts + bodies without 报送进度. */
  failed: number;
  detail: string;
}

function percentiles(xs: number[]): Latencies {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.max(0, Math.ceil(p * s.length) - 1)] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s.at(-1) ?? NaN };
}

/**
 * One autocannon run. Note on `overallRate`: autocannon spreads it over the connections (200/20 =
 * 10 per connection) and each connection sends its share back to back at the start of every second,
 * then waits for the next second: the load arrives as one burst per second, not evenly.
 */
async function load(url: string, label: string, options: { connections: number; duration: number; overallRate?: number }): Promise<LoadResult> {
  const raw: number[] = [];
  const instance = autocannon({
    url: `${url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity('进度 2026Q3')),
    connections: options.connections,
    duration: options.duration,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    verifyBody: (body) => typeof body === 'string' && body.includes('报送进度'),
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client, status, _bytes, time) => {
    if (status >= 200 && status < 300) raw.push(time);
  });
  const r = await instance;
  return {
    label,
    rps: r.requests.total / r.duration,
    total: r.requests.total,
    reported: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    raw: percentiles(raw),
    failed: r.non2xx + r.errors + r.timeouts + r.mismatches,
    detail: `non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}, mismatched bodies ${r.mismatches}`,
  };
}

/**
 * An evenly paced load: request i is due at t0 + i/rate, sent on a keep-alive pool of
 * `connections` sockets, and its latency counts from when it was due (so a stalled server or a
 * full pool shows up as latency: no coordinated omission).
 */
async function paced(url: string, label: string, options: { connections: number; duration: number; rate: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const body = JSON.stringify(activity('进度 2026Q3'));
  const target = new URL('/api/messages', url);
  const latencies: number[] = [];
  let failed = 0;
  const one = (due: number): Promise<void> =>
    new Promise((resolve) => {
      const req = request(target, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === 200 && Buffer.concat(chunks).toString('utf8').includes('报送进度')) latencies.push(performance.now() - due);
          else failed++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  const total = options.rate * options.duration;
  const interval = 1000 / options.rate;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    pending.push(one(due));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const l = percentiles(latencies);
  return { label, rps: latencies.length / elapsed, total: latencies.length + failed, reported: l, raw: l, failed, detail: `${failed} failed` };
}

async function postWorkbook(url: string, token: string, data: Buffer): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': XLSX_TYPE }, body: data });
  const body = await res.text();
  const elapsed = performance.now() - t0;
  if (res.status !== 201) throw new BenchFailure(`POST /api/submissions answered ${res.status}: ${body.slice(0, 300)}`);
  return elapsed;
}

// ───────────────────────────── the parent ─────────────────────────────

interface Options {
  sizes: number[];
  runs: number;
  httpRuns: number;
  rate: number;
  duration: number;
  maxDuration: number;
  connections: number;
  profile: boolean;
  serverNodeArgs: string[];
  /** Step 3: institutions of the big workbook (0: skip), runs, and the /healthz interval (ms). */
  loadInstitutions: number;
  loadRuns: number;
  loadInterval: number;
}

async function parent(o: Options): Promise<void> {
  const cpu = cpus();
  console.log(`节能通机器人基准（node ${process.version}，${process.platform}/${process.arch}，${cpu.length} 个 CPU：${cpu[0]?.model ?? '?'}，内存 ${(totalmem() / 2 ** 30).toFixed(1)} GB）`);
  console.log(`注意：压测工具（autocannon）与服务子进程在同一台机器上争用 ${cpu.length} 个 CPU。\n`);

  // 1. intake
  console.log(`一、报表受理 intake()（真实 lowdb 存储；每种规模在独立子进程中：预热 1 次，计时 ${o.runs} 次，每次都存为新版本）`);
  const intakes: IntakeResult[] = [];
  for (const n of o.sizes) {
    const r = runIntakeChild(n, o.runs);
    intakes.push(r);
    console.log(
      `  ${n} 个单位（${(r.bytes / 1024).toFixed(0)} KB，${r.status}，${r.issues} 条提示）：中位数 ${ms(median(r.runs))} ms，` +
        `最小 ${ms(Math.min(...r.runs))}，最大 ${ms(Math.max(...r.runs))}（预热 ${ms(r.warmupMs)}；各次：${r.runs.map(ms).join(', ')}）`,
    );
    console.log(`    其中单独计时：读取 .xlsx ${ms(r.readMs)} ms，校验与指标 ${ms(r.analyzeMs)} ms，其余（识别、存储、快照）约 ${ms(Math.max(0, median(r.runs) - r.readMs - r.analyzeMs))} ms；峰值 RSS ${r.maxRssMb.toFixed(0)} MB`);
  }

  // 2. the server
  const dataDir = mkdtempSync(join(tmpdir(), 'jieneng-bench-server-'));
  const profileDir = o.profile ? join(here, 'out', 'prof') : null;
  let server: ServerChild | null = null;
  const loads: LoadResult[] = [];
  const http: { institutions: number; runs: number[] }[] = [];
  const underLoad: (IntakeLoadRun & { l: Latencies })[] = [];
  try {
    server = await startServerChild(dataDir, profileDir, o.serverNodeArgs);
    const { url, inviteCode, token } = server.info;
    console.log(`\n二、服务子进程已启动：${url}（含演示数据播种 ${(server.info.startMs / 1000).toFixed(1)} s${profileDir ? `；CPU 剖析写入 ${profileDir}` : ''}）`);

    await postMessage(url, `绑定 ${inviteCode}`, '绑定成功');
    const sample = await postMessage(url, '进度 2026Q3', '报送进度');
    console.log(`  已绑定督导员；“进度 2026Q3”单次应答 200，含“报送进度”（应答 ${Buffer.byteLength(sample)} 字节）`);

    await load(url, 'warm-up', { connections: o.connections, duration: 3 }); // JIT and connection set-up, not reported
    console.log(`  /api/messages “进度 2026Q3”（连接数 ${o.connections}，预热 3 s 不计；延迟单位 ms）：`);
    const fixed = await load(url, `(a) autocannon 固定 ${o.rate} req/s，${o.duration} s`, { connections: o.connections, duration: o.duration, overallRate: o.rate });
    const even = await paced(url, `(a') 均匀 ${o.rate} req/s，${o.duration} s`, { connections: o.connections, duration: o.duration, rate: o.rate });
    const open = await load(url, `(b) autocannon 不限速，${o.maxDuration} s`, { connections: o.connections, duration: o.maxDuration });
    loads.push(fixed, even, open);
    const f = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
    const lat = (l: Latencies): string[] => [f(l.p50), f(l.p90), f(l.p99), f(l.max)];
    table(
      ['运行', '延迟口径', 'req/s', '请求数', 'p50', 'p90', 'p99', 'max', '失败'],
      [
        [fixed.label, 'autocannon 报告', fixed.rps.toFixed(0), String(fixed.total), ...lat(fixed.reported), String(fixed.failed)],
        ['', '逐请求实测', '', '', ...lat(fixed.raw), ''],
        [even.label, '自计划发出时刻起', even.rps.toFixed(0), String(even.total), ...lat(even.raw), String(even.failed)],
        [open.label, 'autocannon 报告', open.rps.toFixed(0), String(open.total), ...lat(open.reported), String(open.failed)],
        ['', '逐请求实测', '', '', ...lat(open.raw), ''],
      ],
      [0, 1],
    );
    console.log(`  说明：autocannon 的 overallRate 按连接平分（每连接 ${(o.rate / o.connections).toFixed(0)} 次/秒），每秒开头把当秒的请求连发出去，负载是每秒一阵的突发；`);
    console.log('  带速率时它报告的直方图还按“期望间隔” ceil(1/rate) = 1 ms 补了协调遗漏样本，所以另列逐请求实测值。');
    console.log(`  (a') 由本脚本均匀发送（每 ${(1000 / o.rate).toFixed(1)} ms 一个，${o.connections} 个长连接），延迟从计划发出时刻算起。`);

    if (o.sizes.length > 0) console.log(`\n  经 HTTP 提交 POST /api/submissions（同样的 .xlsx 字节，县令牌；预热 1 次，计时 ${o.httpRuns} 次，客户端计时）：`);
    for (const n of o.sizes) {
      const data = await workbook(n);
      await postWorkbook(url, token, data);
      const runs: number[] = [];
      for (let i = 0; i < o.httpRuns; i++) runs.push(await postWorkbook(url, token, data));
      http.push({ institutions: n, runs });
      const direct = intakes.find((r) => r.institutions === n);
      const overhead = direct ? `，与直接调用 intake() 的中位数相差 ${median(runs) >= median(direct.runs) ? '+' : ''}${ms(median(runs) - median(direct.runs))} ms` : '';
      console.log(`    ${n} 个单位：中位数 ${ms(median(runs))} ms，最小 ${ms(Math.min(...runs))}，最大 ${ms(Math.max(...runs))}${overhead}（各次：${runs.map(ms).join(', ')}）`);
    }
    if (o.sizes.length > 0) console.log('    （服务在工作线程中读取与校验报表：线程在第一次提交时启动，预热那次也让它的 JIT 热起来；差值含 HTTP 和线程间传递的开销。）');

    if (o.loadInstitutions > 0) {
      const data = await workbook(o.loadInstitutions);
      console.log(
        `\n三、受理大报表期间的 GET /healthz（${o.loadInstitutions} 个单位，${(data.length / 1048576).toFixed(1)} MB .xlsx，POST /api/submissions；` +
          `每 ${o.loadInterval} ms 按计划发一次，不等前一次应答，延迟自计划时刻起；共 ${o.loadRuns} 次）：`,
      );
      for (let i = 0; i < o.loadRuns; i++) {
        const r = await intakeUnderLoad(url, token, data, o.loadInterval);
        const l = percentiles(r.healthz);
        underLoad.push({ ...r, l });
        console.log(
          `    第 ${i + 1} 次：受理 ${ms(r.intakeMs)} ms（${r.status}）；/healthz ${r.healthz.length} 次，p50 ${ms(l.p50)} / p99 ${ms(l.p99)} / max ${ms(l.max)} ms${r.failed > 0 ? `，失败 ${r.failed} 次` : ''}`,
        );
      }
      const m = (f: (x: (typeof underLoad)[number]) => number): string => ms(median(underLoad.map(f)));
      console.log(`    中位数：受理 ${m((x) => x.intakeMs)} ms；/healthz p50 ${m((x) => x.l.p50)} / p99 ${m((x) => x.l.p99)} / max ${m((x) => x.l.max)} ms`);
    }
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // summary
  console.log('\n汇总');
  const rows: string[][] = [];
  for (const r of intakes) {
    const m = median(r.runs);
    const met = r.institutions === 200 ? (m < INTAKE_TARGET_MS ? 'MET' : 'NOT MET') : '—';
    rows.push([`intake() ${r.institutions} 个单位`, `中位数 ${ms(m)} ms（${ms(Math.min(...r.runs))}–${ms(Math.max(...r.runs))}）`, r.institutions === 200 ? `< ${INTAKE_TARGET_MS} ms` : '—', met]);
  }
  for (const h of http) rows.push([`POST /api/submissions ${h.institutions} 个单位`, `中位数 ${ms(median(h.runs))} ms`, '—', '—']);
  const [fixed, even, open] = loads;
  if (fixed) {
    rows.push([`进度 autocannon 固定 ${o.rate} req/s（报告值）`, `实际 ${fixed.rps.toFixed(0)} req/s，p50 ${fixed.reported.p50} / p90 ${fixed.reported.p90} / p99 ${fixed.reported.p99} / max ${fixed.reported.max} ms`, `p99 < ${P99_TARGET_MS} ms`, verdict(fixed.reported.p99)]);
    rows.push([`  同上，逐请求实测`, `p50 ${fixed.raw.p50.toFixed(1)} / p90 ${fixed.raw.p90.toFixed(1)} / p99 ${fixed.raw.p99.toFixed(1)} / max ${fixed.raw.max.toFixed(1)} ms`, `p99 < ${P99_TARGET_MS} ms`, verdict(fixed.raw.p99)]);
  }
  if (even) rows.push([`进度 均匀 ${o.rate} req/s`, `实际 ${even.rps.toFixed(0)} req/s，p50 ${even.raw.p50.toFixed(1)} / p90 ${even.raw.p90.toFixed(1)} / p99 ${even.raw.p99.toFixed(1)} / max ${even.raw.max.toFixed(1)} ms`, `p99 < ${P99_TARGET_MS} ms`, verdict(even.raw.p99)]);
  if (open) rows.push(['进度 不限速（最大吞吐）', `${open.rps.toFixed(0)} req/s，p50 ${open.reported.p50} / p99 ${open.reported.p99} ms（逐请求 ${open.raw.p50.toFixed(1)} / ${open.raw.p99.toFixed(1)}）`, '—', '—']);
  if (underLoad.length > 0) {
    const p99 = median(underLoad.map((x) => x.l.p99));
    rows.push([
      `/healthz 受理 ${o.loadInstitutions} 个单位期间（${underLoad.length} 次中位数）`,
      `p99 ${ms(p99)} ms，max ${ms(median(underLoad.map((x) => x.l.max)))} ms；受理 ${ms(median(underLoad.map((x) => x.intakeMs)))} ms`,
      `p99 < ${P99_TARGET_MS} ms`,
      verdict(p99),
    ]);
  }
  table(['项目', '实测', '目标', '结果'], rows, [0, 1, 2, 3]);

  const bad = loads.filter((l) => l.failed > 0);
  if (bad.length > 0) throw new BenchFailure(`load runs had failed requests: ${bad.map((l) => `${l.label}: ${l.detail}`).join('; ')}`);
  const failedPings = underLoad.reduce((n, x) => n + x.failed, 0);
  if (failedPings > 0) throw new BenchFailure(`${failedPings} /healthz pings failed during the big intakes`);
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    institutions: { type: 'string' },
    sizes: { type: 'string', default: '200,2000' },
    runs: { type: 'string', default: '7' },
    'http-runs': { type: 'string', default: '5' },
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '15' },
    'max-duration': { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false },
    'server-node-args': { type: 'string', default: '' },
    'load-institutions': { type: 'string', default: '20000' },
    'load-runs': { type: 'string', default: '3' },
    'load-interval': { type: 'string', default: '5' },
  },
});
if (values.child === 'intake') {
  await intakeChild(Number(values.institutions), Number(values.runs));
} else {
  try {
    await parent({
      sizes: values.sizes!.split(',').filter((x) => x !== '').map(Number),
      runs: Number(values.runs),
      httpRuns: Number(values['http-runs']),
      rate: Number(values.rate),
      duration: Number(values.duration),
      maxDuration: Number(values['max-duration']),
      connections: Number(values.connections),
      profile: values.profile!,
      serverNodeArgs: values['server-node-args']!.split(' ').filter((a) => a !== ''),
      loadInstitutions: Number(values['load-institutions'] || 0),
      loadRuns: Number(values['load-runs']),
      loadInterval: Number(values['load-interval']),
    });
  } catch (err) {
    console.error(`\n基准运行失败：${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

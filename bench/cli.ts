/**
 * Command-line benchmark (`npm run bench:cli`): how long a user waits for `jieneng`, measured as
 * the user runs it — `node bin/jieneng.js …` on the compiled dist/ (the npm script builds first),
 * each run a fresh process. Times `--help`, `validate` of a 60-institution sample, and a bare
 * exceljs read of the same file (a process that only loads exceljs and reads the workbook with
 * `Workbook.xlsx.readFile`); the commands run in turn, round after round, so load on the machine
 * falls on all of them alike. Prints medians and the ratio validate ÷ bare read.
 * Targets: validate ≤ 1.3 × the bare read; `--help` ≤ 0.25 s.
 *
 *   npm run bench:cli
 *   npm run bench:cli -- --runs 21 --sizes 60,2000
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { displayWidth, padEnd } from '../shared/report/text.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'jieneng.js');
const outDir = join(root, 'bench', 'out');

interface Case {
  label: string;
  args: string[];
  /** Exit codes that mean the run did what it should. */
  ok: number[];
}

const BARE_READ = "new (require('exceljs').Workbook)().xlsx.readFile(process.argv[1]).catch((e) => { console.error(e); process.exit(1); })";

function time(c: Case): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, c.args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status === null || !c.ok.includes(r.status)) throw new Error(`${c.label} failed (exit ${r.status}): ${r.stderr}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function sample(n: number): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `cli-${n}.xlsx`);
  if (!existsSync(file)) {
    const r = spawnSync(process.execPath, [bin, 'sample', '--county', '泽州县', '--period', '2026Q3', '--institutions', String(n), '--seed', '7', '--out', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`jieneng sample failed: ${r.stderr}`);
  }
  return file;
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, sizes: { type: 'string', default: '60' } } });
const runs = Number(values.runs);
const sizes = values.sizes!.split(',').map(Number);
if (!existsSync(join(root, 'dist', 'bot', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first');

const cases: Case[] = [
  { label: 'node -e 0（Node 本身的启动）', args: ['-e', '0'], ok: [0] },
  { label: 'jieneng --help', args: [bin, '--help'], ok: [0] },
];
const pairs: { n: number; validate: Case; bare: Case; bytes: number }[] = [];
for (const n of sizes) {
  const file = sample(n);
  const validate: Case = { label: `jieneng validate（${n} 个单位）`, args: [bin, 'validate', file], ok: [0] };
  const bare: Case = { label: `exceljs 只读取（${n} 个单位）`, args: ['-e', BARE_READ, file], ok: [0] };
  cases.push(validate, bare);
  pairs.push({ n, validate, bare, bytes: statSync(file).size });
}

console.log(`节能通命令行基准（node ${process.version}，node bin/jieneng.js 运行 dist/；每项 ${runs} 次取中位数，各项轮流运行，每次一个新进程）`);
for (const c of cases) time(c); // warm the file cache
const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
for (let i = 0; i < runs; i++) for (const c of cases) times.get(c)!.push(time(c));

const ms = (c: Case): number => median(times.get(c)!);
const width = Math.max(...cases.map((c) => displayWidth(c.label))) + 4;
for (const c of cases) {
  const xs = times.get(c)!;
  console.log(`  ${padEnd(c.label, width)}${ms(c).toFixed(0).padStart(6)} ms（${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}）`);
}
const help = ms(cases[1]!) / 1000;
console.log('');
console.log(`--help：${help.toFixed(3)} s（目标 ≤ 0.25 s）${help <= 0.25 ? '达标' : '未达标'}`);
for (const p of pairs) {
  const perRun = times.get(p.validate)!.map((v, i) => v / times.get(p.bare)![i]!);
  const ratio = ms(p.validate) / ms(p.bare);
  const target = p.n === 60 ? `（目标 ≤ 1.3）${ratio <= 1.3 ? '达标' : '未达标'}` : '';
  console.log(`validate ÷ exceljs 只读取，${p.n} 个单位（${(p.bytes / 1024).toFixed(0)} KB）：${ratio.toFixed(2)}${target}；逐轮比值中位数 ${median(perRun).toFixed(2)}`);
}

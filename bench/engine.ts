/**
 * Engine benchmark (`npm run bench`). For workbooks of 1k, 10k and 100k institutions with every
 * sheet filled, times (a) reading the .xlsx into the table model alone and (b) read + validate +
 * indicators, each in a fresh child process so peak memory (max RSS) is per run. Prints rows/s,
 * the ratio b/a and peak memory. Target: b/a ≤ 1.3 at 100k, memory growing linearly.
 *
 * Then the same data as other programs save it (issue 8, item 17): the 10k workbook written the
 * way openpyxl and Excel/WPS write one (inline strings with character references, shared strings
 * after the sheets, a style on every cell, no r attributes), each read against our own writer's
 * file in the same run. Target: time and peak memory within 1.3× of our own file.
 *
 *   npm run bench                     all sizes
 *   npm run bench -- --sizes 1000,10000 --repeat 3 --producers 10000
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JINCHENG } from '../shared/counties.js';
import { analyzeWorkbook } from '../shared/engine.js';
import { generateSample } from '../shared/sample/generate.js';
import { readXlsxFile } from '../bot/xlsx/read.js';
import { writeXlsx } from '../bot/xlsx/write.js';
import { guideSheet } from '../shared/template/blank.js';
import { EXCEL_STYLE, OPENPYXL_STYLE, otherProducerXlsx, type ProducerStyle } from '../test/bot/xlsx/other-producer.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, 'out');

interface RunResult {
  mode: 'read' | 'full';
  ms: number;
  /** CPU time of the run (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
  rows: number;
  maxRssMb: number;
  /** Heap still in use after a full GC, with the workbook (and analysis) alive. */
  retainedMb: number;
  errors?: number;
}

async function child(mode: 'read' | 'full', file: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const input = await readXlsxFile(file);
  const analysis = mode === 'full' ? analyzeWorkbook(input) : undefined;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rows = input.sheets.reduce((s, sh) => s + sh.rows.length, 0);
  (globalThis as { gc?: () => void }).gc?.();
  const retainedMb = process.memoryUsage().heapUsed / 1048576;
  const result: RunResult = { mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, maxRssMb: process.resourceUsage().maxRSS / 1024, retainedMb, errors: analysis?.summary.errors };
  process.stdout.write(JSON.stringify(result));
}

async function ensureWorkbook(n: number): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${n}.xlsx`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    const county = JINCHENG.counties[4]!;
    await writeXlsx(generateSample({ county, period: { year: 2026, quarter: 3 }, institutions: n, seed: 42 }), file);
    process.stderr.write(`  生成 ${file}（${(statSync(file).size / 1e6).toFixed(1)} MB，${((performance.now() - t0) / 1000).toFixed(1)} s）\n`);
  }
  return file;
}

const PRODUCERS: [string, ProducerStyle][] = [
  ['openpyxl', OPENPYXL_STYLE],
  ['Excel/WPS', EXCEL_STYLE],
  ['无 r 属性', { strings: 'inline', cellRefs: false, dimension: false }],
];

/** The same sample as ensureWorkbook(n), written the way another program saves it. */
async function ensureOtherWorkbook(n: number, index: number): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${n}-producer${index}.xlsx`);
  if (!existsSync(file)) {
    const county = JINCHENG.counties[4]!;
    const sample = generateSample({ county, period: { year: 2026, quarter: 3 }, institutions: n, seed: 42 });
    writeFileSync(file, await otherProducerXlsx({ sheets: [guideSheet(JINCHENG), ...sample.sheets] }, PRODUCERS[index]![1]));
    process.stderr.write(`  生成 ${file}（${PRODUCERS[index]![0]}，${(statSync(file).size / 1e6).toFixed(1)} MB）\n`);
  }
  return file;
}

/** Reading our own writer's file against the same data as other programs save it, alternated in one run. */
async function producers(sizes: number[], repeat: number): Promise<void> {
  console.log(`\n其他程序保存的同一数据（读取，各重复 ${repeat} 次取中位数，与本程序写出的文件交替运行）`);
  const header = ['单位数', '写出方', '文件(MB)', '读取(s)', 'CPU(s)', '峰值RSS(MB)', '时间比', 'CPU比', '内存比'];
  const rows: string[][] = [];
  for (const n of sizes) {
    const files = [await ensureWorkbook(n), ...(await Promise.all(PRODUCERS.map((_p, i) => ensureOtherWorkbook(n, i))))];
    const runs: RunResult[][] = files.map(() => []);
    for (let i = 0; i < repeat; i++) files.forEach((f, k) => runs[k]!.push(run('read', f)));
    const ms = runs.map((rs) => median(rs.map((r) => r.ms)));
    const cpu = runs.map((rs) => median(rs.map((r) => r.cpuMs)));
    const rss = runs.map((rs) => median(rs.map((r) => r.maxRssMb)));
    files.forEach((f, k) => {
      rows.push([
        String(n),
        k === 0 ? '本程序（exceljs）' : PRODUCERS[k - 1]![0],
        (statSync(f).size / 1e6).toFixed(1),
        (ms[k]! / 1000).toFixed(2),
        (cpu[k]! / 1000).toFixed(2),
        rss[k]!.toFixed(0),
        k === 0 ? '1' : (ms[k]! / ms[0]!).toFixed(2),
        k === 0 ? '1' : (cpu[k]! / cpu[0]!).toFixed(2),
        k === 0 ? '1' : (rss[k]! / rss[0]!).toFixed(2),
      ]);
    });
  }
  const widths = header.map((h, i) => Math.max(h.length + 2, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padStart(widths[i]!)).join(' '));
  console.log('目标：其他程序保存的文件，读取时间和峰值内存都不超过本程序所写文件的 1.3 倍。');
}

function run(mode: 'read' | 'full', file: string): RunResult {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, '--file', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`benchmark child failed (${mode} ${file}): ${r.stderr}`);
  return JSON.parse(r.stdout) as RunResult;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

async function parent(sizes: number[], repeat: number): Promise<void> {
  console.log(`节能通引擎基准（node ${process.version}，每项重复 ${repeat} 次取中位数；a、b 交替运行，各在独立子进程中）`);
  const rows: string[][] = [];
  let previous: { n: number; retained: number } | null = null;
  for (const n of sizes) {
    const file = await ensureWorkbook(n);
    const reads: RunResult[] = [];
    const fulls: RunResult[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const a = run('read', file);
      const b = run('full', file);
      if (b.errors !== 0) throw new Error(`sample workbook of ${n} has ${b.errors} errors`);
      reads.push(a);
      fulls.push(b);
      ratios.push(b.ms / a.ms);
    }
    const a = median(reads.map((r) => r.ms));
    const b = median(fulls.map((r) => r.ms));
    const rowCount = reads[0]!.rows;
    const rssA = Math.max(...reads.map((r) => r.maxRssMb));
    const rssB = Math.max(...fulls.map((r) => r.maxRssMb));
    const retained = median(fulls.map((r) => r.retainedMb));
    const marginal = previous ? ((retained - previous.retained) / (n - previous.n)) * 1000 : null;
    previous = { n, retained };
    rows.push([
      String(n),
      String(rowCount),
      (a / 1000).toFixed(2),
      Math.round(rowCount / (a / 1000)).toString(),
      (b / 1000).toFixed(2),
      Math.round(rowCount / (b / 1000)).toString(),
      median(ratios).toFixed(3),
      rssA.toFixed(0),
      rssB.toFixed(0),
      retained.toFixed(0),
      marginal === null ? '—' : marginal.toFixed(2),
    ]);
    console.log(`  ${n} 个单位完成：b/a = ${median(ratios).toFixed(3)}（各次：${ratios.map((r) => r.toFixed(3)).join(', ')}）`);
  }
  const header = ['单位数', '总行数', 'a 读取(s)', 'a 行/秒', 'b 全流程(s)', 'b 行/秒', 'b/a', 'a 峰值RSS(MB)', 'b 峰值RSS(MB)', 'b 常驻堆(MB)', '每增千单位(MB)'];
  const widths = header.map((h, i) => Math.max(h.length + 2, ...rows.map((r) => r[i]!.length)));
  console.log('');
  for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padStart(widths[i]!)).join(' '));
  console.log('\n常驻堆：完整 GC 后仍在用的堆（工作簿和校验结果都在），即数据模型本身的大小。');
  console.log('目标：100k 单位时 b/a ≤ 1.3；内存随单位数线性增长（末列“每增千单位”大致不变）。');
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    file: { type: 'string' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    repeat: { type: 'string', default: '3' },
    producers: { type: 'string', default: '10000' },
  },
});
if (values.child) {
  await child(values.child as 'read' | 'full', values.file!);
} else {
  await parent(values.sizes!.split(',').filter(Boolean).map(Number), Number(values.repeat));
  const producerSizes = values.producers!.split(',').filter(Boolean).map(Number);
  if (producerSizes.length > 0) await producers(producerSizes, Number(values.repeat));
}

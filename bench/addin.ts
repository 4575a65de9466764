/**
 * Add-in benchmark (`npm run bench:addin`): the Excel gateway and the engine on the fake Excel,
 * as the task pane's 校验 runs them (read the workbook, validate, write the marks and 校验结果),
 * on sample workbooks with planted mistakes at 60, 2,000 and 20,000 institutions. Prints, per
 * size, the requests (syncs), the largest request and response in bytes, all bytes moved and the
 * time (median of the runs). Budgets (issue 9): ≤ 3 syncs to read and ≤ 3 to write up to 2,000
 * institutions; every request and response under 4 MB (Excel on the web refuses 5 MB).
 *
 *   npm run bench:addin
 *   npm run bench:addin -- --format json --runs 5 --sizes 60,2000
 */
import { parseArgs } from 'node:util';
import { ExcelHost } from '../addin/excel/host.js';
import { summaryText } from '../addin/taskpane/pane.js';
import { analyzeWorkbook } from '../shared/engine.js';
import { padEnd } from '../shared/report/text.js';
import { TEMPLATE_V1 } from '../shared/template/v1.js';
import { createFakeOffice, FakeBook, installGlobals } from '../test/addin/fake-excel/index.js';
import { plantedWorkbook } from '../test/addin/planted.js';

interface Row {
  institutions: number;
  syncs: number;
  readSyncs: number;
  writeSyncs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  totalBytes: number;
  ms: number;
}

const { values } = parseArgs({ options: { format: { type: 'string', default: 'text' }, runs: { type: 'string', default: '3' }, sizes: { type: 'string', default: '60,2000,20000' } } });
const runs = Math.max(1, Number(values.runs));
const sizes = String(values.sizes).split(',').map(Number);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function once(institutions: number): Promise<Row> {
  const { input } = plantedWorkbook(institutions);
  const fake = createFakeOffice(FakeBook.fromWorkbookInput(input), { apiVersion: '1.18' });
  const restore = installGlobals(fake);
  try {
    const host = new ExcelHost();
    const t0 = performance.now();
    const read = await host.readTemplate(TEMPLATE_V1);
    const readSyncs = fake.stats().syncs;
    const analysis = analyzeWorkbook(read);
    await host.showCheck({
      marks: analysis.issues.map((i) => ({ sheet: i.sheet, cell: i.cell, severity: i.severity, text: i.message })),
      issues: analysis.issues,
      summary: summaryText(analysis.summary.errors, analysis.summary.warnings),
    });
    const ms = performance.now() - t0;
    const s = fake.stats();
    return { institutions, syncs: s.syncs, readSyncs, writeSyncs: s.syncs - readSyncs, maxRequestBytes: s.maxRequestBytes, maxResponseBytes: s.maxResponseBytes, totalBytes: s.totalBytes, ms };
  } finally {
    restore();
  }
}

const rows: Row[] = [];
for (const n of sizes) {
  const all: Row[] = [];
  for (let i = 0; i < runs; i++) all.push(await once(n));
  rows.push({ ...all[0]!, ms: Math.round(median(all.map((r) => r.ms))) });
}

if (values.format === 'json') {
  process.stdout.write(`${JSON.stringify(rows.map(({ institutions, syncs, maxRequestBytes, maxResponseBytes, totalBytes, ms }) => ({ institutions, syncs, maxRequestBytes, maxResponseBytes, totalBytes, ms })))}\n`);
} else {
  const head = ['单位数', '请求数（读+写）', '最大请求字节', '最大响应字节', '总字节', `用时 ms（${runs} 次中位数）`];
  const widths = [8, 16, 14, 14, 12, 20];
  console.log(head.map((h, i) => padEnd(h, widths[i]!)).join(''));
  for (const r of rows) {
    const cells = [String(r.institutions), `${r.syncs}（${r.readSyncs}+${r.writeSyncs}）`, r.maxRequestBytes.toLocaleString('en-US'), r.maxResponseBytes.toLocaleString('en-US'), r.totalBytes.toLocaleString('en-US'), String(r.ms)];
    console.log(cells.map((c, i) => padEnd(c, widths[i]!)).join(''));
  }
}

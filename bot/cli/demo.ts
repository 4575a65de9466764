/**
 * `jieneng demo` (and `npm start` until the server exists): sample workbooks for the six
 * counties, written, read back and checked, plus one workbook with mistakes to try validate on.
 */
import { join, relative } from 'node:path';
import type { Region } from '../../shared/counties.js';
import { analyzeWorkbook } from '../../shared/engine.js';
import { lastEndedQuarter, periodId, periodLabel, type Period } from '../../shared/period.js';
import { displayWidth, formatNumber, padEnd } from '../../shared/report/text.js';
import { generateSample } from '../../shared/sample/generate.js';
import type { CellValue, SheetInput, WorkbookInput } from '../../shared/table/sheet.js';
import { dataDir } from '../log.js';
import { readXlsxFile } from '../xlsx/read.js';
import { writeXlsx } from '../xlsx/write.js';
import type { Io } from './commands.js';
import { makeFolder, writeOutput } from './output.js';

function setCell(sheet: SheetInput | undefined, row: number, column: number, value: CellValue): void {
  const rows = sheet?.rows as CellValue[][] | undefined;
  if (rows?.[row - 1]) rows[row - 1]![column - 1] = value;
}

/** A copy of a sample with typical mistakes: a mistyped credit code, a missing value, text in a number column. */
function withMistakes(input: WorkbookInput): WorkbookInput {
  const copy: WorkbookInput = { sheets: input.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => (r ? [...r] : r)) })) };
  const sheet = (name: string) => copy.sheets.find((s) => s.name === name);
  const code = sheet('单位名录')?.rows[2]?.[0];
  if (typeof code === 'string') setCell(sheet('单位名录'), 3, 1, code.slice(0, 17) + (code[17] === '0' ? '1' : '0'));
  setCell(sheet('单位名录'), 4, 6, null);
  setCell(sheet('能源资源消费'), 5, 2, '约五万');
  setCell(sheet('基本信息'), 6, 2, '12345');
  return copy;
}

export async function runDemo(options: { period?: Period; dir?: string }, io: Io, region: Region): Promise<number> {
  const period = options.period ?? lastEndedQuarter(io.now());
  const dir = options.dir ?? join(dataDir(), 'demo');
  await makeFolder(dir);
  const show = (p: string): string => relative(process.cwd(), p) || p;

  io.out(`节能通演示：为${region.city}六个县（市、区）生成 ${periodLabel(period)} 的示例报表，读回并校验。\n`);
  const header = ['县（市、区）', '单位数', '错误', '警告', '综合能耗(tce)', '人均能耗(kgce)', '新能源车占比', '节水器具普及率'];
  const rows: string[][] = [];
  for (const [i, county] of region.counties.entries()) {
    const institutions = 20 + ((i * 17) % 40);
    const file = join(dir, `${county.name}-${periodId(period)}.xlsx`);
    await writeOutput(file, true, (sink) => writeXlsx(generateSample({ county, period, institutions, seed: i + 1 }), sink, { region }));
    const a = analyzeWorkbook(await readXlsxFile(file), { region });
    const value = (id: string, digits = 2): string => {
      const v = a.indicators.find((x) => x.id === id)?.value;
      return v === null || v === undefined ? '无数据' : formatNumber(v, digits);
    };
    rows.push([county.name, String(institutions), String(a.summary.errors), String(a.summary.warnings), value('energy.total_tce'), value('energy.per_capita_kgce'), `${value('vehicles.nev_share', 1)}%`, `${value('water.saving_fixture_rate', 1)}%`]);
  }
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]!))));
  for (const r of [header, ...rows]) io.out(r.map((cell, c) => padEnd(cell, widths[c]!)).join('  ').trimEnd());

  const broken = join(dir, `示例-有错误-${periodId(period)}.xlsx`);
  await writeOutput(broken, true, (sink) => writeXlsx(withMistakes(generateSample({ county: region.counties[0]!, period, institutions: 20, seed: 99 })), sink, { region }));
  io.out(
    [
      '',
      `报表已写入 ${show(dir)}。接下来可以试试：`,
      `  npm run -s jieneng -- validate "${show(broken)}"        # 一份有错误的报表：看逐单元格的中文提示`,
      `  npm run -s jieneng -- indicators "${show(join(dir, `${region.counties[4]?.name ?? region.counties[0]!.name}-${periodId(period)}.xlsx`))}"`,
      '  npm run -s jieneng -- template --out 模板.xlsx         # 空白模板',
      '  npm run -s jieneng -- --help                             # 全部命令',
    ].join('\n'),
  );
  return 0;
}

/** Readable Chinese reports of a validation and of indicators (the command line's text format). */
import type { Analysis, Validation } from '../engine.js';
import { targetLabel, type IndicatorResult } from '../indicators/definitions.js';
import { periodLabel } from '../period.js';
import { SHEET, TEMPLATE_V1 } from '../template/v1.js';
import type { Issue } from '../validation/issues.js';
import { groupIssues } from './groups.js';
import { ISSUES_PER_GROUP, selectIssues, type ReportOptions, type SelectedGroup } from './json.js';

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ? 2 : 1;
  }
  return w;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

export function formatNumber(value: number, digits = 2): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function heading(title: string, v: Validation, source?: string): string[] {
  const wb = v.workbook;
  const lines = [`节能通 · ${title}`];
  if (source) lines.push(`文件：${source}`);
  lines.push(`县（市、区）：${wb.county?.name ?? '（未识别）'}　报告期：${wb.period ? periodLabel(wb.period) : '（未识别）'}　模板：${TEMPLATE_V1.version}`);
  return lines;
}

export interface TextOptions extends ReportOptions {
  source?: string;
}

/** The listed issues of a group, then one line for the rest: "……同类问题另有 20 处未列出：F12–F31。" */
function groupLines<T extends Issue>(g: SelectedGroup<T>, line: (i: T) => string): string[] {
  const lines = g.listed.map(line);
  if (g.hidden.length > 0) lines.push(`  ……同类问题另有 ${g.hidden.length} 处未列出：${groupIssues(g.hidden)[0]!.cells}。`);
  return lines;
}

export function validationText(v: Validation, options: TextOptions = {}): string {
  const { errors, warnings } = v.summary;
  const lines = heading('报表校验结果', v, options.source);
  if (errors === 0 && warnings === 0) lines.push('结论：未发现问题，可以提交。');
  else if (errors === 0) lines.push(`结论：没有错误，可以提交；有 ${warnings} 个警告，请逐项核对。`);
  else lines.push(`结论：发现 ${errors} 个错误、${warnings} 个警告。有错误的报表不能提交，请按下列提示修改后重新校验。`);

  // Sheets in the engine's order; in each, its groups (errors first), each cut to `limit` issues.
  const limit = options.limit === undefined ? ISSUES_PER_GROUP : options.limit;
  const issues = selectIssues(v.issues, limit);
  const sheets = new Map<string, { errors: number; warnings: number; lines: string[] }>();
  for (const i of v.issues) {
    let s = sheets.get(i.sheet);
    if (!s) sheets.set(i.sheet, (s = { errors: 0, warnings: 0, lines: [] }));
    if (i.severity === 'error') s.errors++;
    else s.warnings++;
  }
  for (const g of issues.groups) {
    sheets.get(g.group.sheet)!.lines.push(...groupLines(g, (i) => `  [${i.severity === 'error' ? '错误' : '警告'}] ${i.message}`));
  }
  for (const [sheet, s] of sheets) lines.push('', `【${sheet}】错误 ${s.errors} 个，警告 ${s.warnings} 个`, ...s.lines);

  const explained = selectIssues(v.explained, limit);
  if (v.explained.length > 0) {
    lines.push('', `另有 ${v.explained.length} 处数据异常已在“异常说明”中说明，不计入警告：`);
    for (const g of explained.groups) lines.push(...groupLines(g, (x) => `  [已说明] ${x.sheet} ${x.cell}「${x.field}」：${x.explanation}`));
  }
  if (issues.listed.length < v.issues.length || explained.listed.length < v.explained.length) {
    lines.push('', `同一工作表、同一列的同类问题最多列出 ${limit} 条；加 --limit all 全部列出，或用 --limit 指定条数。`);
  }
  return lines.join('\n');
}

function valueText(r: IndicatorResult): string {
  if (r.value === null) return '无数据';
  return formatNumber(r.value, Number.isInteger(r.value) && r.unit !== '%' ? 0 : 2);
}

function passText(r: IndicatorResult): string {
  return r.pass === null ? '—' : r.pass ? '达标' : '未达标';
}

export function indicatorsText(a: Analysis, options: TextOptions = {}): string {
  const lines = heading('指标计算结果', a, options.source);
  lines.push(`系数：${a.coefficients.name}（版本 ${a.coefficients.version}）`);
  if (a.summary.errors > 0) lines.push(`注意：报表有 ${a.summary.errors} 个错误，以下指标仅供参考（可用 validate 命令查看错误）。`);
  // Without institutions every indicator is 无数据: say why, or the table reads as a blank report.
  const institutions = a.workbook.tables.get(SHEET.institutions);
  if (!institutions?.present || institutions.records.length === 0) {
    const why = institutions?.lookalike !== undefined
      ? `单位名录的数据在工作表“${institutions.lookalike}”中，名称与模板不符，未读取`
      : institutions?.present ? '单位名录中没有任何单位' : '工作簿中没有“单位名录”工作表';
    lines.push(`所有指标均为“无数据”：${why}，没有可汇总的数据。请在单位名录中逐行登记纳入统计的公共机构（工作表名称须与模板一致），并在“能源资源消费”中填报各单位本季度的消费量。`);
  }
  lines.push('');
  const rows = a.indicators.map((r) => [r.name, valueText(r), r.unit, targetLabel(r), passText(r)]);
  const header = ['指标', '数值', '单位', '目标', '是否达标'];
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]!))));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c === 1 ? padStart(cell, widths[c]!) : padEnd(cell, widths[c]!))).join('  ').trimEnd();
  lines.push(line(header), line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) lines.push(line(r));
  const missed = a.indicators.filter((r) => r.pass === false).map((r) => r.name);
  const judged = a.indicators.some((r) => r.pass !== null);
  lines.push('', missed.length ? `未达标：${missed.join('、')}。` : judged ? '有目标的指标均已达标（无数据的除外）。' : '有目标的指标均无数据，未作达标判断。');
  if (!a.historyUsed) lines.push('同比指标需要上年同期报表（--history 上年同期文件.xlsx），本次未计算。');
  return lines.join('\n');
}

/** Readable Chinese reports of a validation and of indicators (the command line's text format). */
import type { Analysis, Validation } from '../engine.js';
import { targetLabel, type IndicatorResult } from '../indicators/definitions.js';
import { periodLabel } from '../period.js';
import type { Issue } from '../validation/issues.js';
import { TEMPLATE_V1 } from '../template/v1.js';

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

export interface TextOptions {
  source?: string;
  /** Issues shown per sheet; 0 shows all. */
  limit?: number;
}

export function validationText(v: Validation, options: TextOptions = {}): string {
  const { errors, warnings } = v.summary;
  const lines = heading('报表校验结果', v, options.source);
  if (errors === 0 && warnings === 0) lines.push('结论：未发现问题，可以提交。');
  else if (errors === 0) lines.push(`结论：没有错误，可以提交；有 ${warnings} 个警告，请逐项核对。`);
  else lines.push(`结论：发现 ${errors} 个错误、${warnings} 个警告。有错误的报表不能提交，请按下列提示修改后重新校验。`);

  const bySheet = new Map<string, Issue[]>();
  for (const i of v.issues) bySheet.set(i.sheet, [...(bySheet.get(i.sheet) ?? []), i]);
  const limit = options.limit ?? 50;
  for (const [sheet, list] of bySheet) {
    const e = list.filter((i) => i.severity === 'error').length;
    lines.push('', `【${sheet}】错误 ${e} 个，警告 ${list.length - e} 个`);
    const shown = limit > 0 ? list.slice(0, limit) : list;
    for (const i of shown) lines.push(`  [${i.severity === 'error' ? '错误' : '警告'}] ${i.message}`);
    if (shown.length < list.length) lines.push(`  ……另有 ${list.length - shown.length} 条未显示（加 --limit 0 显示全部，或用 --format json）。`);
  }
  if (v.explained.length > 0) {
    lines.push('', `另有 ${v.explained.length} 处数据异常已在“异常说明”中说明，不计入警告：`);
    for (const x of v.explained.slice(0, limit > 0 ? limit : undefined)) lines.push(`  [已说明] ${x.sheet} ${x.cell}「${x.field}」：${x.explanation}`);
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

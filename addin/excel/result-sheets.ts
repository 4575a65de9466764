/// <reference types="office-js" />
/**
 * The sheets the add-in writes: 校验结果 (every issue, each row linking to its cell) and 指标汇总
 * (indicators against targets, 达标/未达标 by conditional format on exactly the rows written, and
 * a chart). Both are rewritten whole on each run. Text from the workbook goes in as values into
 * cells formatted as text ("@"), so a value like "=HYPERLINK(…)" typed by a user stays text; the
 * only formulas are the links, built from escaped sheet names and addresses.
 */
import { INDICATOR_SHEET, RESULT_SHEET } from '../../shared/template/blank.js';
import { targetLabel, type IndicatorResult } from '../../shared/indicators/definitions.js';
import type { Issue } from '../../shared/validation/issues.js';
import { quoteSheet } from './addresses.js';
import type { Batch} from './batch.js';
import { chunkBy, jsonBytes } from './batch.js';

const ISSUE_HEADERS = ['序号', '严重程度', '工作表', '单元格', '列（项目）', '原值', '说明'];
const ROW_FORMATS = ['0', '@', '@', 'General', '@', '@', '@'] as const;
const FORMAT_ROW_BYTES = jsonBytes([...ROW_FORMATS]) + 1;

/** A text that Excel would take for a formula when written as a value, made plain text. */
export function plainText(text: string): string {
  return /^[=+\-@\t\r]/u.test(text) ? `'${text}` : text;
}

/**
 * =HYPERLINK("#'Sheet'!A1","Sheet!A1"): a link to a cell of this workbook, quotes doubled inside
 * the string. `sheet` is the sheet's name in the workbook ("单位名录 " with its stray space), `label` the template's.
 */
export function cellLink(sheet: string, cell: string, label = sheet): string {
  const target = `#${quoteSheet(sheet)}!${cell}`.replace(/"/gu, '""');
  const shown = `${label}!${cell}`.replace(/"/gu, '""');
  return `=HYPERLINK("${target}","${shown}")`;
}

/** Deletes the sheet if it is there (queued), and adds it fresh: one request with what follows. */
async function freshSheet(context: Excel.RequestContext, name: string): Promise<Excel.Worksheet> {
  const old = context.workbook.worksheets.getItemOrNullObject(name);
  old.load('isNullObject');
  await context.sync();
  if (!old.isNullObject) old.delete();
  return context.workbook.worksheets.add(name);
}

/** Queues the 校验结果 sheet on `batch` (the existence check costs one request when none is pending). */
export async function writeIssueSheet(
  context: Excel.RequestContext,
  batch: Batch,
  issues: readonly Issue[],
  summary: string,
  existing: boolean,
  /** The workbook's name of a template sheet (they may differ by spaces or full-width forms). */
  sheetName: (templateName: string) => string = (n) => n,
): Promise<void> {
  let sheet: Excel.Worksheet;
  if (existing) {
    const old = context.workbook.worksheets.getItem(RESULT_SHEET);
    await batch.add(60, () => old.delete());
  }
  await batch.add(60, () => {
    sheet = context.workbook.worksheets.add(RESULT_SHEET);
  });
  await batch.add(400, () => {
    sheet.getRange('A1').values = [[plainText(summary)]];
    sheet.getRange('A1').format.font.bold = true;
    const head = sheet.getRange('A2:G2');
    head.values = [ISSUE_HEADERS];
    head.format.font.bold = true;
    head.format.fill.color = '#DDEBF7';
  });
  const rows = issues.map((i, n) => ({
    values: [n + 1, i.severity === 'error' ? '错误' : '警告', plainText(i.sheet), '', plainText(i.field ?? ''), plainText(i.value === null ? '' : String(i.value)), plainText(i.message)],
    link: cellLink(sheetName(i.sheet), i.cell, i.sheet),
  }));
  // A row costs its values, its number formats and its link formula, each a JSON array in the request.
  const rowBytes = (r: (typeof rows)[number]): number => jsonBytes(r.values) + FORMAT_ROW_BYTES + jsonBytes(r.link) + 12;
  let at = 3;
  for (const part of chunkBy(rows, rowBytes, 1_000_000)) {
    const first = at;
    const bytes = part.reduce((n, r) => n + rowBytes(r), 600);
    await batch.add(bytes, () => {
      const block = sheet.getRange(`A${first}:G${first + part.length - 1}`);
      block.numberFormat = part.map(() => [...ROW_FORMATS]);
      block.values = part.map((r) => r.values);
      sheet.getRange(`D${first}:D${first + part.length - 1}`).formulas = part.map((r) => [r.link]);
    });
    at += part.length;
  }
  await batch.add(200, () => {
    sheet.getRange('A:F').format.autofitColumns();
    sheet.getRange('G:G').format.columnWidth = 480;
    sheet.freezePanes.freezeRows(2);
  });
}

export function indicatorValue(r: IndicatorResult): number | string {
  return r.value === null ? '无数据' : Math.round(r.value * 100) / 100;
}

/** 指标汇总: one row per indicator, 达标/未达标 coloured by conditional format, a chart of the % indicators against their targets. */
export async function writeIndicatorSheet(context: Excel.RequestContext, results: readonly IndicatorResult[], heading: string, charts: boolean): Promise<void> {
  const sheet = await freshSheet(context, INDICATOR_SHEET);
  const last = results.length + 2;
  sheet.getRange('A1').values = [[plainText(heading)]];
  sheet.getRange('A1').format.font.bold = true;
  const head = sheet.getRange('A2:E2');
  head.values = [['指标', '数值', '单位', '目标', '达标情况']];
  head.format.font.bold = true;
  head.format.fill.color = '#DDEBF7';
  if (results.length > 0) {
    const body = sheet.getRange(`A3:E${last}`);
    body.numberFormat = results.map(() => ['@', '0.00', '@', '@', '@']);
    body.values = results.map((r) => [r.name, indicatorValue(r), r.unit, targetLabel(r), r.pass === null ? '—' : r.pass ? '达标' : '未达标']);
    const state = sheet.getRange(`E3:E${last}`);
    for (const [text, fill, font] of [['未达标', '#FFC7CE', '#9C0006'], ['达标', '#C6EFCE', '#006100']] as const) {
      const cf = state.conditionalFormats.add(Excel.ConditionalFormatType.containsText);
      cf.textComparison.format.fill.color = fill;
      cf.textComparison.format.font.color = font;
      cf.textComparison.rule = { operator: text === '达标' ? Excel.ConditionalTextOperator.beginsWith : Excel.ConditionalTextOperator.contains, text };
    }
  }
  // The chart: % indicators with a numeric target, value and target side by side.
  const percent = results.filter((r) => r.unit === '%' && r.target !== null);
  if (charts && percent.length > 0) {
    const top = last + 2;
    const table = sheet.getRange(`G${top}:I${top + percent.length}`);
    table.values = [['指标', '数值', '目标'], ...percent.map((r) => [r.name, r.value ?? 0, r.target ?? 0])];
    const chart = sheet.charts.add(Excel.ChartType.columnClustered, table, Excel.ChartSeriesBy.columns);
    chart.title.text = '指标与目标（%）';
    chart.setPosition(`A${last + 2}`, `F${last + 20}`);
  }
  sheet.getRange('A:E').format.autofitColumns();
  sheet.freezePanes.freezeRows(2);
  sheet.activate();
  await context.sync();
}

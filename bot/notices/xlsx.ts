/**
 * The notice's attachment as .xlsx: 排名 (the rank table with points by part and each county's
 * state), 指标 (every indicator of every county's counted submission, names and units from
 * INDICATORS, a 目标 row under the header, missed targets shaded) and 说明 (what the file is).
 *
 * Text that comes from users or configuration (county names, the issuer, the document number) is
 * written only through `textCell`: a string cell (t="s"), which Excel, WPS and LibreOffice show as
 * typed and never evaluate, so "=HYPERLINK(…)" or "=cmd|…" stays text. exceljs turns a JS string
 * into a string cell and makes a formula only from { formula }, which this module never writes.
 */
import type * as X from 'exceljs';
import { INDICATORS, meets, targetLabel, type IndicatorDefinition } from '../../shared/indicators/definitions.js';
import type { NoticeContent } from '../../shared/notice/content.js';
import { NOTICE_STATE_LABEL } from '../../shared/notice/format.js';
import { DRAFT_MARKER } from '../../shared/notice/text.js';
import { shanghaiTime } from '../../shared/schedule/calendar.js';
import ExcelJS from '../xlsx/exceljs.js';
import { collected } from '../xlsx/write.js';

/** A county's counted indicators; null or absent when it has none. */
export type IndicatorsByCounty = Readonly<Record<string, Readonly<Record<string, number | null>> | null | undefined>>;

const HEADER_FILL: X.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TARGET_FILL: X.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const MISSED_FILL: X.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const MISSED_FONT: Partial<X.Font> = { color: { argb: 'FF9C0006' } };
const HEADER_STYLE = { font: { bold: true }, fill: HEADER_FILL, alignment: { vertical: 'middle', horizontal: 'center', wrapText: true } } as const;

export const POINTS_FORMAT = '0.00';
const COUNT_UNITS = new Set(['家', '个', '台']);

/** Number format of an indicator: whole numbers for counts, two decimals (thousands grouped) otherwise. */
export function indicatorFormat(unit: string): string {
  return COUNT_UNITS.has(unit) ? '0' : '#,##0.00';
}

/**
 * The only way user or configuration text enters a cell: always a JS string, so always a string
 * cell. Records come from JSON (the store, a published notice); a value that is not a string at run
 * time, whatever its type says ({ formula: … } would make exceljs write a formula), is stringified.
 */
function textCell(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** Numbers likewise: a finite number or an empty cell. */
function numberCell(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function styleHeader(row: X.Row): void {
  row.eachCell((cell) => {
    cell.font = HEADER_STYLE.font;
    cell.fill = HEADER_STYLE.fill;
    cell.alignment = HEADER_STYLE.alignment;
  });
  row.height = 32;
}

function rankSheet(wb: X.stream.xlsx.WorkbookWriter, c: NoticeContent): void {
  const ws = wb.addWorksheet('排名', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [
    { width: 6, style: { alignment: { horizontal: 'center' } } },
    { width: 16 },
    { width: 9, style: { numFmt: POINTS_FORMAT } },
    ...c.parts.map(() => ({ width: 11, style: { numFmt: POINTS_FORMAT } })),
    { width: 22 },
  ];
  const header = ws.addRow(['名次', '县（市、区）', `总分（${c.parts.reduce((s, p) => s + p.max, 0)}分）`, ...c.parts.map((p) => `${p.label}（${p.max}分）`), '报送情况']);
  styleHeader(header);
  header.commit();
  for (const r of c.rows) ws.addRow([numberCell(r.rank), textCell(r.county), numberCell(r.total), ...c.parts.map((p) => numberCell(r.points[p.id])), NOTICE_STATE_LABEL[r.state]]).commit();
  ws.commit();
}

/** INDICATORS first, in their order, then any other id the data carries (a newer engine's). */
function indicatorColumns(c: NoticeContent, byCounty: IndicatorsByCounty): IndicatorDefinition[] {
  const known = INDICATORS as readonly IndicatorDefinition[];
  const ids = new Set(known.map((d) => d.id));
  const extra = new Set<string>();
  for (const r of c.rows) for (const id of Object.keys(byCounty[r.county] ?? {})) if (!ids.has(id)) extra.add(id);
  return [...known, ...[...extra].sort().map((id): IndicatorDefinition => ({ id, name: id, unit: '', target: null, comparator: null }))];
}

function indicatorSheet(wb: X.stream.xlsx.WorkbookWriter, c: NoticeContent, byCounty: IndicatorsByCounty): void {
  const defs = indicatorColumns(c, byCounty);
  const ws = wb.addWorksheet('指标', { views: [{ state: 'frozen', ySplit: 2, xSplit: 1 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 16 }, { width: 14 }, ...defs.map((d) => ({ width: 14, style: { numFmt: indicatorFormat(d.unit) } }))];
  const header = ws.addRow(['县（市、区）', '报送情况', ...defs.map((d) => (d.unit ? `${d.name}（${d.unit}）` : d.name))]);
  styleHeader(header);
  header.height = 48;
  header.commit();
  const targets = ws.addRow(['目标', '', ...defs.map((d) => targetLabel(d))]);
  targets.eachCell((cell) => {
    cell.fill = TARGET_FILL;
    cell.alignment = { horizontal: 'center' };
  });
  targets.commit();
  for (const r of c.rows) {
    const values = byCounty[r.county] ?? null;
    const counted = r.state === 'on-time' || r.state === 'late';
    const cells = defs.map((d) => (counted ? numberCell(values?.[d.id]) : null));
    const row = ws.addRow([textCell(r.county), NOTICE_STATE_LABEL[r.state], ...cells]);
    defs.forEach((d, i) => {
      const v = cells[i];
      if (v === null || v === undefined || d.target === null || d.comparator === null || meets(v, d.comparator, d.target)) return;
      const cell = row.getCell(i + 3);
      cell.fill = MISSED_FILL;
      cell.font = MISSED_FONT;
    });
    row.commit();
  }
  ws.commit();
}

function aboutSheet(wb: X.stream.xlsx.WorkbookWriter, c: NoticeContent): void {
  const ws = wb.addWorksheet('说明');
  ws.columns = [{ width: 14 }, { width: 90, style: { alignment: { wrapText: true, vertical: 'top' } } }];
  const facts: [string, string][] = [
    ['通报', textCell(c.title)],
    ['文号', textCell(c.docNumber)],
    ['报告期', c.periodLabel],
    ['印发日期', c.dateText],
    ['发文机关', textCell(c.issuer)],
    ['数据截至', shanghaiTime(c.asOf)],
    ['状态', c.draft ? DRAFT_MARKER : c.correction ? `第 ${c.correction.number} 次更正（更正 ${c.correction.of}）` : '已发布'],
    ['排名', '只计通过校验的报表（每县最新受理的版本）；未通过校验的视为未报送。得分未四舍五入，显示两位小数。'],
    ['指标', '「指标」表列出各县计入版本的全部指标；第 2 行为目标，未达标的数值标红；空白为无法计算或未报送。百分比以 0–100 计。'],
  ];
  for (const [k, v] of facts) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    row.commit();
  }
  ws.commit();
}

export function noticeXlsx(c: NoticeContent, indicatorsByCounty: IndicatorsByCounty): Promise<Buffer> {
  return collected(async (sink) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
    wb.creator = '节能通 jieneng';
    wb.created = new Date(c.asOf);
    rankSheet(wb, c);
    indicatorSheet(wb, c, indicatorsByCounty);
    aboutSheet(wb, c);
    await wb.commit();
  });
}

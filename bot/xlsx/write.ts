/**
 * Writes table-model workbooks to .xlsx with exceljs's streaming writer: headers styled and
 * frozen, column formats, header notes with each column's rule, and drop-down lists (data
 * validation) for enums and 是/否, all taken from the template declaration.
 */
import { choicesFor, headerNote } from '../../shared/template/choices.js';
import { PassThrough, type Writable } from 'node:stream';
import type * as X from 'exceljs';
import ExcelJS from './exceljs.js';
import type { Region } from '../../shared/counties.js';
import { JINCHENG } from '../../shared/counties.js';
import { isBlank, type SheetInput, type WorkbookInput } from '../../shared/table/sheet.js';
import { columnLetter } from '../../shared/table/address.js';
import { GUIDE_SHEET, guideSheet } from '../../shared/template/blank.js';
import { displayWidth } from '../../shared/report/text.js';
import { normalizeLabel } from '../../shared/template/normalize.js';
import type { FieldSpec, SheetSpec } from '../../shared/template/spec.js';
import { TEMPLATE_V1 } from '../../shared/template/v1.js';

export interface WriteOptions {
  region?: Region;
  /** Add the 填报说明 sheet first (default true). */
  guide?: boolean;
  /** Header styling, notes and drop-downs (default true). Benchmarks turn this off. */
  decorate?: boolean;
}

const GUIDE_WIDTHS = [26, 80, 30];
const PRINT: Partial<X.PageSetup> = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
const HEADER_FILL: X.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FONT: Partial<X.Font> = { bold: true, color: { argb: 'FFC00000' } };

/** Excel keeps an inline list at 255 characters; all lists of template v1 fit. */
function listValidation(values: readonly string[], f: FieldSpec): X.DataValidation {
  return {
    type: 'list',
    allowBlank: !f.required,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '不是可选项',
    error: `「${f.header}」请从下拉列表中选择：${values.join(' / ')}`.slice(0, 255),
    showInputMessage: true,
    promptTitle: f.header.slice(0, 32),
    prompt: f.rule.slice(0, 255),
  };
}

function validationFor(f: FieldSpec, region: Region): X.DataValidation | null {
  const values = choicesFor(f, region);
  return values ? listValidation(values, f) : null;
}

/** exceljs has worksheet data validations at run time but not in its type definitions. */
function validations(ws: X.Worksheet): { add(range: string, v: X.DataValidation): void } {
  return (ws as unknown as { dataValidations: { add(range: string, v: X.DataValidation): void } }).dataValidations;
}

/** Room for typical content, not just the header: names, notes and codes are long. */
function minWidthFor(f: FieldSpec): number {
  if (f.kind === 'creditCode') return 22;
  if (f.kind === 'text') return (f.maxLength ?? 0) > 100 ? 30 : 26;
  if (f.kind === 'date' || f.kind === 'plate') return 13;
  return 0;
}

function numFmtFor(f: FieldSpec): string | undefined {
  if (f.kind === 'date') return 'yyyy-mm-dd';
  if (f.kind === 'creditCode' || f.kind === 'plate' || f.kind === 'phone' || f.kind === 'divisionCode') return '@';
  return undefined;
}

function specOf(name: string): SheetSpec | undefined {
  const n = normalizeLabel(name);
  return TEMPLATE_V1.sheets.find((s) => normalizeLabel(s.name) === n);
}

function addSheet(wb: X.stream.xlsx.WorkbookWriter, sheet: SheetInput, region: Region, decorate: boolean): void {
  const spec = specOf(sheet.name);
  const table = spec?.layout === 'table' ? spec : undefined;
  const ws = wb.addWorksheet(sheet.name, {
    ...(decorate && table ? { views: [{ state: 'frozen', ySplit: 1 }] } : {}),
    // County staff print these: A4 landscape, all columns on one page width.
    ...(decorate ? { pageSetup: PRINT } : {}),
  });
  const dataRows = Math.max(0, sheet.rows.length - 1);
  const lastValidated = Math.max(1000, dataRows + 500);

  if (decorate && table) {
    ws.columns = table.fields.map((f) => ({
      width: Math.max(10, Math.min(40, f.header.length * 2 + 4), minWidthFor(f)),
      style: numFmtFor(f) ? { numFmt: numFmtFor(f)! } : {},
    }));
    table.fields.forEach((f, i) => {
      const v = validationFor(f, region);
      const col = columnLetter(i + 1);
      if (v) validations(ws).add(`${col}2:${col}${lastValidated}`, v);
    });
  }
  if (decorate && spec?.layout === 'keyValue') {
    ws.columns = [{ width: 18 }, { width: 30 }];
    spec.fields.forEach((f, i) => {
      const v = validationFor(f, region);
      if (v) validations(ws).add(`B${i + 1}`, v);
      const fmt = numFmtFor(f);
      if (fmt) ws.getCell(`B${i + 1}`).numFmt = fmt;
    });
  }
  if (decorate && sheet.name === GUIDE_SHEET) {
    const wrap = { alignment: { wrapText: true, vertical: 'top' as const } };
    ws.columns = GUIDE_WIDTHS.map((width) => ({ width, style: wrap }));
  }

  sheet.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 1);
    (cells ?? []).forEach((v, c) => {
      if (!isBlank(v)) row.getCell(c + 1).value = v as X.CellValue;
    });
    if (decorate && table && r === 0) {
      table.fields.forEach((f, i) => {
        const cell = row.getCell(i + 1);
        cell.fill = HEADER_FILL;
        cell.font = f.required ? REQUIRED_FONT : { bold: true };
        cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
        cell.note = headerNote(f);
      });
    }
    if (decorate && spec?.layout === 'keyValue') {
      const f = spec.fields[r];
      const label = row.getCell(1);
      label.font = f?.required ? REQUIRED_FONT : { bold: true };
      label.fill = HEADER_FILL;
      if (f) label.note = headerNote(f);
    }
    if (decorate && sheet.name === GUIDE_SHEET) {
      if (r === 0) row.getCell(1).alignment = { wrapText: false, vertical: 'middle' };
      if (cells && typeof cells[0] === 'string' && (r === 0 || cells[0].startsWith('【'))) row.getCell(1).font = { bold: true, size: r === 0 ? 14 : 11 };
      // Spreadsheet programs do not grow rows for wrapped text when a file opens: size them here.
      const lines = Math.max(1, ...(cells ?? []).map((v, c) => (typeof v === 'string' ? Math.ceil(displayWidth(v) / GUIDE_WIDTHS[c]!) : 1)));
      if (lines > 1) row.height = 15 * lines;
    }
    row.commit();
  });
  ws.commit();
}

export async function writeXlsx(input: WorkbookInput, target: string | Writable, options: WriteOptions = {}): Promise<void> {
  const region = options.region ?? JINCHENG;
  const decorate = options.decorate ?? true;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof target === 'string' ? { filename: target } : { stream: target }),
    useSharedStrings: true,
    useStyles: true,
  });
  wb.creator = '节能通 jieneng';
  wb.created = new Date(0);
  const sheets = options.guide === false ? input.sheets : [guideSheet(region), ...input.sheets];
  for (const sheet of sheets) addSheet(wb, sheet, region, decorate);
  await wb.commit();
}

export async function xlsxBuffer(input: WorkbookInput, options: WriteOptions = {}): Promise<Buffer> {
  return collected((sink) => writeXlsx(input, sink, options));
}

/** The bytes a writer sends to a stream, collected into one Buffer. */
export async function collected(write: (sink: Writable) => Promise<void>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await write(sink);
  await done;
  return Buffer.concat(chunks);
}

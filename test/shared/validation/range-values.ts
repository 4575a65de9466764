/**
 * A workbook as the add-in hands it over from Excel's `Range.values`: empty cells are "", dates
 * and date-times are serial numbers (days since 1899-12-30, the time as a fraction), everything
 * else is the cell's number, text or boolean.
 */
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_OFFSET = 25_569;

/** The Excel serial of a Date, time of day kept as the fraction. */
export function serialOf(date: Date): number {
  return date.getTime() / DAY_MS + EXCEL_EPOCH_OFFSET;
}

export function rangeCell(v: CellValue): CellValue {
  if (v === null || v === undefined) return '';
  return v instanceof Date ? serialOf(v) : v;
}

export function asRangeValues(input: WorkbookInput): WorkbookInput {
  return {
    sheets: input.sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => Array.from(r ?? [], rangeCell)) })),
  };
}

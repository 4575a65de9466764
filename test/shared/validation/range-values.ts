/**
 * A workbook as the add-in hands it over from Excel's `Range.values` of each sheet's used range: a
 * rectangle whose empty cells are "", dates and date-times serial numbers (days since 1899-12-30,
 * the time as a fraction), everything else the cell's number, text or boolean.
 */
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_OFFSET = 25_569;

/** The Excel serial of a Date, time of day kept as the fraction. */
export function serialOf(date: Date): number {
  return date.getTime() / DAY_MS + EXCEL_EPOCH_OFFSET;
}

/** One cell as Range.values gives it: "" when empty, a date as its serial. */
export function rangeCell(v: CellValue): CellValue {
  if (v === null || v === undefined) return '';
  return v instanceof Date ? serialOf(v) : v;
}

/**
 * The workbook as Range.values of each sheet's used range: a rectangle (short rows padded with
 * ""), empty cells "", dates as serials. The one copy every test of the add-in's path uses.
 */
export function asRangeValues(input: WorkbookInput): WorkbookInput {
  return {
    sheets: input.sheets.map((s) => {
      const width = Math.max(1, ...s.rows.map((r) => r?.length ?? 0));
      return { name: s.name, rows: s.rows.map((r) => Array.from({ length: width }, (_, c) => rangeCell(r?.[c]))) };
    }),
  };
}

/**
 * Shared by the hardening tests (issue 8, items 3–7): the add-in's input path. Excel's
 * `Range.values` of a sheet's used range is a rectangle: empty cells are "", dates are serial
 * numbers, everything else is the cell's number, text or boolean.
 */
import { analyzeWorkbook, validateWorkbook } from '../../../../shared/engine.js';
import type { CellValue, WorkbookInput } from '../../../../shared/table/sheet.js';

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_OFFSET = 25_569;

function rangeCell(v: CellValue): CellValue {
  if (v === null || v === undefined) return '';
  return v instanceof Date ? v.getTime() / DAY_MS + EXCEL_EPOCH_OFFSET : v;
}

export function asRangeValues(input: WorkbookInput): WorkbookInput {
  return {
    sheets: input.sheets.map((s) => {
      const width = Math.max(1, ...s.rows.map((r) => r?.length ?? 0));
      return { name: s.name, rows: s.rows.map((r) => Array.from({ length: width }, (_, c) => rangeCell(r?.[c]))) };
    }),
  };
}

/** Both input paths of the engine for one workbook: as the .xlsx reader's values and as Range.values. */
export const PATHS: readonly [string, (wb: WorkbookInput) => WorkbookInput][] = [
  ['table values', (wb) => wb],
  ['Range.values', asRangeValues],
];

export const validate = validateWorkbook;
export const analyze = analyzeWorkbook;

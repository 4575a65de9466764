/**
 * The table model the engine reads. It is fed either by Excel ranges (the add-in passes
 * `Range.values`, a 2-D array) or by the .xlsx reader in bot/; the engine never knows which.
 */

/** A raw cell as Excel or an .xlsx reader hands it over. Empty cells are null, undefined or "". */
export type CellValue = string | number | boolean | Date | null | undefined;

export interface SheetInput {
  name: string;
  /**
   * Row-major cell values. rows[0] is the sheet row `originRow`, rows[i][0] is column `originColumn`.
   * Missing rows (holes or undefined) are blank rows.
   */
  rows: ReadonlyArray<ReadonlyArray<CellValue> | undefined>;
  /** 1-based sheet row of rows[0]; default 1. */
  originRow?: number;
  /** 1-based sheet column of rows[i][0]; default 1. */
  originColumn?: number;
}

export interface WorkbookInput {
  sheets: SheetInput[];
}

export function isBlank(value: CellValue): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  return false;
}

/** Reads cell (row, column), both 1-based sheet coordinates, from a SheetInput. */
export function cellAt(sheet: SheetInput, row: number, column: number): CellValue {
  const r = sheet.rows[row - (sheet.originRow ?? 1)];
  if (!r) return null;
  return r[column - (sheet.originColumn ?? 1)];
}

/** Last 1-based sheet row that the input holds (blank or not). */
export function lastRow(sheet: SheetInput): number {
  return (sheet.originRow ?? 1) + sheet.rows.length - 1;
}

/**
 * Most characters of a cell echoed back in a message or an issue's value: enough to recognise
 * any value the template expects (names run to 100 characters and are still recognised by their
 * first 60), small enough that a 1 MB cell does not make a 1 MB report.
 */
export const ECHO_LIMIT = 60;

/** Text cut to `limit` characters (code points, never half a surrogate pair) with "…" when longer. */
export function clipText(text: string, limit = ECHO_LIMIT): string {
  if (text.length <= limit) return text;
  let points = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const before = text.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) continue; // second half of a pair already counted
    }
    if (points === limit) return `${text.slice(0, i)}…`;
    points++;
  }
  return text;
}

/**
 * Form of a raw value for messages and JSON output: long text cut (clipText), a date as ISO text,
 * and NaN / ±Infinity as the text "NaN" / "Infinity" that the message shows (JSON has no such
 * numbers: JSON.stringify would write null).
 */
export function displayValue(value: CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return clipText(value);
  return value;
}

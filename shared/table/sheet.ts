/**
 * The table model the engine reads. It is fed either by Excel ranges (the add-in passes
 * `Range.values`, a 2-D array) or by the .xlsx reader in bot/; the engine never knows which.
 */
import { columnNumber } from './address.js';

/** A raw cell as Excel or an .xlsx reader hands it over. Empty cells are null, undefined or "". */
export type CellValue = string | number | boolean | Date | null | undefined;

/*
 * Beyond values, a sheet may say what Excel knows about its cells, as optional parallel grids and
 * a list, so plain `Range.values` arrays work unchanged and both sources fill the same fields:
 * the add-in copies `Range.valueTypes`, `Range.numberFormat` and the addresses of
 * `Range.getMergedAreasOrNullObject()`; the .xlsx reader fills them from the file, sparsely
 * (only cells that need it).
 */

/**
 * Excel's `Range.valueTypes` for one cell, plus 'Uncalculated', which only the .xlsx reader gives:
 * a formula saved without its result (written by a program and never opened in Excel, WPS or
 * LibreOffice; Excel itself never hands this over). An uncalculated cell's value is null.
 */
export type CellValueType = 'Unknown' | 'Empty' | 'String' | 'Integer' | 'Double' | 'Boolean' | 'Error' | 'RichValue' | 'Uncalculated';

/** Per-cell facts parallel to `rows` (same origin); a hole or a missing row means "not given". */
export type CellGrid<T> = ReadonlyArray<ReadonlyArray<T | undefined> | undefined>;

/**
 * Excel's error values. Range.values hands an error cell over as this text (with valueType
 * "Error"); where a sheet gives no valueTypes, a text value that is exactly one of these is taken
 * as the error, which is what Excel makes of it when it is typed.
 */
export const EXCEL_ERRORS = [
  '#DIV/0!',
  '#N/A',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#PYTHON!',
] as const;

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
  /** Excel's Range.valueTypes, parallel to rows. Optional. */
  valueTypes?: CellGrid<CellValueType>;
  /** Excel's Range.numberFormat ("0.0%", "General", "yyyy-mm-dd"), parallel to rows. Optional. */
  numberFormats?: CellGrid<string>;
  /**
   * Merged areas as A1 ranges ("B3:B5"; "$B$3:$B$5" and "Sheet1!B3:B5" are read too), as
   * getMergedAreasOrNullObject().areas or the file's <mergeCell ref> give them. A merged area's
   * value is in its top-left cell; the other cells of the area are blank in `rows`.
   */
  merges?: readonly string[];
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

/** A per-cell fact (valueTypes, numberFormats) at 1-based sheet coordinates, or undefined. */
export function gridAt<T>(sheet: SheetInput, grid: CellGrid<T> | undefined, row: number, column: number): T | undefined {
  return grid?.[row - (sheet.originRow ?? 1)]?.[column - (sheet.originColumn ?? 1)];
}

const ERROR_TEXTS: ReadonlySet<string> = new Set(EXCEL_ERRORS);

/**
 * The Excel error a cell holds ("#DIV/0!"), or undefined. With valueType "Error" the value is the
 * error's text; without a valueType, text that is exactly an error value counts as one.
 */
export function excelErrorOf(value: CellValue, type: CellValueType | undefined): string | undefined {
  if (type === 'Error') return typeof value === 'string' && value.trim() !== '' ? value.trim() : '#VALUE!';
  if (type !== undefined || typeof value !== 'string' || value.charCodeAt(0) !== 35 /* # */) return undefined;
  return ERROR_TEXTS.has(value) ? value : undefined;
}

/** A rectangle of cells, 1-based and inclusive. */
export interface CellArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const AREA = /^(?:.*!)?\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/u;

/** An A1 range ("B3:B5", "$B$3:$B$5", "'表'!B3:B5") as an area, corners in any order; null if unreadable. */
export function parseArea(a1: string): CellArea | null {
  const m = AREA.exec(a1.trim());
  if (!m) return null;
  const r1 = Number(m[2]);
  const c1 = columnNumber(m[1]!);
  const r2 = m[4] === undefined ? r1 : Number(m[4]);
  const c2 = m[3] === undefined ? c1 : columnNumber(m[3]);
  if (r1 < 1 || r2 < 1) return null;
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
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

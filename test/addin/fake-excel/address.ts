/**
 * A1 addresses as Excel's API reads and writes them: "B3", "$B$3:C4", "A:A", "3:5",
 * "Sheet1!A1", "'My Sheet'!A1". Pure, so the fake runs in Node and in the browser.
 */
import { columnLetter, columnNumber } from '../../../shared/table/address.js';
import { ModelError } from './errors.js';

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 1-based and inclusive. */
export interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/u;
const COLUMN = /^\$?([A-Za-z]{1,3})$/u;
const ROW = /^\$?(\d{1,7})$/u;

function corner(text: string): { row?: number; column?: number } | null {
  const cell = CELL.exec(text);
  if (cell) return { column: columnNumber(cell[1]!), row: Number(cell[2]) };
  const column = COLUMN.exec(text);
  if (column) return { column: columnNumber(column[1]!) };
  const row = ROW.exec(text);
  if (row) return { row: Number(row[1]) };
  return null;
}

/** Splits "Sheet!A1" / "'It''s'!A1" into sheet name (unquoted) and the local part. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const text = address.trim();
  const bang = text.lastIndexOf('!');
  if (bang < 0) return { local: text };
  let sheet = text.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'") && sheet.length >= 2) sheet = sheet.slice(1, -1).replace(/''/gu, "'");
  return { sheet, local: text.slice(bang + 1) };
}

/** The area of a local address ("B3", "A1:C4", "A:B", "2:4"); throws InvalidArgument when unreadable. */
export function parseLocal(local: string): Area {
  const parts = local.trim().split(':');
  if (parts.length > 2 || parts[0] === '') throw new ModelError('InvalidArgument', `The address '${local}' is not valid.`);
  const a = corner(parts[0]!);
  const b = parts.length === 2 ? corner(parts[1]!) : a;
  if (!a || !b) throw new ModelError('InvalidArgument', `The address '${local}' is not valid.`);
  // A lone column or row is valid only as a pair ("A:A", "3:3").
  if (parts.length === 1 && (a.row === undefined || a.column === undefined)) {
    throw new ModelError('InvalidArgument', `The address '${local}' is not valid.`);
  }
  if ((a.row === undefined) !== (b.row === undefined) || (a.column === undefined) !== (b.column === undefined)) {
    throw new ModelError('InvalidArgument', `The address '${local}' is not valid.`);
  }
  const r1 = a.row ?? 1;
  const r2 = b.row ?? MAX_ROWS;
  const c1 = a.column ?? 1;
  const c2 = b.column ?? MAX_COLUMNS;
  const area = { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(c1, c2), right: Math.max(c1, c2) };
  if (area.top < 1 || area.bottom > MAX_ROWS || area.left < 1 || area.right > MAX_COLUMNS) {
    throw new ModelError('InvalidArgument', `The address '${local}' is outside the sheet.`);
  }
  return area;
}

/** The local A1 text of an area, as Excel writes it: "B3", "A1:C4", "A:B" (whole columns), "2:4" (whole rows). */
export function formatLocal(area: Area): string {
  if (area.top === 1 && area.bottom === MAX_ROWS && !(area.left === 1 && area.right === MAX_COLUMNS)) {
    return `${columnLetter(area.left)}:${columnLetter(area.right)}`;
  }
  if (area.left === 1 && area.right === MAX_COLUMNS && !(area.top === 1 && area.bottom === MAX_ROWS)) {
    return `${area.top}:${area.bottom}`;
  }
  const first = `${columnLetter(area.left)}${area.top}`;
  if (area.top === area.bottom && area.left === area.right) return first;
  return `${first}:${columnLetter(area.right)}${area.bottom}`;
}

const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_.]*$/u;
const LOOKS_LIKE_REF = /^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[Rr]|[Cc])$/u;

/** A sheet name as it appears before "!": quoted when it holds spaces, punctuation or looks like a reference. */
export function quoteSheet(name: string): string {
  if (PLAIN_NAME.test(name) && !LOOKS_LIKE_REF.test(name)) return name;
  return `'${name.replace(/'/gu, "''")}'`;
}

export function formatAddress(sheet: string, area: Area): string {
  return `${quoteSheet(sheet)}!${formatLocal(area)}`;
}

/** The area itself, or InvalidArgument when it reaches outside the sheet or is empty. */
export function checkedArea(area: Area): Area {
  if (area.top < 1 || area.left < 1 || area.bottom > MAX_ROWS || area.right > MAX_COLUMNS || area.top > area.bottom || area.left > area.right) {
    throw new ModelError('InvalidArgument', 'The range is outside the worksheet.');
  }
  return area;
}

export function intersect(a: Area, b: Area): Area | null {
  const area = { top: Math.max(a.top, b.top), left: Math.max(a.left, b.left), bottom: Math.min(a.bottom, b.bottom), right: Math.min(a.right, b.right) };
  return area.top <= area.bottom && area.left <= area.right ? area : null;
}

export function contains(outer: Area, inner: Area): boolean {
  return inner.top >= outer.top && inner.bottom <= outer.bottom && inner.left >= outer.left && inner.right <= outer.right;
}

/** `a` minus `b`, as up to four rectangles. */
export function subtract(a: Area, b: Area): Area[] {
  const cut = intersect(a, b);
  if (!cut) return [a];
  const out: Area[] = [];
  if (a.top < cut.top) out.push({ ...a, bottom: cut.top - 1 });
  if (cut.bottom < a.bottom) out.push({ ...a, top: cut.bottom + 1 });
  if (a.left < cut.left) out.push({ top: cut.top, bottom: cut.bottom, left: a.left, right: cut.left - 1 });
  if (cut.right < a.right) out.push({ top: cut.top, bottom: cut.bottom, left: cut.right + 1, right: a.right });
  return out;
}

export function cellCount(area: Area): number {
  return (area.bottom - area.top + 1) * (area.right - area.left + 1);
}

/**
 * Reads and writes on a block of cells (one area for a Range, several for RangeAreas), as the
 * Range proxies apply them at sync: Excel's rules for values, value types, formats and clearing.
 */
import { type Area, cellCount, formatAddress, formatLocal, MAX_COLUMNS, MAX_ROWS } from './address.js';
import { ModelError } from './errors.js';
import type { FakeCell, FakeSheet } from './workbook.js';

/** What a Range or RangeAreas proxy stands for. */
export interface Cells {
  sheet: FakeSheet;
  areas: Area[];
}

export function live(sheet: FakeSheet): FakeSheet {
  if (sheet.deleted) throw new ModelError('ItemNotFound', `The worksheet '${sheet.name}' has been deleted.`);
  return sheet;
}

export function single(cells: Cells): Area {
  return cells.areas[0]!;
}

export function cellsAddress(cells: Cells): string {
  return cells.areas.map((a) => formatAddress(live(cells.sheet).name, a)).join(', ');
}

export function localAddress(cells: Cells): string {
  return cells.areas.map(formatLocal).join(', ');
}

/** Excel refuses to hand over more than five million cells in one read. */
const MAX_READ_CELLS = 5_000_000;

export function grid<T>(cells: Cells, read: (cell: Readonly<FakeCell>) => T): T[][] {
  const area = single(cells);
  if (cellCount(area) > MAX_READ_CELLS) throw new ModelError('ResponsePayloadSizeLimitExceeded', 'The range has more than five million cells.');
  const sheet = live(cells.sheet);
  const out: T[][] = [];
  for (let r = area.top; r <= area.bottom; r++) {
    const row: T[] = [];
    for (let c = area.left; c <= area.right; c++) row.push(read(sheet.at(r, c)));
    out.push(row);
  }
  return out;
}

export function valueType(cell: Readonly<FakeCell>): string {
  if (cell.valueType === 'Error') return 'Error';
  if (cell.value === '') return 'Empty';
  if (typeof cell.value === 'number') return 'Double';
  if (typeof cell.value === 'boolean') return 'Boolean';
  return 'String';
}

/** Every cell of the areas, created for writing. */
export function eachCell(cells: Cells, write: (cell: FakeCell, row: number, column: number) => void): void {
  const sheet = live(cells.sheet);
  for (const area of cells.areas) {
    for (let r = area.top; r <= area.bottom; r++) for (let c = area.left; c <= area.right; c++) write(sheet.edit(r, c), r, c);
  }
}

/**
 * A 2-D input for a setter: the range's exact size, or one value for every cell (Office.js accepts
 * both). `null` entries leave their cell unchanged.
 */
export function eachInput(cells: Cells, input: unknown, write: (cell: FakeCell, value: unknown) => void): void {
  const area = single(cells);
  const rows = area.bottom - area.top + 1;
  const columns = area.right - area.left + 1;
  if (!Array.isArray(input)) {
    eachCell(cells, (cell) => write(cell, input));
    return;
  }
  if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== columns)) {
    throw new ModelError('InvalidArgument', "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
  }
  const sheet = live(cells.sheet);
  (input as unknown[][]).forEach((row, i) => row.forEach((value, j) => {
    if (value === null || value === undefined) return;
    write(sheet.edit(area.top + i, area.left + j), value);
  }));
}

const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[Ee][+-]?\d+)?$/u;

/** A value typed into a cell: "=…" becomes a formula, number-like text a number (unless the cell is formatted as text "@"). */
export function putValue(cell: FakeCell, value: unknown): void {
  delete cell.valueType;
  if (typeof value === 'string' && value.startsWith('=') && value.length > 1) {
    cell.formula = value;
    return;
  }
  delete cell.formula;
  if (typeof value === 'number' || typeof value === 'boolean') cell.value = value;
  else if (typeof value === 'string') {
    if (value.startsWith("'")) cell.value = value.slice(1);
    else if (cell.numberFormat !== '@' && NUMBER_TEXT.test(value.trim())) cell.value = Number(value.trim());
    else if (cell.numberFormat !== '@' && /^(TRUE|FALSE)$/iu.test(value)) cell.value = value.toUpperCase() === 'TRUE';
    else cell.value = value;
  } else throw new ModelError('InvalidArgument', `The value ${String(value)} cannot be put into a cell.`);
}

export function displayText(cell: Readonly<FakeCell>): string {
  if (typeof cell.value === 'boolean') return cell.value ? 'TRUE' : 'FALSE';
  return String(cell.value);
}

/**
 * One value for a whole block, as Excel reports formats: the common value, or null when the
 * cells differ. Blank cells (not stored) count with `fallback`.
 */
export function uniform<T>(cells: Cells, read: (cell: Readonly<FakeCell>) => T | undefined, fallback: T): T | null {
  const sheet = live(cells.sheet);
  let seen: T | undefined;
  let first = true;
  const note = (v: T): boolean => {
    if (first) {
      seen = v;
      first = false;
      return true;
    }
    return JSON.stringify(seen) === JSON.stringify(v);
  };
  for (const area of cells.areas) {
    let stored = 0;
    for (const { cell } of sheet.storedIn(area)) {
      stored++;
      if (!note(read(cell) ?? fallback)) return null;
    }
    if (stored < cellCount(area) && !note(fallback)) return null;
  }
  return first ? fallback : (seen as T);
}

export function isEntireColumn(area: Area): boolean {
  return area.top === 1 && area.bottom === MAX_ROWS;
}

export function isEntireRow(area: Area): boolean {
  return area.left === 1 && area.right === MAX_COLUMNS;
}

/** Excel.ClearApplyTo: what Range.clear removes. Notes, comments, validation and conditional formats stay. */
export function clearCells(cells: Cells, applyTo: string): void {
  const contents = applyTo === 'All' || applyTo === 'Contents' || applyTo === 'ResetContents';
  const formats = applyTo === 'All' || applyTo === 'Formats';
  const links = applyTo === 'All' || applyTo === 'Hyperlinks' || applyTo === 'RemoveHyperlinks';
  if (!contents && !formats && !links) throw new ModelError('InvalidArgument', `Unknown ClearApplyTo '${applyTo}'.`);
  const sheet = live(cells.sheet);
  for (const area of cells.areas) {
    for (const { cell } of [...sheet.storedIn(area)]) {
      if (contents) {
        cell.value = '';
        delete cell.formula;
        delete cell.valueType;
      }
      if (formats) {
        delete cell.fill;
        delete cell.font;
        delete cell.numberFormat;
        delete cell.wrapText;
        delete cell.horizontalAlignment;
      }
      if (links) delete cell.hyperlink;
    }
  }
}

const NAMED_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#FFFFFF',
  red: '#FF0000',
  green: '#008000',
  blue: '#0000FF',
  yellow: '#FFFF00',
  orange: '#FFA500',
  gray: '#808080',
  grey: '#808080',
  purple: '#800080',
};

/** Colors as Excel hands them back: "#RRGGBB" upper case. */
export function normalizeColor(color: unknown): string {
  if (typeof color !== 'string') throw new ModelError('InvalidArgument', `The color ${String(color)} is not valid.`);
  const named = NAMED_COLORS[color.toLowerCase()];
  if (named) return named;
  const m = /^#?([0-9a-f]{6})$/iu.exec(color.trim());
  if (!m) throw new ModelError('InvalidArgument', `The color '${color}' is not valid.`);
  return `#${m[1]!.toUpperCase()}`;
}

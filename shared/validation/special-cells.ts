/**
 * Cells whose value cannot be taken as it reads: an Excel error value (#DIV/0!, #N/A…, typed or a
 * formula's result), a formula saved without its result, and cells covered by a merged area
 * (the area's value sits in its top-left cell, so the others read as blank). Each is an error
 * and the cell's value is not used; a merged area is reported once, at its top-left cell, however
 * many read cells it covers. Also hands out each cell's number format (percent fields need it).
 */
import { cellAt, excelErrorOf, gridAt, lastRow, parseArea, type CellValue, type SheetInput } from '../table/sheet.js';
import { cellAddress } from '../table/address.js';
import type { Detail, IssueCode } from './issues.js';

/** One problem of a special cell, at the cell to report it on. */
export interface SpecialCell {
  code: IssueCode;
  detail: Detail;
  row: number;
  column: number;
  /** The value to show: the cell's, or a merged area's (its top-left cell's). */
  value: CellValue;
  /** False for the second and later cells of a merged area already reported. */
  report: boolean;
}

interface MergedArea {
  top: number;
  left: number;
  range: string;
}

/** Excel's largest column, so row × COLUMNS + column is a unique cell key. */
const COLUMNS = 16_384;

export class SheetCells {
  /** Read cells covered by a merged area (not its top-left cell) → the area. */
  private readonly covered = new Map<number, MergedArea>();
  private readonly reported = new Set<MergedArea>();

  /** readColumns: the 1-based columns whose cells are read; merges elsewhere lose nothing. */
  constructor(
    private readonly sheet: SheetInput,
    readColumns: Iterable<number>,
  ) {
    if (!sheet.merges || sheet.merges.length === 0) return;
    const columns = new Set(readColumns);
    const last = lastRow(sheet);
    // Merged areas do not overlap in a sound file; a crafted one cannot make this grow beyond
    // one entry per read cell of the sheet.
    const budget = (last + 1) * columns.size;
    for (const ref of sheet.merges) {
      const area = parseArea(ref);
      if (!area || (area.top === area.bottom && area.left === area.right)) continue;
      const merged: MergedArea = {
        top: area.top,
        left: area.left,
        range: `${cellAddress(area.top, area.left)}:${cellAddress(area.bottom, area.right)}`,
      };
      for (const column of columns) {
        if (column < area.left || column > area.right) continue;
        for (let row = area.top; row <= Math.min(area.bottom, last); row++) {
          if (row === area.top && column === area.left) continue;
          if (this.covered.size >= budget) return;
          this.covered.set(row * COLUMNS + column, merged);
        }
      }
    }
  }

  numberFormat(row: number, column: number): string | undefined {
    return gridAt(this.sheet, this.sheet.numberFormats, row, column);
  }

  /** A cell that holds something though its value is blank (a formula without its result). */
  holdsFormula(row: number, column: number): boolean {
    return this.sheet.valueTypes !== undefined && gridAt(this.sheet, this.sheet.valueTypes, row, column) === 'Uncalculated';
  }

  /** The problem of the cell at (row, column) holding `raw`, or undefined for an ordinary cell. */
  special(raw: CellValue, row: number, column: number): SpecialCell | undefined {
    if (this.covered.size > 0) {
      const area = this.covered.get(row * COLUMNS + column);
      if (area) {
        const report = !this.reported.has(area);
        this.reported.add(area);
        const value = cellAt(this.sheet, area.top, area.left);
        return { code: 'format', detail: { kind: 'merged', range: area.range }, row: area.top, column: area.left, value, report };
      }
    }
    const type = this.sheet.valueTypes === undefined ? undefined : gridAt(this.sheet, this.sheet.valueTypes, row, column);
    const error = excelErrorOf(raw, type);
    if (error !== undefined) return { code: 'type', detail: { kind: 'excelError', error }, row, column, value: error, report: true };
    if (type === 'Uncalculated') return { code: 'type', detail: { kind: 'uncalculated' }, row, column, value: null, report: true };
    return undefined;
  }
}

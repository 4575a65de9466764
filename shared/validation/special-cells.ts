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

/**
 * Most areas looked at for one cell when areas overlap, so that a crafted sheet of thousands of
 * nested areas costs no more than a sound one. Past it a covered cell reads as what it holds
 * (blank, as Excel saves it): still an issue on that cell, never a value let through.
 */
const MAX_LOOK_BACK = 64;

interface MergedArea {
  top: number;
  left: number;
  bottom: number;
  range: string;
}

export class SheetCells {
  /**
   * Merged areas kept as rectangles, listed under each read column they cross and sorted by top
   * row; a cell is looked up only when it is read. Nothing is made per row, so one area of a
   * million rows costs what one of two rows does.
   */
  private readonly byColumn = new Map<number, MergedArea[]>();
  private readonly reported = new Set<MergedArea>();
  /** Per column, parallel to byColumn's list: the lowest bottom row of each area and all before it. */
  private readonly reach = new Map<number, number[]>();

  /** readColumns: the 1-based columns whose cells are read; merges elsewhere lose nothing. */
  constructor(
    private readonly sheet: SheetInput,
    readColumns: Iterable<number>,
  ) {
    if (!sheet.merges || sheet.merges.length === 0) return;
    const columns = [...new Set(readColumns)];
    const last = lastRow(sheet);
    for (const ref of sheet.merges) {
      const area = parseArea(ref);
      if (!area || (area.top === area.bottom && area.left === area.right) || area.top > last) continue;
      const merged: MergedArea = {
        top: area.top,
        left: area.left,
        bottom: area.bottom,
        range: `${cellAddress(area.top, area.left)}:${cellAddress(area.bottom, area.right)}`,
      };
      for (const column of columns) {
        if (column < area.left || column > area.right) continue;
        let list = this.byColumn.get(column);
        if (!list) this.byColumn.set(column, (list = []));
        list.push(merged);
      }
    }
    for (const [column, list] of this.byColumn) {
      list.sort((a, b) => a.top - b.top);
      let lowest = 0;
      this.reach.set(column, list.map((a) => (lowest = Math.max(lowest, a.bottom))));
    }
  }

  /**
   * The merged area covering (row, column), other than at its top-left cell. Areas do not overlap
   * in a sound file, so the one starting last at or above the row is the candidate. A crafted file
   * may overlap them (C2:C9 around C3:C4): then earlier areas are looked at too, back to the first
   * whose reach (the lowest bottom of it and all before it) is above the row, at most MAX_LOOK_BACK.
   */
  private mergedAt(row: number, column: number): MergedArea | undefined {
    const list = this.byColumn.get(column);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.top <= row) lo = mid + 1;
      else hi = mid;
    }
    const reach = this.reach.get(column)!;
    for (let i = lo - 1, steps = 0; i >= 0 && reach[i]! >= row && steps < MAX_LOOK_BACK; i--, steps++) {
      const area = list[i]!;
      if (area.bottom >= row && !(area.top === row && area.left === column)) return area;
    }
    return undefined;
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
    if (this.byColumn.size > 0) {
      const area = this.mergedAt(row, column);
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

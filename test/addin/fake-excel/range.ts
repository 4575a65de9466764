/**
 * Range, RangeAreas and their format proxies (Excel.Range, Excel.RangeAreas, Excel.RangeCollection,
 * Excel.RangeFormat, Excel.RangeFill, Excel.RangeFont, Excel.DataValidation).
 */
import { type Area, cellCount, checkedArea, intersect, MAX_COLUMNS, MAX_ROWS, parseLocal, splitSheet } from './address.js';
import {
  type Cells,
  cellsAddress,
  clearCells,
  displayText,
  eachCell,
  eachInput,
  grid,
  isEntireColumn,
  isEntireRow,
  live,
  localAddress,
  normalizeColor,
  putValue,
  single,
  uniform,
  valueType,
} from './cells.js';
import { ConditionalFormatCollection } from './formats.js';
import { ModelError } from './errors.js';
import { ClientCollection, ClientObject, defineProperties } from './runtime.js';
import { Worksheet } from './sheet.js';
import type { FakeHyperlink } from './workbook.js';

type RangeMaker = (cells: Cells) => Cells | null;

function shifted(cells: Cells, area: Area): Cells {
  return { sheet: cells.sheet, areas: [checkedArea(area)] };
}

/** Parses a Range | RangeAreas | string argument against this sheet (the proxy's entity must be resolved first). */
function cellsOf(arg: unknown, sheet: Cells['sheet']): Cells {
  if (arg instanceof ClientObject) {
    const cells = arg._resolve() as Cells | null;
    if (!cells) throw new ModelError('ItemNotFound', 'The range does not exist.');
    return cells;
  }
  if (typeof arg !== 'string') throw new ModelError('InvalidArgument', 'Expected a range or an address.');
  const { sheet: name, local } = splitSheet(arg);
  const target = name === undefined ? sheet : sheet.book.findSheet(name);
  if (!target) throw new ModelError('ItemNotFound', `The worksheet '${name}' does not exist.`);
  return { sheet: target, areas: [parseLocal(local)] };
}

/** Shared by Range and RangeAreas: navigation to format, validation, conditional formats and worksheet. */
abstract class CellsObject extends ClientObject<Cells> {
  get format(): RangeFormat {
    return this._nav('format', () => new RangeFormat(this.context, this, 'Format', [], 'Property', (c: Cells) => c));
  }

  get dataValidation(): DataValidation {
    return this._nav('dataValidation', () => new DataValidation(this.context, this, 'DataValidation', [], 'Property', (c: Cells) => c, '1.8'));
  }

  get conditionalFormats(): ConditionalFormatCollection {
    const version = this instanceof RangeAreas ? '1.9' : '1.6';
    return this._nav('conditionalFormats', () => new ConditionalFormatCollection(this.context, this, 'ConditionalFormats', [], 'Property', (c: Cells) => c, version));
  }

  get worksheet(): Worksheet {
    return this._nav('worksheet', () => new Worksheet(this.context, this, 'Worksheet', [], 'Property', (c: Cells) => live(c.sheet)));
  }

  clear(applyTo: string = 'All'): void {
    this._method('Clear', [applyTo], (cells) => {
      clearCells(cells, applyTo);
      if (applyTo !== 'Formats') for (const area of cells.areas) this.context._changes.push({ sheet: cells.sheet, area });
    });
  }

  select(): void {
    this._method('Select', [], (cells) => {
      const book = live(cells.sheet).book;
      book.activeSheet = cells.sheet;
      book.selection = { sheet: cells.sheet.name, address: localAddress(cells) };
    }, this instanceof RangeAreas ? '1.18' : undefined);
  }

  track(): this {
    return this;
  }

  untrack(): this {
    return this;
  }
}

export class Range extends CellsObject {
  declare readonly address: string;
  declare readonly addressLocal: string;
  declare readonly rowCount: number;
  declare readonly columnCount: number;
  declare readonly rowIndex: number;
  declare readonly columnIndex: number;
  declare readonly cellCount: number;
  declare values: unknown[][];
  declare readonly valueTypes: string[][];
  declare numberFormat: unknown[][];
  declare formulas: unknown[][];
  declare readonly text: string[][];
  declare hyperlink: FakeHyperlink | null;
  declare readonly isEntireColumn: boolean;
  declare readonly isEntireRow: boolean;

  private child(name: string, args: unknown[], make: RangeMaker, options: { instantiate?: boolean; requires?: string } = {}): Range {
    const range = new Range(this.context, this, name, args, 'Method', make, options.requires);
    return options.instantiate ? range._instantiate(options.requires) : range;
  }

  getCell(row: number, column: number): Range {
    return this.child('GetCell', [row, column], (c) => {
      const a = single(c);
      return shifted(c, { top: a.top + row, left: a.left + column, bottom: a.top + row, right: a.left + column });
    });
  }

  getResizedRange(deltaRows: number, deltaColumns: number): Range {
    return this.child('GetResizedRange', [deltaRows, deltaColumns], (c) => {
      const a = single(c);
      return shifted(c, { ...a, bottom: a.bottom + deltaRows, right: a.right + deltaColumns });
    }, { requires: '1.2' });
  }

  getOffsetRange(rowOffset: number, columnOffset: number): Range {
    return this.child('GetOffsetRange', [rowOffset, columnOffset], (c) => {
      const a = single(c);
      return shifted(c, { top: a.top + rowOffset, bottom: a.bottom + rowOffset, left: a.left + columnOffset, right: a.right + columnOffset });
    });
  }

  getAbsoluteResizedRange(numRows: number, numColumns: number): Range {
    return this.child('GetAbsoluteResizedRange', [numRows, numColumns], (c) => {
      const a = single(c);
      return shifted(c, { top: a.top, left: a.left, bottom: a.top + numRows - 1, right: a.left + numColumns - 1 });
    }, { requires: '1.7' });
  }

  getRow(row: number): Range {
    return this.child('GetRow', [row], (c) => {
      const a = single(c);
      return shifted(c, { ...a, top: a.top + row, bottom: a.top + row });
    });
  }

  getColumn(column: number): Range {
    return this.child('GetColumn', [column], (c) => {
      const a = single(c);
      return shifted(c, { ...a, left: a.left + column, right: a.left + column });
    });
  }

  getEntireColumn(): Range {
    return this.child('GetEntireColumn', [], (c) => shifted(c, { ...single(c), top: 1, bottom: MAX_ROWS }));
  }

  getEntireRow(): Range {
    return this.child('GetEntireRow', [], (c) => shifted(c, { ...single(c), left: 1, right: MAX_COLUMNS }));
  }

  getIntersectionOrNullObject(anotherRange: Range | string): Range {
    return this.child('GetIntersectionOrNullObject', [anotherRange], (c) => {
      const other = cellsOf(anotherRange, c.sheet);
      const area = other.sheet === c.sheet ? intersect(single(c), single(other)) : null;
      return area ? { sheet: c.sheet, areas: [area] } : null;
    }, { instantiate: true, requires: '1.4' });
  }

  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return this.child('GetUsedRangeOrNullObject', [valuesOnly], (c) => {
      const used = live(c.sheet).usedArea(valuesOnly);
      const area = used ? intersect(used, single(c)) : null;
      return area ? { sheet: c.sheet, areas: [area] } : null;
    }, { instantiate: true, requires: '1.4' });
  }

  getMergedAreasOrNullObject(): RangeAreas {
    const areas = new RangeAreas(this.context, this, 'GetMergedAreasOrNullObject', [], 'Method', (c: Cells) => {
      const merges = live(c.sheet).mergesIn(single(c));
      if (merges.length > 512) throw new ModelError('GeneralException', 'The range has more than 512 merged areas.');
      return merges.length > 0 ? { sheet: c.sheet, areas: merges.map((m) => ({ ...m })) } : null;
    }, '1.13');
    return areas._instantiate('1.13');
  }

  merge(across = false): void {
    this._method('Merge', [across], (c) => {
      const sheet = live(c.sheet);
      const a = single(c);
      const areas = across ? Array.from({ length: a.bottom - a.top + 1 }, (_, i) => ({ ...a, top: a.top + i, bottom: a.top + i })) : [a];
      for (const area of areas) {
        if (cellCount(area) < 2) continue;
        sheet.merges = sheet.merges.filter((m) => !intersect(m, area));
        sheet.merges.push(area);
        // Excel keeps the top-left value of a merged area and clears the rest.
        for (const { row, column, cell } of sheet.storedIn(area)) {
          if (row !== area.top || column !== area.left) {
            cell.value = '';
            delete cell.formula;
          }
        }
      }
    }, '1.2');
  }

  unmerge(): void {
    this._method('Unmerge', [], (c) => {
      const sheet = live(c.sheet);
      sheet.merges = sheet.merges.filter((m) => !intersect(m, single(c)));
    }, '1.2');
  }
}

const areaOf = (c: Cells): Area => single(c);
defineProperties<Cells>(Range, {
  address: { get: (c) => cellsAddress(c) },
  addressLocal: { get: (c) => cellsAddress(c) },
  rowCount: { get: (c) => areaOf(c).bottom - areaOf(c).top + 1 },
  columnCount: { get: (c) => areaOf(c).right - areaOf(c).left + 1 },
  rowIndex: { get: (c) => areaOf(c).top - 1 },
  columnIndex: { get: (c) => areaOf(c).left - 1 },
  cellCount: { get: (c) => cellCount(areaOf(c)) },
  isEntireColumn: { get: (c) => isEntireColumn(areaOf(c)) },
  isEntireRow: { get: (c) => isEntireRow(areaOf(c)) },
  values: {
    get: (c) => grid(c, (cell) => cell.value),
    set: (c, v, self) => {
      eachInput(c, v, putValue);
      self.context._changes.push({ sheet: c.sheet, area: areaOf(c) });
    },
  },
  valueTypes: { get: (c) => grid(c, valueType) },
  numberFormat: {
    get: (c) => grid(c, (cell) => cell.numberFormat ?? 'General'),
    set: (c, v) => eachInput(c, v, (cell, f) => (cell.numberFormat = String(f))),
  },
  formulas: {
    get: (c) => grid(c, (cell) => cell.formula ?? cell.value),
    set: (c, v, self) => {
      eachInput(c, v, putValue);
      self.context._changes.push({ sheet: c.sheet, area: areaOf(c) });
    },
  },
  text: { get: (c) => grid(c, displayText) },
  hyperlink: {
    requires: '1.7',
    get: (c) => live(c.sheet).at(areaOf(c).top, areaOf(c).left).hyperlink ?? null,
    set: (c, v, self) => {
      self.context._require('1.7', 'hyperlink');
      const link = v as FakeHyperlink;
      eachCell(c, (cell) => {
        cell.hyperlink = { ...link };
        if (link.textToDisplay !== undefined) cell.value = link.textToDisplay;
      });
    },
  },
}, ['format']);

/** Several areas on one sheet (ExcelApi 1.9). */
export class RangeAreas extends CellsObject {
  declare readonly address: string;
  declare readonly addressLocal: string;
  declare readonly areaCount: number;
  declare readonly cellCount: number;
  declare readonly isEntireColumn: boolean;
  declare readonly isEntireRow: boolean;

  get areas(): RangeCollection {
    return this._nav('areas', () => new RangeCollection(this.context, this, 'Areas', [], 'Property', (c: Cells) => c));
  }

  getEntireColumn(): RangeAreas {
    return new RangeAreas(this.context, this, 'GetEntireColumn', [], 'Method', (c: Cells) => ({ sheet: c.sheet, areas: c.areas.map((a) => ({ ...a, top: 1, bottom: MAX_ROWS })) }));
  }

  getEntireRow(): RangeAreas {
    return new RangeAreas(this.context, this, 'GetEntireRow', [], 'Method', (c: Cells) => ({ sheet: c.sheet, areas: c.areas.map((a) => ({ ...a, left: 1, right: MAX_COLUMNS })) }));
  }
}

defineProperties<Cells>(RangeAreas, {
  address: { get: (c) => cellsAddress(c) },
  addressLocal: { get: (c) => cellsAddress(c) },
  areaCount: { get: (c) => c.areas.length },
  cellCount: { get: (c) => c.areas.reduce((n, a) => n + cellCount(a), 0) },
  isEntireColumn: { get: (c) => c.areas.every(isEntireColumn) },
  isEntireRow: { get: (c) => c.areas.every(isEntireRow) },
}, ['areas', 'format']);

export class RangeCollection extends ClientCollection<Cells, Range> {
  _entities(c: Cells): Cells[] {
    return c.areas.map((a) => ({ sheet: c.sheet, areas: [a] }));
  }

  _itemProxy(entity: unknown): Range {
    const cells = entity as Cells;
    const range = new Range(this.context, this, 'GetItemAt', [cellsAddress(cells)], 'Item', () => cells);
    range._setEntity(cells);
    return range;
  }

  getCount() {
    return this._methodResult('GetCount', [], (c) => c.areas.length);
  }

  getItemAt(index: number): Range {
    return new Range(this.context, this, 'GetItemAt', [index], 'Method', (c: Cells) => {
      const area = c.areas[index];
      if (!area) throw new ModelError('ItemNotFound', `There is no area at ${index}.`);
      return { sheet: c.sheet, areas: [area] };
    });
  }
}

export class RangeFormat extends ClientObject<Cells> {
  declare wrapText: boolean | null;
  declare horizontalAlignment: string | null;
  declare verticalAlignment: string | null;
  declare columnWidth: number | null;
  declare rowHeight: number | null;

  get fill(): RangeFill {
    return this._nav('fill', () => new RangeFill(this.context, this, 'Fill', [], 'Property', (c: Cells) => c));
  }

  get font(): RangeFont {
    return this._nav('font', () => new RangeFont(this.context, this, 'Font', [], 'Property', (c: Cells) => c));
  }

  autofitColumns(): void {
    this._method('AutofitColumns', [], (c) => void live(c.sheet).autofits++, '1.2');
  }

  autofitRows(): void {
    this._method('AutofitRows', [], (c) => void live(c.sheet).autofits++, '1.2');
  }
}

const DEFAULT_COLUMN_WIDTH = 48;
const DEFAULT_ROW_HEIGHT = 15;

function sameOver(indices: number[], read: (i: number) => number): number | null {
  const values = new Set(indices.map(read));
  return values.size === 1 ? [...values][0]! : null;
}

function spanOf(c: Cells, axis: 'column' | 'row'): number[] {
  const out = new Set<number>();
  for (const a of c.areas) {
    const [from, to] = axis === 'column' ? [a.left, a.right] : [a.top, a.bottom];
    for (let i = from; i <= Math.min(to, from + 20_000); i++) out.add(i);
  }
  return [...out];
}

defineProperties<Cells>(RangeFormat, {
  wrapText: { get: (c) => uniform(c, (cell) => cell.wrapText, false), set: (c, v) => eachCell(c, (cell) => (cell.wrapText = Boolean(v))) },
  horizontalAlignment: { get: (c) => uniform(c, (cell) => cell.horizontalAlignment, 'General'), set: (c, v) => eachCell(c, (cell) => (cell.horizontalAlignment = String(v))) },
  columnWidth: {
    requires: '1.2',
    get: (c) => sameOver(spanOf(c, 'column'), (i) => live(c.sheet).columnWidths.get(i) ?? DEFAULT_COLUMN_WIDTH),
    set: (c, v) => spanOf(c, 'column').forEach((i) => live(c.sheet).columnWidths.set(i, Number(v))),
  },
  rowHeight: {
    requires: '1.2',
    get: (c) => sameOver(spanOf(c, 'row'), (i) => live(c.sheet).rowHeights.get(i) ?? DEFAULT_ROW_HEIGHT),
    set: (c, v) => spanOf(c, 'row').forEach((i) => live(c.sheet).rowHeights.set(i, Number(v))),
  },
}, ['fill', 'font']);

export class RangeFill extends ClientObject<Cells> {
  declare color: string | null;

  clear(): void {
    this._method('Clear', [], (c) => eachCell(c, (cell) => delete cell.fill));
  }
}

defineProperties<Cells>(RangeFill, {
  // Excel reports an unfilled cell as white.
  color: { get: (c) => uniform(c, (cell) => cell.fill, '#FFFFFF'), set: (c, v) => {
    const color = normalizeColor(v);
    eachCell(c, (cell) => (cell.fill = color));
  } },
});

export class RangeFont extends ClientObject<Cells> {
  declare bold: boolean | null;
  declare italic: boolean | null;
  declare color: string | null;
  declare size: number | null;
  declare name: string | null;
}

function fontProperty<K extends 'bold' | 'italic' | 'color' | 'size' | 'name'>(key: K, fallback: unknown, normalize: (v: unknown) => unknown) {
  return {
    get: (c: Cells) => uniform(c, (cell) => cell.font?.[key], fallback),
    set: (c: Cells, v: unknown) => {
      const value = normalize(v);
      eachCell(c, (cell) => (cell.font = { ...cell.font, [key]: value }));
    },
  };
}

defineProperties<Cells>(RangeFont, {
  bold: fontProperty('bold', false, Boolean),
  italic: fontProperty('italic', false, Boolean),
  color: fontProperty('color', '#000000', normalizeColor),
  size: fontProperty('size', 11, Number),
  name: fontProperty('name', 'Calibri', String),
});

/** Range.dataValidation (ExcelApi 1.8): the rule is kept per cell. */
export class DataValidation extends ClientObject<Cells> {
  declare rule: Record<string, unknown> | null;
  declare readonly type: string;
  declare prompt: Record<string, unknown>;
  declare errorAlert: Record<string, unknown>;
  declare ignoreBlanks: boolean;

  clear(): void {
    this._method('Clear', [], (c) => eachCell(c, (cell) => delete cell.validation), '1.8');
  }
}

const RULE_TYPES: Record<string, string> = {
  list: 'List',
  wholeNumber: 'WholeNumber',
  decimal: 'Decimal',
  date: 'Date',
  time: 'Time',
  textLength: 'TextLength',
  custom: 'Custom',
};

defineProperties<Cells>(DataValidation, {
  rule: {
    get: (c) => uniform(c, (cell) => cell.validation, null),
    set: (c, v) => {
      const rule = v as Record<string, unknown>;
      const kinds = Object.keys(rule).filter((k) => rule[k] !== undefined && rule[k] !== null);
      if (kinds.length !== 1 || !RULE_TYPES[kinds[0]!]) throw new ModelError('InvalidArgument', 'A data validation rule needs exactly one rule type.');
      eachCell(c, (cell) => (cell.validation = JSON.parse(JSON.stringify(rule)) as Record<string, unknown>));
    },
  },
  type: {
    get: (c) => {
      const rule = uniform<Record<string, unknown> | 'none'>(c, (cell) => cell.validation, 'none');
      if (rule === null) return 'Inconsistent';
      if (rule === 'none') return 'None';
      return RULE_TYPES[Object.keys(rule)[0]!] ?? 'Custom';
    },
  },
  prompt: { get: () => ({ showPrompt: false, message: '', title: '' }), set: () => undefined },
  errorAlert: { get: () => ({ showAlert: true, style: 'Stop', message: '', title: '' }), set: () => undefined },
  ignoreBlanks: { get: () => true, set: () => undefined },
});

export { cellsOf };

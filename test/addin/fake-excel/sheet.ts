/**
 * Workbook, worksheets and what hangs off a worksheet: charts, freeze panes and onChanged
 * (Excel.Workbook, Excel.WorksheetCollection, Excel.Worksheet, Excel.ChartCollection, …), and the
 * RequestContext whose `workbook` they start from.
 */
import { type Area, checkedArea, formatLocal, parseLocal, splitSheet } from './address.js';
import { CommentCollection, NoteCollection, type Scope } from './annotations.js';
import { type Cells, live, single } from './cells.js';
import { ModelError } from './errors.js';
import { cellsOf, Range, RangeAreas } from './range.js';
import { ClientCollection, ClientObject, defineProperties, RequestContext, type Session } from './runtime.js';
import type { FakeBook, FakeChart, FakeSheet, WorksheetChangedArgs } from './workbook.js';

export class ExcelRequestContext extends RequestContext {
  readonly workbook: Workbook;
  constructor(session: Session) {
    super(session);
    this.workbook = new Workbook(this, undefined, 'Workbook', [], 'Root', () => session.book);
  }
}

export class Workbook extends ClientObject<FakeBook> {
  get worksheets(): WorksheetCollection {
    return this._nav('worksheets', () => new WorksheetCollection(this.context, this, 'Worksheets', [], 'Property', (b: FakeBook) => b));
  }

  get notes(): NoteCollection {
    return this._nav('notes', () => new NoteCollection(this.context, this, 'Notes', [], 'Property', (book: FakeBook): Scope => ({ book }), '1.18'));
  }

  get comments(): CommentCollection {
    return this._nav('comments', () => new CommentCollection(this.context, this, 'Comments', [], 'Property', (book: FakeBook): Scope => ({ book }), '1.10'));
  }

  getSelectedRange(): Range {
    return new Range(this.context, this, 'GetSelectedRange', [], 'Method', (book: FakeBook): Cells => {
      const selection = book.selection;
      const sheet = selection ? book.findSheet(selection.sheet) : undefined;
      if (!selection || !sheet) return { sheet: book.active(), areas: [{ top: 1, left: 1, bottom: 1, right: 1 }] };
      const first = selection.address.split(',')[0]!;
      return { sheet, areas: [parseLocal(first)] };
    });
  }

  getActiveCell(): Range {
    return new Range(this.context, this, 'GetActiveCell', [], 'Method', (book: FakeBook): Cells => {
      const sheet = (book.selection && book.findSheet(book.selection.sheet)) || book.active();
      const area = book.selection ? parseLocal(book.selection.address.split(',')[0]!) : { top: 1, left: 1, bottom: 1, right: 1 };
      return { sheet, areas: [{ top: area.top, left: area.left, bottom: area.top, right: area.left }] };
    }, '1.7');
  }
}
defineProperties<FakeBook>(Workbook, {}, ['worksheets']);

function sheetProxy(context: RequestContext, parent: ClientObject, name: string, args: unknown[], find: (book: FakeBook) => FakeSheet | null, requires?: string): Worksheet {
  return new Worksheet(context, parent, name, args, 'Method', find, requires);
}

export class WorksheetCollection extends ClientCollection<FakeBook, Worksheet> {
  _entities(book: FakeBook): FakeSheet[] {
    return [...book.sheets];
  }

  _itemProxy(entity: unknown): Worksheet {
    const sheet = entity as FakeSheet;
    const item = new Worksheet(this.context, this, 'GetItem', [sheet.id], 'Item', () => sheet);
    item._setEntity(sheet);
    return item;
  }

  private static find(book: FakeBook, key: string): FakeSheet | null {
    return book.findSheet(key) ?? book.sheets.find((s) => s.id === key) ?? null;
  }

  getItem(key: string): Worksheet {
    return sheetProxy(this.context, this, 'GetItem', [key], (book) => {
      const sheet = WorksheetCollection.find(book, key);
      if (!sheet) throw new ModelError('ItemNotFound', `The worksheet '${key}' does not exist.`);
      return sheet;
    });
  }

  getItemOrNullObject(key: string): Worksheet {
    return sheetProxy(this.context, this, 'GetItemOrNullObject', [key], (book) => WorksheetCollection.find(book, key), '1.4')._instantiate('1.4');
  }

  add(name?: string): Worksheet {
    return sheetProxy(this.context, this, 'Add', [name ?? null], (book) => {
      let chosen = name;
      for (let n = book.sheets.length + 1; chosen === undefined; n++) if (!book.findSheet(`Sheet${n}`)) chosen = `Sheet${n}`;
      return book.addSheet(chosen);
    })._instantiate();
  }

  getActiveWorksheet(): Worksheet {
    return sheetProxy(this.context, this, 'GetActiveWorksheet', [], (book) => book.active());
  }

  getCount() {
    return this._methodResult('GetCount', [], (book) => book.sheets.length, '1.4');
  }
}

export class Worksheet extends ClientObject<FakeSheet> {
  declare name: string;
  declare readonly id: string;
  declare position: number;
  declare visibility: string;
  declare tabColor: string;

  get notes(): NoteCollection {
    return this._nav('notes', () => new NoteCollection(this.context, this, 'Notes', [], 'Property', (s: FakeSheet): Scope => ({ book: s.book, sheet: live(s) }), '1.18'));
  }

  get comments(): CommentCollection {
    return this._nav('comments', () => new CommentCollection(this.context, this, 'Comments', [], 'Property', (s: FakeSheet): Scope => ({ book: s.book, sheet: live(s) }), '1.10'));
  }

  get charts(): ChartCollection {
    return this._nav('charts', () => new ChartCollection(this.context, this, 'Charts', [], 'Property', (s: FakeSheet) => live(s), '1.1'));
  }

  get freezePanes(): WorksheetFreezePanes {
    return this._nav('freezePanes', () => new WorksheetFreezePanes(this.context, this, 'FreezePanes', [], 'Property', (s: FakeSheet) => live(s), '1.7'));
  }

  private _onChanged: WorksheetChangedEvent | undefined;

  get onChanged(): WorksheetChangedEvent {
    return (this._onChanged ??= new WorksheetChangedEvent(this));
  }

  activate(): void {
    this._method('Activate', [], (s) => {
      live(s).book.activeSheet = s;
    });
  }

  delete(): void {
    this._method('Delete', [], (s) => live(s).book.deleteSheet(s));
  }

  getRange(address?: string): Range {
    return new Range(this.context, this, 'GetRange', [address ?? null], 'Method', (s: FakeSheet): Cells => {
      if (address === undefined || address === '') return { sheet: live(s), areas: [parseLocal('A:XFD')] };
      const parts = splitSheet(address);
      if (parts.sheet !== undefined && parts.sheet.toLowerCase() !== s.name.toLowerCase()) {
        throw new ModelError('InvalidArgument', `The address '${address}' is not on the worksheet '${s.name}'.`);
      }
      return { sheet: live(s), areas: [parseLocal(parts.local)] };
    });
  }

  /** "A1:B2, D4" (comma-separated, as Office.js takes it) as one RangeAreas (ExcelApi 1.9). */
  getRanges(address: string): RangeAreas {
    return new RangeAreas(this.context, this, 'GetRanges', [address], 'Method', (s: FakeSheet): Cells => {
      const areas: Area[] = address.split(',').map((part) => {
        const parts = splitSheet(part);
        if (parts.sheet !== undefined && parts.sheet.toLowerCase() !== s.name.toLowerCase()) {
          throw new ModelError('InvalidArgument', `The address '${part}' is not on the worksheet '${s.name}'.`);
        }
        return parseLocal(parts.local);
      });
      return { sheet: live(s), areas };
    }, '1.9');
  }

  getCell(row: number, column: number): Range {
    return new Range(this.context, this, 'GetCell', [row, column], 'Method', (s: FakeSheet): Cells => ({
      sheet: live(s),
      areas: [checkedArea({ top: row + 1, left: column + 1, bottom: row + 1, right: column + 1 })],
    }));
  }

  /** Zero-based start and a size, as Office.js takes it (ExcelApi 1.7). */
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): Range {
    return new Range(this.context, this, 'GetRangeByIndexes', [startRow, startColumn, rowCount, columnCount], 'Method', (s: FakeSheet): Cells => {
      if (rowCount < 1 || columnCount < 1) throw new ModelError('InvalidArgument', 'rowCount and columnCount must be at least 1.');
      return {
        sheet: live(s),
        areas: [checkedArea({ top: startRow + 1, left: startColumn + 1, bottom: startRow + rowCount, right: startColumn + columnCount })],
      };
    }, '1.7');
  }

  getUsedRange(valuesOnly = false): Range {
    return new Range(this.context, this, 'GetUsedRange', [valuesOnly], 'Method', (s: FakeSheet): Cells => ({
      sheet: live(s),
      areas: [live(s).usedArea(valuesOnly) ?? { top: 1, left: 1, bottom: 1, right: 1 }],
    }));
  }

  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return new Range(this.context, this, 'GetUsedRangeOrNullObject', [valuesOnly], 'Method', (s: FakeSheet): Cells | null => {
      const area = live(s).usedArea(valuesOnly);
      return area ? { sheet: s, areas: [area] } : null;
    }, '1.4')._instantiate('1.4');
  }
}

defineProperties<FakeSheet>(Worksheet, {
  name: { get: (s) => live(s).name, set: (s, v) => {
    const name = String(v);
    const other = live(s).book.findSheet(name);
    if (other && other !== s) throw new ModelError('ItemAlreadyExists', `A worksheet named '${name}' already exists.`);
    if (s.book.selection?.sheet === s.name) s.book.selection.sheet = name;
    s.name = name;
  } },
  id: { get: (s) => live(s).id },
  position: { get: (s) => live(s).position, set: (s, v) => {
    const sheets = live(s).book.sheets;
    sheets.splice(sheets.indexOf(s), 1);
    sheets.splice(Math.max(0, Math.min(Number(v), sheets.length)), 0, s);
  } },
  visibility: { get: (s) => live(s).visibility, set: (s, v) => (live(s).visibility = String(v)) },
  tabColor: { requires: '1.7', get: (s) => live(s).tabColor, set: (s, v) => (live(s).tabColor = String(v)) },
});

export class WorksheetFreezePanes extends ClientObject<FakeSheet> {
  freezeRows(count = 1): void {
    this._method('FreezeRows', [count], (s) => (s.freeze = { rows: count, columns: 0 }), '1.7');
  }

  freezeColumns(count = 1): void {
    this._method('FreezeColumns', [count], (s) => (s.freeze = { rows: 0, columns: count }), '1.7');
  }

  unfreeze(): void {
    this._method('Unfreeze', [], (s) => (s.freeze = { rows: 0, columns: 0 }), '1.7');
  }
}

/** worksheet.onChanged (ExcelApi 1.7): handlers are registered and removed at the next sync, as in Office.js. */
export class WorksheetChangedEvent {
  constructor(private readonly sheet: Worksheet) {}

  add(handler: (args: WorksheetChangedArgs) => unknown): EventHandlerResult {
    const result = new EventHandlerResult(this.sheet);
    this.sheet._method('OnChanged.Add', [], (s) => {
      result._stop = live(s).book.onChanged(s, handler);
    }, '1.7');
    return result;
  }
}

export class EventHandlerResult {
  _stop: (() => void) | undefined;
  constructor(private readonly sheet: Worksheet) {}

  get context(): RequestContext {
    return this.sheet.context;
  }

  /** Queues the removal; it takes effect at the next sync of the handler's context. */
  remove(): void {
    this.sheet._method('OnChanged.Remove', [], () => this._stop?.(), '1.7');
  }
}

interface ChartRef {
  sheet: FakeSheet;
  chart: FakeChart;
}

function chartExists(ref: ChartRef): ChartRef {
  if (!live(ref.sheet).charts.includes(ref.chart)) throw new ModelError('ItemNotFound', `The chart '${ref.chart.name}' has been deleted.`);
  return ref;
}

export class ChartCollection extends ClientCollection<FakeSheet, Chart> {
  _entities(sheet: FakeSheet): ChartRef[] {
    return live(sheet).charts.map((chart) => ({ sheet, chart }));
  }

  _itemProxy(entity: unknown): Chart {
    const ref = entity as ChartRef;
    const item = new Chart(this.context, this, 'GetItem', [ref.chart.name], 'Item', () => chartExists(ref));
    item._setEntity(ref);
    return item;
  }

  add(type: string, sourceData: Range | string, seriesBy = 'Auto'): Chart {
    return new Chart(this.context, this, 'Add', [type, sourceData, seriesBy], 'Method', (sheet: FakeSheet): ChartRef => {
      const source = cellsOf(sourceData, sheet);
      let n = sheet.charts.length + 1;
      while (sheet.charts.some((c) => c.name === `Chart ${n}`)) n++;
      const chart: FakeChart = { id: sheet.book.newId('chart-'), name: `Chart ${n}`, chartType: type, source: { ...single(source) }, seriesBy, title: '' };
      sheet.charts.push(chart);
      return { sheet, chart };
    }, '1.1')._instantiate('1.1');
  }

  private static find(sheet: FakeSheet, name: string): ChartRef | null {
    const chart = live(sheet).charts.find((c) => c.name === name || c.id === name);
    return chart ? { sheet, chart } : null;
  }

  getItem(name: string): Chart {
    return new Chart(this.context, this, 'GetItem', [name], 'Method', (sheet: FakeSheet) => {
      const ref = ChartCollection.find(sheet, name);
      if (!ref) throw new ModelError('ItemNotFound', `There is no chart '${name}'.`);
      return ref;
    });
  }

  getItemOrNullObject(name: string): Chart {
    return new Chart(this.context, this, 'GetItemOrNullObject', [name], 'Method', (sheet: FakeSheet) => ChartCollection.find(sheet, name), '1.4')._instantiate('1.4');
  }

  getCount() {
    return this._methodResult('GetCount', [], (sheet) => live(sheet).charts.length);
  }
}

export class Chart extends ClientObject<ChartRef> {
  declare name: string;
  declare readonly id: string;
  declare chartType: string;

  get title(): ChartTitle {
    return this._nav('title', () => new ChartTitle(this.context, this, 'Title', [], 'Property', (r: ChartRef) => r));
  }

  setPosition(startCell: Range | string, endCell?: Range | string): void {
    this._method('SetPosition', [startCell, endCell ?? null], (ref) => {
      const address = (cell: Range | string): string => formatLocal(single(cellsOf(cell, ref.sheet)));
      chartExists(ref).chart.position = endCell === undefined ? { startCell: address(startCell) } : { startCell: address(startCell), endCell: address(endCell) };
    });
  }

  delete(): void {
    this._method('Delete', [], (ref) => {
      const sheet = live(chartExists(ref).sheet);
      sheet.charts = sheet.charts.filter((c) => c !== ref.chart);
    });
  }
}

defineProperties<ChartRef>(Chart, {
  name: { get: (r) => chartExists(r).chart.name, set: (r, v) => (chartExists(r).chart.name = String(v)) },
  id: { requires: '1.7', get: (r) => chartExists(r).chart.id },
  chartType: { requires: '1.7', get: (r) => chartExists(r).chart.chartType, set: (r, v) => (chartExists(r).chart.chartType = String(v)) },
}, ['title']);

export class ChartTitle extends ClientObject<ChartRef> {
  declare text: string;
  declare visible: boolean;
}

defineProperties<ChartRef>(ChartTitle, {
  text: { get: (r) => chartExists(r).chart.title, set: (r, v) => (chartExists(r).chart.title = String(v)) },
  visible: { get: (r) => chartExists(r).chart.title !== '', set: () => undefined },
});

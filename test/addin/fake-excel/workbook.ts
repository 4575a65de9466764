/**
 * The in-memory workbook behind the fake Excel: sheets of sparse cells with what the add-in reads
 * and writes (values, value types, number formats, fills, fonts, notes, comments, hyperlinks,
 * data validation), merges, conditional formats, charts, the selection and the document settings.
 * Proxies change it only at `context.sync()`; tests build and inspect it directly.
 */
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import { type Area, formatLocal, intersect, MAX_COLUMNS, parseLocal, splitSheet } from './address.js';
import { ModelError } from './errors.js';

export type Scalar = string | number | boolean;

export interface FakeFont {
  bold?: boolean;
  italic?: boolean;
  color?: string;
  size?: number;
  name?: string;
}

export interface FakeHyperlink {
  address?: string;
  documentReference?: string;
  textToDisplay?: string;
  screenTip?: string;
}

export interface FakeNote {
  content: string;
  authorName: string;
}

/** One cell; a missing cell is blank with default formatting. Empty value is "". */
export interface FakeCell {
  value: Scalar;
  /** Set only for error cells ("#DIV/0!" with valueType 'Error'); otherwise derived from the value. */
  valueType?: 'Error';
  formula?: string;
  numberFormat?: string;
  fill?: string;
  font?: FakeFont;
  wrapText?: boolean;
  horizontalAlignment?: string;
  hyperlink?: FakeHyperlink;
  /** Excel.DataValidationRule as set (e.g. { list: { inCellDropDown: true, source: "是,否" } }). */
  validation?: Record<string, unknown>;
  note?: FakeNote;
}

export interface FakeConditionalFormat {
  id: string;
  type: string;
  areas: Area[];
  formula?: string;
  /** A ContainsText format's rule. */
  textRule?: { operator: string; text: string };
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  stopIfTrue: boolean;
}

export interface FakeChart {
  id: string;
  name: string;
  chartType: string;
  source: Area;
  seriesBy: string;
  title: string;
  position?: { startCell: string; endCell?: string };
}

export interface FakeComment {
  id: string;
  sheet: FakeSheet;
  row: number;
  column: number;
  content: string;
  authorName: string;
  contentType: string;
  resolved: boolean;
}

export interface WorksheetChangedArgs {
  type: 'WorksheetChanged';
  worksheetId: string;
  address: string;
  changeType: 'RangeEdited';
  source: 'Local' | 'Remote';
}

type ChangeListener = (args: WorksheetChangedArgs) => unknown;

const BLANK: Readonly<FakeCell> = Object.freeze({ value: '' });

export class FakeSheet {
  readonly cells = new Map<number, FakeCell>();
  merges: Area[] = [];
  conditionalFormats: FakeConditionalFormat[] = [];
  charts: FakeChart[] = [];
  visibility = 'Visible';
  tabColor = '';
  freeze = { rows: 0, columns: 0 };
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  /** Times autofitColumns / autofitRows ran on this sheet (the fake does not measure text). */
  autofits = 0;
  deleted = false;

  constructor(
    readonly book: FakeBook,
    readonly id: string,
    public name: string,
  ) {}

  private static key(row: number, column: number): number {
    return row * (MAX_COLUMNS + 1) + column;
  }

  /** The cell at 1-based (row, column), read-only; a blank default when nothing is stored. */
  at(row: number, column: number): Readonly<FakeCell> {
    return this.cells.get(FakeSheet.key(row, column)) ?? BLANK;
  }

  /** The cell at an A1 address ("B3"), for tests. */
  cell(address: string): Readonly<FakeCell> {
    const area = parseLocal(address);
    return this.at(area.top, area.left);
  }

  /** The stored cell, created when missing, for writing. */
  edit(row: number, column: number): FakeCell {
    const key = FakeSheet.key(row, column);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { value: '' };
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Stored cells inside an area (sparse: blank default cells are not visited), row by row. */
  *storedIn(area: Area): Generator<{ row: number; column: number; cell: FakeCell }> {
    // Walk the area when it is smaller than the sheet's stored cells, else walk the stored cells.
    if ((area.bottom - area.top + 1) * (area.right - area.left + 1) <= this.cells.size) {
      for (let row = area.top; row <= area.bottom; row++) {
        for (let column = area.left; column <= area.right; column++) {
          const cell = this.cells.get(FakeSheet.key(row, column));
          if (cell) yield { row, column, cell };
        }
      }
      return;
    }
    for (const [key, cell] of this.cells) {
      const row = Math.floor(key / (MAX_COLUMNS + 1));
      const column = key % (MAX_COLUMNS + 1);
      if (row >= area.top && row <= area.bottom && column >= area.left && column <= area.right) yield { row, column, cell };
    }
  }

  /** Values of an area as Range.values gives them ("" for blank), for tests. */
  values(address: string): Scalar[][] {
    const area = parseLocal(address);
    const out: Scalar[][] = [];
    for (let r = area.top; r <= area.bottom; r++) {
      const row: Scalar[] = [];
      for (let c = area.left; c <= area.right; c++) row.push(this.at(r, c).value);
      out.push(row);
    }
    return out;
  }

  /** Bounding box of cells with a value (valuesOnly) or with anything set; null when none. */
  usedArea(valuesOnly: boolean): Area | null {
    let area: Area | null = null;
    for (const [key, cell] of this.cells) {
      if (valuesOnly ? cell.value === '' && cell.formula === undefined : isDefaultCell(cell)) continue;
      const row = Math.floor(key / (MAX_COLUMNS + 1));
      const column = key % (MAX_COLUMNS + 1);
      area = area
        ? { top: Math.min(area.top, row), left: Math.min(area.left, column), bottom: Math.max(area.bottom, row), right: Math.max(area.right, column) }
        : { top: row, left: column, bottom: row, right: column };
    }
    return area;
  }

  /** Merged areas that meet `area`. */
  mergesIn(area: Area): Area[] {
    return this.merges.filter((m) => intersect(m, area));
  }

  get position(): number {
    return this.book.sheets.indexOf(this);
  }
}

function isDefaultCell(cell: FakeCell): boolean {
  return Object.entries(cell).every(([k, v]) => (k === 'value' ? v === '' : v === undefined));
}

/** Excel's serial day number of a date (1900 date system, UTC day). */
export function dateSerial(date: Date): number {
  return date.getTime() / 86_400_000 + 25_569;
}

export function serialDate(serial: number): Date {
  return new Date(Math.round((serial - 25_569) * 86_400_000));
}

export function toScalar(value: CellValue): Scalar {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateSerial(value);
  return value;
}

export class FakeBook {
  readonly sheets: FakeSheet[] = [];
  readonly comments = new Map<string, FakeComment>();
  /** Comments by cell ("sheetId:row:column"), so finding one does not scan them all. */
  private readonly commentsByCell = new Map<string, FakeComment>();
  activeSheet: FakeSheet | undefined;
  /** The selected range, as Range.select() left it. */
  selection: { sheet: string; address: string } | undefined;
  /** Office.context.document.settings after saveAsync: these travel inside the saved workbook. */
  documentSettings: Record<string, unknown> = {};
  /** Every Office.context.document.settings.set call (saved or not), so tests can assert what was put there. */
  readonly settingsWrites: { name: string; value: unknown }[] = [];
  /** Who is editing: author of notes and comments the add-in adds. */
  userName = '县统计员';
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private nextId = 1;

  newId(prefix: string): string {
    return `${prefix}${this.nextId++}`;
  }

  static fromWorkbookInput(input: WorkbookInput): FakeBook {
    const book = new FakeBook();
    for (const source of input.sheets) {
      const sheet = book.addSheet(source.name);
      const top = source.originRow ?? 1;
      const left = source.originColumn ?? 1;
      source.rows.forEach((row, i) => {
        row?.forEach((value, j) => {
          const type = source.valueTypes?.[i]?.[j];
          const format = source.numberFormats?.[i]?.[j];
          const scalar = toScalar(value);
          if (scalar === '' && type === undefined && format === undefined) return;
          const cell = sheet.edit(top + i, left + j);
          cell.value = scalar;
          if (type === 'Error') cell.valueType = 'Error';
          if (format !== undefined) cell.numberFormat = format;
          else if (value instanceof Date) cell.numberFormat = 'yyyy-mm-dd';
        });
      });
      sheet.merges = (source.merges ?? []).map((m) => parseLocal(splitSheet(m).local));
    }
    return book;
  }

  /**
   * The book as the engine's input: values (formula cells give their cached value), error types,
   * number formats and merges. Cells with a date format become Dates again, as an .xlsx reader gives them.
   */
  toWorkbookInput(): WorkbookInput {
    return {
      sheets: this.sheets.map((sheet) => {
        const used = sheet.usedArea(false);
        const rows: CellValue[][] = [];
        const valueTypes: ('Error' | undefined)[][] = [];
        const numberFormats: (string | undefined)[][] = [];
        for (let r = 1; used && r <= used.bottom; r++) {
          const row: CellValue[] = [];
          for (let c = 1; c <= used.right; c++) {
            const cell = sheet.at(r, c);
            const isDate = typeof cell.value === 'number' && cell.numberFormat !== undefined && /[yd]/iu.test(cell.numberFormat) && !/^\[/u.test(cell.numberFormat);
            row.push(cell.value === '' ? null : isDate ? serialDate(cell.value as number) : cell.value);
            if (cell.valueType === 'Error') (valueTypes[r - 1] ??= [])[c - 1] = 'Error';
            if (cell.numberFormat !== undefined) (numberFormats[r - 1] ??= [])[c - 1] = cell.numberFormat;
          }
          rows.push(row);
        }
        return { name: sheet.name, rows, valueTypes, numberFormats, merges: sheet.merges.map(formatLocal) };
      }),
    };
  }

  addSheet(name: string): FakeSheet {
    if (this.findSheet(name)) throw new ModelError('ItemAlreadyExists', `A worksheet named '${name}' already exists.`);
    if (name.length === 0 || name.length > 31 || /[\\/?*[\]:]/u.test(name)) throw new ModelError('InvalidArgument', `The worksheet name '${name}' is not valid.`);
    const sheet = new FakeSheet(this, `{00000000-0001-0000-${String(this.sheets.length + 1).padStart(4, '0')}-${this.newId('').padStart(12, '0')}}`, name);
    this.sheets.push(sheet);
    this.activeSheet ??= sheet;
    return sheet;
  }

  /** Sheet by name, case-insensitive as in Excel. */
  findSheet(name: string): FakeSheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  /** Sheet by name, for tests; throws when missing. */
  sheet(name: string): FakeSheet {
    const sheet = this.findSheet(name);
    if (!sheet) throw new ModelError('ItemNotFound', `The worksheet '${name}' does not exist.`);
    return sheet;
  }

  deleteSheet(sheet: FakeSheet): void {
    if (this.sheets.filter((s) => s.visibility === 'Visible').length <= 1 && sheet.visibility === 'Visible') {
      throw new ModelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    }
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (const comment of [...this.comments.values()]) if (comment.sheet === sheet) this.removeComment(comment);
    sheet.deleted = true;
    if (this.activeSheet === sheet) this.activeSheet = this.sheets[0];
    if (this.selection?.sheet === sheet.name) this.selection = undefined;
  }

  active(): FakeSheet {
    if (!this.activeSheet) throw new ModelError('ItemNotFound', 'The workbook has no worksheet.');
    return this.activeSheet;
  }

  /** A fill the user made (not the add-in), for "user formatting untouched" tests. */
  setUserFill(sheet: string, address: string, color: string): void {
    const area = parseLocal(address);
    for (let r = area.top; r <= area.bottom; r++) for (let c = area.left; c <= area.right; c++) this.sheet(sheet).edit(r, c).fill = color.toUpperCase();
  }

  addUserNote(sheet: string, address: string, content: string, authorName = '用户'): void {
    const area = parseLocal(address);
    this.sheet(sheet).edit(area.top, area.left).note = { content, authorName };
  }

  addUserComment(sheet: string, address: string, content: string, authorName = '用户'): string {
    const area = parseLocal(address);
    return this.putComment(this.sheet(sheet), area.top, area.left, content, authorName, 'Plain').id;
  }

  putComment(sheet: FakeSheet, row: number, column: number, content: string, authorName: string, contentType: string): FakeComment {
    if (this.commentAt(sheet, row, column)) {
      throw new ModelError('InvalidArgument', `The cell ${formatLocal({ top: row, left: column, bottom: row, right: column })} already has a comment.`);
    }
    const comment: FakeComment = { id: this.newId('comment-'), sheet, row, column, content, authorName, contentType, resolved: false };
    this.comments.set(comment.id, comment);
    this.commentsByCell.set(`${sheet.id}:${row}:${column}`, comment);
    return comment;
  }

  commentAt(sheet: FakeSheet, row: number, column: number): FakeComment | undefined {
    return this.commentsByCell.get(`${sheet.id}:${row}:${column}`);
  }

  removeComment(comment: FakeComment): void {
    this.comments.delete(comment.id);
    this.commentsByCell.delete(`${comment.sheet.id}:${comment.row}:${comment.column}`);
  }

  /**
   * The user types values into a range: the cells change and the sheet's onChanged handlers run
   * (source 'Local', as Excel reports the user's own edits). Resolves when the handlers have run.
   */
  async edit(sheetName: string, address: string, values: Scalar[][]): Promise<void> {
    const sheet = this.sheet(sheetName);
    const area = parseLocal(address);
    values.forEach((row, i) => row.forEach((value, j) => {
      const cell = sheet.edit(area.top + i, area.left + j);
      cell.value = value;
      delete cell.formula;
      delete cell.valueType;
    }));
    await this.fireChanged(sheet, area);
  }

  onChanged(sheet: FakeSheet, listener: ChangeListener): () => void {
    let set = this.listeners.get(sheet.id);
    if (!set) this.listeners.set(sheet.id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  listenerCount(sheetName?: string): number {
    if (sheetName !== undefined) return this.listeners.get(this.sheet(sheetName).id)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async fireChanged(sheet: FakeSheet, area: Area): Promise<void> {
    const args: WorksheetChangedArgs = { type: 'WorksheetChanged', worksheetId: sheet.id, address: formatLocal(area), changeType: 'RangeEdited', source: 'Local' };
    for (const listener of [...(this.listeners.get(sheet.id) ?? [])]) await listener({ ...args });
  }
}

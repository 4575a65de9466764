/**
 * Notes (ExcelApi 1.18) and comments (ExcelApi 1.10), from the workbook or from one worksheet.
 * Adding one where the cell already has one fails the sync with InvalidArgument (the fake's
 * choice: Microsoft documents no code for this case).
 */
import { formatLocal, parseLocal, splitSheet } from './address.js';
import { type Cells, live, single } from './cells.js';
import { ModelError } from './errors.js';
import { Range } from './range.js';
import { ClientCollection, ClientObject, defineProperties } from './runtime.js';
import type { FakeBook, FakeComment, FakeSheet } from './workbook.js';

/** Where a collection looks: one sheet, or the whole workbook. */
export interface Scope {
  book: FakeBook;
  sheet?: FakeSheet;
}

interface CellRef {
  sheet: FakeSheet;
  row: number;
  column: number;
}

const cellName = (ref: CellRef): string => formatLocal({ top: ref.row, left: ref.column, bottom: ref.row, right: ref.column });

/** The one cell of a `Range | string` argument: "A1" is on the scope's sheet (the active sheet for the workbook). */
function targetCell(scope: Scope, address: unknown): CellRef {
  let sheet: FakeSheet;
  let cells: Cells;
  if (address instanceof Range) {
    const resolved = address._resolve();
    if (!resolved) throw new ModelError('ItemNotFound', 'The range does not exist.');
    cells = resolved;
    sheet = resolved.sheet;
  } else if (typeof address === 'string') {
    const { sheet: name, local } = splitSheet(address);
    const found = name === undefined ? (scope.sheet ?? scope.book.active()) : scope.book.findSheet(name);
    if (!found) throw new ModelError('ItemNotFound', `The worksheet '${name}' does not exist.`);
    sheet = found;
    cells = { sheet, areas: [parseLocal(local)] };
  } else throw new ModelError('InvalidArgument', 'Expected a cell address or a Range.');
  if (scope.sheet && sheet !== scope.sheet) throw new ModelError('InvalidArgument', `The cell is not on the worksheet '${scope.sheet.name}'.`);
  const area = single(cells);
  if (cells.areas.length !== 1 || area.top !== area.bottom || area.left !== area.right) {
    throw new ModelError('InvalidArgument', 'The range must be a single cell.');
  }
  return { sheet: live(sheet), row: area.top, column: area.left };
}

function sheetsOf(scope: Scope): FakeSheet[] {
  return scope.sheet ? [live(scope.sheet)] : scope.book.sheets;
}

function locationOf(ref: CellRef): Cells {
  return { sheet: live(ref.sheet), areas: [{ top: ref.row, left: ref.column, bottom: ref.row, right: ref.column }] };
}

function noteAt(ref: CellRef): CellRef {
  if (!live(ref.sheet).at(ref.row, ref.column).note) throw new ModelError('ItemNotFound', `There is no note on ${cellName(ref)}.`);
  return ref;
}

export class NoteCollection extends ClientCollection<Scope, Note> {
  _entities(scope: Scope): CellRef[] {
    const out: CellRef[] = [];
    for (const sheet of sheetsOf(scope)) {
      const refs: CellRef[] = [];
      for (const { row, column, cell } of sheet.storedIn({ top: 1, left: 1, bottom: Number.MAX_SAFE_INTEGER, right: Number.MAX_SAFE_INTEGER })) {
        if (cell.note) refs.push({ sheet, row, column });
      }
      refs.sort((a, b) => a.row - b.row || a.column - b.column);
      out.push(...refs);
    }
    return out;
  }

  _itemProxy(entity: unknown): Note {
    const ref = entity as CellRef;
    const note = new Note(this.context, this, 'GetItem', [cellName(ref)], 'Item', () => noteAt(ref));
    note._setEntity(ref);
    return note;
  }

  add(cellAddress: Range | string, content: unknown): Note {
    return new Note(this.context, this, 'Add', [cellAddress, content], 'Method', (scope: Scope) => {
      const ref = targetCell(scope, cellAddress);
      const cell = ref.sheet.edit(ref.row, ref.column);
      if (cell.note) throw new ModelError('InvalidArgument', `The cell ${cellName(ref)} already has a note.`);
      // Excel keeps a cell's note or its comment thread, never both.
      if (scope.book.commentAt(ref.sheet, ref.row, ref.column)) throw new ModelError('InvalidArgument', `The cell ${cellName(ref)} already has a comment.`);
      cell.note = { content: String(content), authorName: scope.book.userName };
      return ref;
    }, '1.18')._instantiate('1.18');
  }

  private find(scope: Scope, key: string): CellRef | null {
    const ref = targetCell(scope, key);
    return ref.sheet.at(ref.row, ref.column).note ? ref : null;
  }

  getItem(key: string): Note {
    return new Note(this.context, this, 'GetItem', [key], 'Method', (scope: Scope) => {
      const ref = this.find(scope, key);
      if (!ref) throw new ModelError('ItemNotFound', `There is no note on ${key}.`);
      return ref;
    }, '1.18');
  }

  getItemOrNullObject(key: string): Note {
    return new Note(this.context, this, 'GetItemOrNullObject', [key], 'Method', (scope: Scope) => this.find(scope, key), '1.18')._instantiate('1.18');
  }

  getItemAt(index: number): Note {
    return new Note(this.context, this, 'GetItemAt', [index], 'Method', (scope: Scope) => {
      const ref = this._entities(scope)[index];
      if (!ref) throw new ModelError('ItemNotFound', `There is no note at ${index}.`);
      return ref;
    }, '1.18');
  }

  getCount() {
    return this._methodResult('GetCount', [], (scope) => this._entities(scope).length, '1.18');
  }
}

export class Note extends ClientObject<CellRef> {
  declare content: string;
  declare readonly authorName: string;
  declare visible: boolean;
  declare height: number;
  declare width: number;

  delete(): void {
    this._method('Delete', [], (ref) => delete noteAt(ref).sheet.edit(ref.row, ref.column).note, '1.18');
  }

  getLocation(): Range {
    return new Range(this.context, this, 'GetLocation', [], 'Method', (ref: CellRef) => locationOf(noteAt(ref)), '1.18');
  }
}

defineProperties<CellRef>(Note, {
  content: { get: (r) => noteAt(r).sheet.at(r.row, r.column).note!.content, set: (r, v) => (noteAt(r).sheet.edit(r.row, r.column).note!.content = String(v)) },
  authorName: { get: (r) => noteAt(r).sheet.at(r.row, r.column).note!.authorName },
  visible: { get: () => false, set: () => undefined },
  height: { get: () => 59.25, set: () => undefined },
  width: { get: () => 96, set: () => undefined },
});

function commentIn(scope: Scope, comment: FakeComment | undefined): FakeComment | null {
  if (!comment || (scope.sheet && comment.sheet !== scope.sheet)) return null;
  return comment;
}

function commentExists(comment: FakeComment): FakeComment {
  if (comment.sheet.book.comments.get(comment.id) !== comment) throw new ModelError('ItemNotFound', `The comment '${comment.id}' has been deleted.`);
  return comment;
}

export class CommentCollection extends ClientCollection<Scope, Comment> {
  _entities(scope: Scope): FakeComment[] {
    const sheets = sheetsOf(scope);
    return [...scope.book.comments.values()]
      .filter((c) => sheets.includes(c.sheet))
      .sort((a, b) => sheets.indexOf(a.sheet) - sheets.indexOf(b.sheet) || a.row - b.row || a.column - b.column);
  }

  _itemProxy(entity: unknown): Comment {
    const comment = entity as FakeComment;
    const item = new Comment(this.context, this, 'GetItem', [comment.id], 'Item', () => commentExists(comment));
    item._setEntity(comment);
    return item;
  }

  add(cellAddress: Range | string, content: unknown, contentType = 'Plain'): Comment {
    return new Comment(this.context, this, 'Add', [cellAddress, content, contentType], 'Method', (scope: Scope) => {
      // Office.js: "If it's a string, it must contain the full address, including the sheet name."
      if (typeof cellAddress === 'string' && !cellAddress.includes('!')) throw new ModelError('InvalidArgument', `The address '${cellAddress}' has no worksheet name.`);
      const ref = targetCell(scope, cellAddress);
      if (ref.sheet.at(ref.row, ref.column).note) throw new ModelError('InvalidArgument', `The cell ${cellName(ref)} already has a note.`);
      const text = typeof content === 'string' ? content : String((content as { richContent?: unknown }).richContent ?? '');
      return scope.book.putComment(ref.sheet, ref.row, ref.column, text, scope.book.userName, contentType);
    }, '1.10')._instantiate('1.10');
  }

  getItem(commentId: string): Comment {
    return new Comment(this.context, this, 'GetItem', [commentId], 'Method', (scope: Scope) => {
      const found = commentIn(scope, scope.book.comments.get(commentId));
      if (!found) throw new ModelError('ItemNotFound', `There is no comment '${commentId}'.`);
      return found;
    }, '1.10');
  }

  getItemOrNullObject(commentId: string): Comment {
    return new Comment(this.context, this, 'GetItemOrNullObject', [commentId], 'Method', (scope: Scope) => commentIn(scope, scope.book.comments.get(commentId)), '1.14')._instantiate('1.14');
  }

  getItemByCell(cellAddress: Range | string): Comment {
    return new Comment(this.context, this, 'GetItemByCell', [cellAddress], 'Method', (scope: Scope) => {
      const ref = targetCell(scope, cellAddress);
      const found = scope.book.commentAt(ref.sheet, ref.row, ref.column);
      if (!found) throw new ModelError('ItemNotFound', `There is no comment on ${cellName(ref)}.`);
      return found;
    }, '1.10');
  }

  getItemAt(index: number): Comment {
    return new Comment(this.context, this, 'GetItemAt', [index], 'Method', (scope: Scope) => {
      const found = this._entities(scope)[index];
      if (!found) throw new ModelError('ItemNotFound', `There is no comment at ${index}.`);
      return found;
    }, '1.10');
  }

  getCount() {
    return this._methodResult('GetCount', [], (scope) => this._entities(scope).length, '1.10');
  }
}

export class Comment extends ClientObject<FakeComment> {
  declare readonly id: string;
  declare content: string;
  declare readonly authorName: string;
  declare readonly authorEmail: string;
  declare readonly contentType: string;
  declare resolved: boolean;

  delete(): void {
    this._method('Delete', [], (c) => c.sheet.book.removeComment(commentExists(c)), '1.10');
  }

  getLocation(): Range {
    return new Range(this.context, this, 'GetLocation', [], 'Method', (c: FakeComment) => locationOf(commentExists(c)), '1.10');
  }
}

defineProperties<FakeComment>(Comment, {
  id: { get: (c) => commentExists(c).id },
  content: { get: (c) => commentExists(c).content, set: (c, v) => (commentExists(c).content = String(v)) },
  authorName: { get: (c) => commentExists(c).authorName },
  authorEmail: { get: () => '' },
  contentType: { requires: '1.12', get: (c) => commentExists(c).contentType },
  resolved: { requires: '1.11', get: (c) => commentExists(c).resolved, set: (c, v) => (commentExists(c).resolved = Boolean(v)) },
});

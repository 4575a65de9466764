/**
 * exceljs, loaded with one fix: its SAX feed (lib/utils/parse-sax.js) decodes every stream chunk
 * on its own, so a multi-byte UTF-8 character split across two chunks becomes "��" — one Chinese
 * character in a few thousand, at random, in every file read (exceljs issues #2063, #2084, #2316;
 * fix PRs #1665, #1821, #2894 unmerged as of 4.4.0). The replacement below is the same function
 * with a StringDecoder that carries partial characters over to the next chunk. It is put into the
 * CommonJS module cache before exceljs loads, so every exceljs reader uses it.
 *
 * The same feed also makes every part parsed to its end well-formed XML (saxes is closed at the end
 * of the input, so a part cut short or empty is an error, not a shorter sheet), and, inside
 * <sheetData>, checks and completes row and cell references: rows and cells without r (allowed by
 * the standard, written by some producers) get the next number, and a reference beyond Excel's
 * limits (1,048,576 rows × 16,384 columns) or out of order is a SheetReferenceError, found before
 * exceljs builds anything for it. An inline string of several runs keeps all of them; phonetic
 * guides and the indentation between cells and string runs (pretty-printed XML) are not text.
 *
 * Import exceljs values only from this module (lint enforces it); type imports are fine.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSModule from 'exceljs';
import { columnLetter } from '../../shared/table/address.js';

const require = createRequire(import.meta.url);
const excelEntry = require.resolve('exceljs');
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');

if (require.cache[excelEntry] && require.cache[parseSaxPath]?.exports !== parseSax) {
  throw new Error('exceljs was loaded before bot/xlsx/exceljs.ts could fix its UTF-8 decoding; import exceljs only through that module');
}

interface SaxesLike {
  on(event: string, handler: (value: unknown) => void): void;
  write(text: string): void;
  close(): void;
}
const { SaxesParser } = createRequire(parseSaxPath)('saxes') as { SaxesParser: new () => SaxesLike };

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };
interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A row or cell reference a spreadsheet program cannot have written. */
export class SheetReferenceError extends Error {
  override name = 'SheetReferenceError';
  constructor(
    readonly problem: 'row-limit' | 'column-limit' | 'order' | 'malformed' | 'value',
    /** The reference as written (or as completed, for one without r). */
    readonly ref: string,
  ) {
    super(`${problem}: ${ref}`);
  }
}

/** Row and cell references inside <sheetData>: checked against Excel's limits and order, completed where absent. */
class SheetReferences {
  private inSheetData = false;
  /** Inside <sst> (sharedStrings.xml). */
  private inStrings = false;
  private row = 0;
  private column = 0;
  private inlineString = false;
  private inlineRuns = 0;
  private phonetic = 0;
  /** Inside <t>, <v> or <f>: the only text of cells and strings (the rest is indentation). */
  private inValue = 0;
  /** The current cell's type (t) and reference, and the text of its <v> where that must be a number. */
  private cellType = 'n';
  private cellRef = '';
  private numberText: string | null = null;
  /** The cached text of an error cell (t="e"), kept by its reference, completed where the file gave none. */
  private errorText: string | null = null;

  constructor(private readonly errors?: Map<string, string>) {}

  /** False when the tag is to be dropped (a second run of an inline string, a phonetic guide's text). */
  open(tag: SaxTag): boolean {
    if (this.inStrings) return this.openInStrings(tag);
    if (!this.inSheetData) {
      if (tag.name === 'sheetData') this.inSheetData = true;
      else if (tag.name === 'sst') this.inStrings = true;
      return true;
    }
    switch (tag.name) {
      case 'row': {
        const r = tag.attributes['r'];
        if (r !== undefined && !/^\d{1,10}$/u.test(r)) throw new SheetReferenceError('malformed', r);
        const n = r === undefined ? this.row + 1 : Number(r);
        if (n > MAX_ROWS) throw new SheetReferenceError('row-limit', String(n));
        if (n <= this.row) throw new SheetReferenceError(n < 1 ? 'malformed' : 'order', String(n));
        if (r === undefined) tag.attributes['r'] = String(n);
        this.row = n;
        this.column = 0;
        return true;
      }
      case 'c': {
        const r = tag.attributes['r'];
        let n: number;
        if (r === undefined) {
          n = this.column + 1;
          tag.attributes['r'] = `${columnLetter(n)}${this.row}`;
        } else {
          n = this.checkedColumn(tag, r);
        }
        if (n > MAX_COLUMNS) throw new SheetReferenceError('column-limit', tag.attributes['r']!);
        if (n <= this.column) throw new SheetReferenceError('order', tag.attributes['r']!);
        this.column = n;
        this.cellType = tag.attributes['t'] ?? 'n';
        this.cellRef = tag.attributes['r']!;
        return true;
      }
      case 'is':
        this.inlineString = true;
        this.inlineRuns = 0;
        return true;
      case 't':
        this.inValue++;
        // exceljs starts the value afresh at every <t>: keep the first, so the runs' text adds up.
        return !this.inlineString || (this.phonetic === 0 && this.inlineRuns++ === 0);
      case 'v':
        // A number, shared-string index or boolean that exceljs would parseFloat/parseInt: "12abc" is not 12.
        if (this.cellType === 'n' || this.cellType === 's' || this.cellType === 'b') this.numberText = '';
        else if (this.cellType === 'e' && this.errors) this.errorText = '';
        this.inValue++;
        return true;
      case 'f':
        this.inValue++;
        return true;
      case 'rPh':
        if (this.inlineString) this.phonetic++;
        return true;
      default:
        return true;
    }
  }

  /** In sharedStrings.xml, a phonetic guide's <t> would replace the string's text. */
  private openInStrings(tag: SaxTag): boolean {
    if (tag.name === 'rPh') this.phonetic++;
    else if (tag.name === 't') {
      this.inValue++;
      return this.phonetic === 0;
    }
    return true;
  }

  /** The column of a cell reference like "AB12" (checked by hand: this runs for every cell). */
  private checkedColumn(tag: SaxTag, r: string): number {
    let column = 0;
    let i = 0;
    let lowerCase = false;
    for (; i < r.length; i++) {
      const raw = r.charCodeAt(i);
      const ch = raw & ~0x20;
      if (ch < 65 || ch > 90) break;
      lowerCase ||= raw !== ch;
      column = column * 26 + ch - 64;
    }
    const letters = i;
    let row = 0;
    for (; i < r.length; i++) {
      const ch = r.charCodeAt(i);
      if (ch < 48 || ch > 57) break;
      row = row * 10 + ch - 48;
    }
    if (letters === 0 || letters > 4 || i !== r.length || i === letters || i - letters > 10) throw new SheetReferenceError('malformed', r);
    if (column > MAX_COLUMNS) throw new SheetReferenceError('column-limit', r);
    if (row > MAX_ROWS) throw new SheetReferenceError('row-limit', r);
    if (lowerCase) tag.attributes['r'] = r.toUpperCase();
    return column;
  }

  /** False when the text is to be dropped: indentation between cells or runs, phonetic guides. */
  text(value: string): boolean {
    if (this.numberText !== null) {
      this.numberText += value;
      if (this.numberText.length > 64) throw new SheetReferenceError('value', this.cellRef);
    }
    if (this.errorText !== null && this.errorText.length < 64) this.errorText += value;
    if (!this.inSheetData && !this.inStrings) return true;
    return this.inValue > 0 && this.phonetic === 0;
  }

  /** True inside a cell's or a string's <t>, <v> or <f>, where whitespace is data. */
  inValueText(): boolean {
    return (this.inSheetData || this.inStrings) && this.inValue > 0;
  }

  close(tag: SaxTag): void {
    if (!this.inSheetData && !this.inStrings) return;
    switch (tag.name) {
      case 'sheetData':
        this.inSheetData = false;
        break;
      case 'sst':
        this.inStrings = false;
        break;
      case 'is':
        this.inlineString = false;
        break;
      case 'rPh':
        if (this.phonetic > 0) this.phonetic--;
        break;
      case 'v':
        if (this.errorText !== null) {
          this.errors?.set(this.cellRef.toUpperCase(), this.errorText.trim());
          this.errorText = null;
        }
        if (this.numberText !== null) {
          const text = this.numberText.trim();
          this.numberText = null;
          if (text !== '' && !(this.cellType === 'n' ? NUMBER_TEXT : this.cellType === 's' ? INDEX_TEXT : BOOLEAN_TEXT).test(text)) {
            throw new SheetReferenceError('value', this.cellRef);
          }
        }
        if (this.inValue > 0) this.inValue--;
        break;
      case 't':
      case 'f':
        if (this.inValue > 0) this.inValue--;
        break;
    }
  }
}

/** What a cell's <v> holds for a number (t="n" or none; a formula's result too), a shared string (t="s") and a boolean (t="b"). */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^(?:NaN|-?INF|[+-]?Infinity)$/u;
const INDEX_TEXT = /^\d{1,10}$/u;
const BOOLEAN_TEXT = /^[01]$/u;

/** saxes's private buffers: the text (or comment, attribute value…) and the name read so far. */
interface SaxesBuffers {
  text?: unknown;
  name?: unknown;
}

/**
 * Most characters saxes may hold for one piece of text, name or attribute value (a cell holds at
 * most 32,767). saxes gathers a text in full before handing it over, so without a bound the
 * whitespace between two elements — 400 MB of it fits in a 3.7 MB file, mixed spaces, tabs and
 * line breaks deflating about 100:1, under the ratio limit — is held as one string and the process
 * runs out of memory. Whitespace past the bound is dropped (it is indentation, never data); any
 * other text that long is damage.
 */
export const MAX_XML_TEXT = 1 << 20;

const WHITESPACE_RUN = /[ \t\r\n]{256,}/gu;

function boundText(parser: SaxesBuffers): void {
  const { text, name } = parser;
  if (typeof text === 'string' && text.length > MAX_XML_TEXT) {
    if (!/^[ \t\r\n]*$/u.test(text)) throw new Error(`XML text longer than ${MAX_XML_TEXT} characters`);
    parser.text = '';
  }
  if (typeof name === 'string' && name.length > MAX_XML_TEXT) throw new Error(`XML name longer than ${MAX_XML_TEXT} characters`);
}

/**
 * The namespaces of the parts exceljs and the package reader read. Some writers (the Open XML SDK
 * and tools built on it) bind them to a prefix ("<x:worksheet xmlns:x=…>", "<x:c>") where Excel
 * uses the default namespace; Excel reads both, exceljs only knows the bare names.
 */
const OOXML_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://schemas.openxmlformats.org/package/2006/relationships',
  'http://schemas.openxmlformats.org/package/2006/content-types',
]);

/**
 * Element names with the prefix of an OOXML namespace taken off (prefixes are set on the root
 * element). A copy is handed on: saxes matches closing tags against the objects it holds.
 */
class Unprefix {
  private prefixes: string[] | undefined;

  tag<T extends SaxTag>(tag: T): T {
    if (this.prefixes === undefined) {
      this.prefixes = Object.entries(tag.attributes)
        .filter(([name, uri]) => name.startsWith('xmlns:') && OOXML_NAMESPACES.has(uri))
        .map(([name]) => `${name.slice(6)}:`);
    }
    for (const p of this.prefixes) if (tag.name.startsWith(p)) return { ...tag, name: tag.name.slice(p.length) };
    return tag;
  }
}

async function* parseSax(input: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  let iterable = input;
  if (typeof input.pipe === 'function' && !(Symbol.asyncIterator in input)) {
    iterable = (input as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  }
  const parser = new SaxesParser();
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  // A sheet scan riding on the stream (read.ts) collects error cells' texts by their completed references.
  const refs = new SheetReferences((input as { [SHEET_ERRORS]?: Map<string, string> })[SHEET_ERRORS]);
  const names = new Unprefix();
  parser.on('opentag', (tag) => {
    const value = names.tag(tag as SaxTag);
    if (refs.open(value)) events.push({ eventType: 'opentag', value });
  });
  parser.on('text', (value) => {
    if (refs.text(value as string)) events.push({ eventType: 'text', value });
  });
  parser.on('closetag', (tag) => {
    const value = names.tag(tag as SaxTag);
    refs.close(value);
    events.push({ eventType: 'closetag', value });
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of iterable) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // A long run of whitespace goes to saxes as one space unless it is a value's text (saxes
    // would build it up a character and a line break at a time: 11 s for 250 MB, most of it GC).
    // One space is still whitespace wherever the run was: between elements or attributes, in a comment.
    let from = 0;
    for (const run of text.matchAll(WHITESPACE_RUN)) {
      parser.write(text.slice(from, run.index));
      if (error) throw error;
      parser.write(refs.inValueText() ? run[0] : ' ');
      from = run.index + run[0].length;
    }
    parser.write(from === 0 ? text : text.slice(from));
    if (error) throw error;
    boundText(parser as unknown as SaxesBuffers);
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) parser.write(rest);
  // Reached only when the consumer read to the end of the part: it must be a whole document.
  parser.close();
  if (error) throw error;
  if (events.length > 0) yield events;
}

/** Where a worksheet's stream carries the map its error cells' texts go to (see cell-notes.ts). */
export const SHEET_ERRORS = Symbol.for('jieneng.sheetErrors');

/** The same XML feed, for the package parts the reader checks itself ([Content_Types].xml). */
export const xmlEvents = parseSax;

const Module = require('node:module') as { new (id: string): NodeJS.Module };
const fixed = new Module(parseSaxPath);
fixed.filename = parseSaxPath;
fixed.loaded = true;
fixed.exports = parseSax;
require.cache[parseSaxPath] = fixed;

/**
 * What reading needs, without the rest: all of exceljs (document model, writers, their
 * dependencies) takes about 0.2 s to load, a third of what `jieneng validate` of a small workbook costs.
 */
export const WorkbookReader = require('exceljs/lib/stream/xlsx/workbook-reader.js') as typeof ExcelJSModule.stream.xlsx.WorkbookReader;
export const ValueType = (require('exceljs/lib/doc/enums.js') as Pick<typeof ExcelJSModule, 'ValueType'>).ValueType;

/** exceljs's private reader methods that package.ts drives, part by part. */
export const READER_METHODS = ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet'] as const;

/**
 * The private parts of exceljs and saxes this module and package.ts rely on, missing from the
 * installed versions: reading would otherwise fail later with a TypeError on the first upload, or
 * silently lose its memory bound. package.json pins exceljs to the version they were written for.
 */
export function missingInternals(readerPrototype: object, parser: object): string[] {
  const missing: string[] = READER_METHODS.filter((m) => typeof (readerPrototype as Record<string, unknown>)[m] !== 'function').map((m) => `WorkbookReader.${m}`);
  for (const field of ['text', 'name']) if (typeof (parser as Record<string, unknown>)[field] !== 'string') missing.push(`SaxesParser.${field}`);
  return missing;
}

export function checkInternals(readerPrototype: object, parser: object, version: string): void {
  const missing = missingInternals(readerPrototype, parser);
  if (missing.length > 0) {
    throw new Error(
      `Internal error: the installed exceljs ${version} lacks what the .xlsx reader uses (${missing.join(', ')}); it was written for exceljs 4.4.0, the version package.json pins. Reinstall with npm ci.`,
    );
  }
}

checkInternals(WorkbookReader.prototype, new SaxesParser(), (require('exceljs/package.json') as { version: string }).version);

let full: typeof ExcelJSModule | null = null;

/** All of exceljs (writers, the document model), loaded on first use. */
const ExcelJS = new Proxy({} as typeof ExcelJSModule, {
  get: (_target, key) => Reflect.get((full ??= require('exceljs') as typeof ExcelJSModule), key),
});
export default ExcelJS;

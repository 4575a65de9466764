/**
 * What a sheet says beyond its values, in the table model's terms (valueTypes, numberFormats,
 * merges; see shared/table/sheet.ts), gathered while exceljs's streaming reader reads it.
 *
 * exceljs drops two things the engine needs, so the sheet part's XML is also scanned as it
 * streams past: <mergeCell ref> (exceljs ignores it) and the text of a formula's cached error
 * (<c r="B2" t="e"><f>A1/0</f><v>#DIV/0!</v></c>: exceljs parses the "#DIV/0!" as a number,
 * NaN). A formula with no cached result at all (<f> without <v>, or an empty <v/>) is
 * 'Uncalculated'.
 */
import { cellAddress } from '../../shared/table/address.js';

/** The key exceljs.ts's parser looks for on a stream (a registered symbol: the two files need not import each other). */
const SHEET_ERRORS = Symbol.for('jieneng.sheetErrors');
import type { CellValue, CellValueType, SheetInput } from '../../shared/table/sheet.js';

/**
 * A light scan of a worksheet part's bytes, not a parser: it looks only for error cells
 * (t="e") and <mergeCell> elements. Bytes are taken as latin1: both are plain ASCII, so a
 * chunk boundary inside a multi-byte character does not matter.
 */
/**
 * Most merged areas one sheet may have. A county sheet has a handful (a title, a note); Excel
 * itself slows to a crawl long before this. Each is kept as text, so a crafted sheet of millions
 * (30 bytes each, under the inflate cap) would otherwise fill the intake worker's memory.
 */
export const MAX_MERGES = 100_000;

export class MergeLimitError extends Error {
  override name = 'MergeLimitError';
  constructor(readonly limit: number) {
    super(`more than ${limit} merged areas in one sheet`);
  }
}

export class SheetXmlScan {
  readonly merges: string[] = [];
  /** A1 address → error text, for error cells that hold a formula. */
  readonly formulaErrors = new Map<string, string>();
  /** The start of an element cut off at the end of the last chunk. */
  private pending = '';

  /**
   * The bytes passed through unchanged, scanned on the way. The XML parser (exceljs.ts) also
   * finds the stream's formulaErrors map and adds every error cell's text under the reference it
   * completes, so a cell saved without "r" is found too.
   */
  tee(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    const scan = (chunk: string): void => this.scan(chunk);
    const stream = (async function* () {
      for await (const chunk of source) {
        scan(typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
        yield chunk;
      }
    })();
    return Object.assign(stream, { [SHEET_ERRORS]: this.formulaErrors });
  }

  private scan(chunk: string): void {
    const text = this.pending + chunk;
    // Elements from `boundary` on are cut off by the chunk's end: they are read with the next one.
    let boundary = text.length;
    const lastOpen = text.lastIndexOf('<');
    if (lastOpen >= 0 && text.indexOf('>', lastOpen) < 0) boundary = lastOpen;
    // Each pass below moves forward only, so a chunk costs its length, whatever it holds.
    let close = -2; // the next "</c>" at or after the last place asked about (-1: none)
    CELL.lastIndex = 0;
    for (let m = CELL.exec(text); m && m.index < boundary; m = CELL.exec(text)) {
      const tag = m[0];
      const tagEnd = m.index + tag.length;
      if (tag.endsWith('/>') || !ERROR_TYPE.test(tag)) continue; // a self-closing cell holds no formula
      if (tagEnd > boundary) {
        boundary = m.index;
        break;
      }
      if (close !== -1 && close < tagEnd) close = closeOf(text, tagEnd);
      if (close < 0 || text.indexOf('>', close) + 1 > boundary) {
        // Not finished in this chunk: held for the next one, unless it is already longer than
        // any cell a spreadsheet program writes (then it is skipped, not held and scanned again).
        if (text.length - m.index <= MAX_HELD) {
          boundary = m.index;
          break;
        }
        continue;
      }
      this.errorCell(text.slice(m.index, close)); // a cell seen twice is set twice to the same text
      CELL.lastIndex = close;
    }
    MERGE.lastIndex = 0;
    for (let m = MERGE.exec(text); m && m.index + m[0].length <= boundary; m = MERGE.exec(text)) {
      const ref = /\bref=["']([^"']+)["']/u.exec(m[0])?.[1];
      if (ref && this.merges.push(ref) > MAX_MERGES) throw new MergeLimitError(MAX_MERGES);
    }
    // An element cut off that is already longer than any this scan looks for is not held.
    this.pending = text.length - boundary > MAX_HELD ? '' : text.slice(boundary);
  }

  private errorCell(cell: string): void {
    const tagEnd = cell.indexOf('>');
    if (!/<(?:[\w.-]+:)?f[\s>/]/u.test(cell.slice(tagEnd))) return;
    const ref = /\br=["']([A-Za-z]{1,3}\d{1,7})["']/u.exec(cell.slice(0, tagEnd))?.[1];
    const value = /<(?:[\w.-]+:)?v>([^<]*)<\/(?:[\w.-]+:)?v>/u.exec(cell)?.[1];
    if (ref && value) this.formulaErrors.set(ref.toUpperCase(), value.trim());
  }
}

/** A cell's start tag, and an error type among its attributes. */
const CELL = /<(?:[\w.-]+:)?c\s[^>]*>/gu;
const ERROR_TYPE = /\st\s*=\s*["']e["']/u;
const MERGE = /<(?:[\w.-]+:)?mergeCell\s[^>]*>/gu;
/** A cell's end tag, with or without a namespace prefix ("</c>", "</x:c>"). */
const CELL_END = /<\/(?:[\w.-]+:)?c>/gu;

/** Where the first cell end tag at or after `from` starts, or -1. */
function closeOf(text: string, from: number): number {
  CELL_END.lastIndex = from;
  return CELL_END.exec(text)?.index ?? -1;
}
/**
 * Most characters held back from one chunk for the next: an error cell's XML (a formula is at most
 * 8,192 characters, escaped) or an element cut off by the chunk's end. A self-closing error cell,
 * or one never closed, used to be held with everything after it and scanned again on every chunk:
 * 32 MB after one took 27 s and 2 GB.
 */
const MAX_HELD = 64 * 1024;

/** Per-cell notes of one sheet, kept sparse: only cells that need one get one. */
export class SheetNotes {
  private readonly types: (CellValueType[] | undefined)[] = [];
  private readonly formats: (string[] | undefined)[] = [];
  /** Formula cells whose cached result exceljs read as NaN: an error value or an empty <v>. */
  private readonly nanResults: { row: number; column: number }[] = [];

  type(row: number, column: number, type: CellValueType): void {
    (this.types[row - 1] ??= [])[column - 1] = type;
  }

  format(row: number, column: number, format: string): void {
    (this.formats[row - 1] ??= [])[column - 1] = format;
  }

  nanResult(row: number, column: number): void {
    this.nanResults.push({ row, column });
  }

  /** The notes as SheetInput fields, NaN results settled from the scan (error text, or uncalculated). */
  finish(rows: (CellValue[] | undefined)[], scan: SheetXmlScan): Pick<SheetInput, 'valueTypes' | 'numberFormats' | 'merges'> {
    for (const { row, column } of this.nanResults) {
      const error = scan.formulaErrors.get(cellAddress(row, column));
      (rows[row - 1] ??= [])[column - 1] = error ?? null;
      this.type(row, column, error ? 'Error' : 'Uncalculated');
    }
    return {
      ...(this.types.length > 0 ? { valueTypes: this.types } : {}),
      ...(this.formats.length > 0 ? { numberFormats: this.formats } : {}),
      ...(scan.merges.length > 0 ? { merges: scan.merges } : {}),
    };
  }
}

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
import type { CellValue, CellValueType, SheetInput } from '../../shared/table/sheet.js';

/**
 * A light scan of a worksheet part's bytes, not a parser: it looks only for error cells
 * (t="e") and <mergeCell> elements. Bytes are taken as latin1: both are plain ASCII, so a
 * chunk boundary inside a multi-byte character does not matter.
 */
export class SheetXmlScan {
  readonly merges: string[] = [];
  /** A1 address → error text, for error cells that hold a formula. */
  readonly formulaErrors = new Map<string, string>();
  /** The start of an element cut off at the end of the last chunk. */
  private pending = '';

  /** The bytes passed through unchanged, scanned on the way. */
  async *tee(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of source) {
      this.scan(typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
      yield chunk;
    }
  }

  private scan(chunk: string): void {
    const text = this.pending + chunk;
    // Elements from `boundary` on are cut off by the chunk's end: they are read with the next one.
    let boundary = text.length;
    const lastOpen = text.lastIndexOf('<');
    if (lastOpen >= 0 && text.indexOf('>', lastOpen) < 0) boundary = lastOpen;
    for (const marker of ['t="e"', "t='e'"]) {
      for (let at = text.indexOf(marker); at >= 0 && at < boundary; at = text.indexOf(marker, at + marker.length)) {
        const start = cellStart(text, at);
        if (start < 0) continue;
        const end = text.indexOf('</c>', at);
        if (end < 0 || end > boundary) {
          boundary = Math.min(boundary, start);
          break;
        }
        this.errorCell(text.slice(start, end)); // a cell seen twice is set twice to the same text
      }
    }
    for (let at = text.indexOf('<mergeCell '); at >= 0 && at < boundary; at = text.indexOf('<mergeCell ', at + 1)) {
      const end = text.indexOf('>', at);
      if (end < 0 || end > boundary) break;
      const ref = /\bref=["']([^"']+)["']/u.exec(text.slice(at, end))?.[1];
      if (ref) this.merges.push(ref);
    }
    this.pending = text.slice(boundary);
  }

  private errorCell(cell: string): void {
    const tagEnd = cell.indexOf('>');
    if (tagEnd < 0 || cell[tagEnd - 1] === '/' || !/<f[\s>/]/u.test(cell.slice(tagEnd))) return;
    const ref = /\br=["']([A-Za-z]{1,3}\d{1,7})["']/u.exec(cell.slice(0, tagEnd))?.[1];
    const value = /<v>([^<]*)<\/v>/u.exec(cell)?.[1];
    if (ref && value) this.formulaErrors.set(ref.toUpperCase(), value.trim());
  }
}

/** Start of the <c …> element around position `at`, or -1 when `at` is not inside a <c> start tag. */
function cellStart(text: string, at: number): number {
  const start = text.lastIndexOf('<', at);
  if (start < 0 || text[start + 1] !== 'c' || !/\s/u.test(text[start + 2] ?? '')) return -1;
  return text.indexOf('>', start) < at ? -1 : start;
}

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

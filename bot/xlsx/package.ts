/**
 * The parts of an .xlsx package handed to exceljs one by one, from the checked zip (zip.ts), with
 * no second zip reader in between. Every entry is inflated under one budget; parts exceljs does not
 * read are inflated only to check their size and CRC-32, before any sheet is parsed. Each part
 * exceljs reads is also read to its last byte after exceljs is done with it, so nothing it skipped
 * goes unchecked, and the parse itself (exceljs.ts) fails on XML that is cut short or malformed.
 * The sheets come from workbook.xml and its relationships: a sheet without a relationship, or one
 * pointing to a part that is not there, is damage, not a shorter workbook.
 */
import { Readable } from 'node:stream';
import type * as X from 'exceljs';
import { WorkbookReader, xmlEvents } from './exceljs.js';
import { entryBytes, entryStream, InflateBudget, zipEntries, type InflateLimits, type ZipEntry } from './zip.js';

/** What an archive that is not a spreadsheet workbook is, when it can be told. */
export type OtherPackage = 'docx' | 'pptx' | 'xlsb' | 'ods' | 'odf' | 'iwork' | 'zip';

/** A package that is not an .xlsx workbook at all. */
export class NotWorkbookError extends Error {
  override name = 'NotWorkbookError';
  constructor(readonly kind: OtherPackage) {
    super(`not a workbook: ${kind}`);
  }
}

/** The package is damaged: a part missing, or one that does not say what a workbook must. */
export class PackageError extends Error {
  override name = 'PackageError';
  constructor(
    message: string,
    /** The sheet concerned, when known. */
    readonly sheet?: string,
  ) {
    super(message);
  }
}

export type PackageLimits = InflateLimits;

interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}

type WorksheetReader = X.stream.xlsx.WorksheetReader & { name: string; iterator: AsyncIterable<Buffer | string> };

/** exceljs's streaming reader, driven part by part (its methods are not in the type definitions). */
interface ReaderInternals {
  workbookRels?: { Id: string; Type?: string; Target: string }[];
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  sharedStrings?: unknown[];
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncGenerator<unknown>;
  _parseStyles(part: Readable): Promise<void>;
  _parseWorksheet(part: AsyncIterable<Buffer | string>, sheetNo: string): Generator<{ eventType: string; value: WorksheetReader }>;
}

const lower = (s: string): string => s.toLowerCase();

function otherKind(data: Buffer, entries: ZipEntry[]): OtherPackage | null {
  const names = entries.map((e) => lower(e.name));
  const has = (p: RegExp): boolean => names.some((n) => p.test(n));
  if (names.includes('xl/workbook.xml')) return null;
  if (has(/^word\//u)) return 'docx';
  if (has(/^ppt\//u)) return 'pptx';
  if (names.includes('xl/workbook.bin')) return 'xlsb';
  if (names.includes('index/document.iwa')) return 'iwork';
  const mimetype = entries.find((e) => e.name === 'mimetype' && e.method === 0);
  if (mimetype && names.includes('content.xml')) {
    const type = data.toString('latin1', mimetype.dataStart, mimetype.dataStart + Math.min(mimetype.compressedSize, 100));
    return type.includes('opendocument.spreadsheet') ? 'ods' : 'odf';
  }
  return names.includes('[content_types].xml') || has(/^xl\//u) ? null : 'zip';
}

/** "worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml" or "../xl/…" as a path inside the package. */
function partPath(target: string): string {
  const segments = target.startsWith('/') ? [] : ['xl'];
  for (const s of target.split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.' && s !== '') segments.push(s);
  }
  return segments.join('/');
}

export interface SheetPart {
  name: string;
  entry: ZipEntry;
}

export class WorkbookPackage {
  private readonly byName: Map<string, ZipEntry>;
  private readonly budget: InflateBudget;
  private readonly reader: ReaderInternals;
  readonly sheets: SheetPart[] = [];
  /** The sheet being read, for messages. */
  currentSheet: string | undefined;

  constructor(
    private readonly data: Buffer,
    private readonly entries: ZipEntry[],
    limits: PackageLimits,
  ) {
    this.byName = new Map(entries.map((e) => [lower(e.name), e]));
    this.budget = new InflateBudget(limits);
    this.reader = new WorkbookReader(undefined as never, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as ReaderInternals;
  }

  /** What the directory says the entries inflate to: not trusted, but an honest big file is refused before inflating. */
  get declaredSize(): number {
    return this.entries.reduce((sum, e) => sum + e.declaredSize, 0);
  }

  /** Bytes inflated so far, all entries. */
  get inflated(): number {
    return this.budget.inflated;
  }

  private entry(path: string): ZipEntry | undefined {
    return this.byName.get(lower(path));
  }

  /**
   * Hands a part to a parser, then reads whatever the parser left (exceljs stops at the root's end
   * tag), so the whole entry is counted and its CRC-32 checked.
   */
  private async parse<T>(entry: ZipEntry, use: (part: Readable) => Promise<T>): Promise<T> {
    const source = entryStream(this.data, entry, this.budget);
    try {
      const result = await use(Readable.from(source.iterator({ destroyOnReturn: false }), { objectMode: false }));
      for await (const _rest of source);
      return result;
    } finally {
      source.destroy();
    }
  }

  private async drain(entry: ZipEntry): Promise<void> {
    for await (const _chunk of entryStream(this.data, entry, this.budget));
  }

  /** [Content_Types].xml: a Types document whose listed parts are all present. */
  private async checkContentTypes(entry: ZipEntry): Promise<void> {
    const bytes = await entryBytes(this.data, entry, this.budget);
    let root: string | undefined;
    const listed: string[] = [];
    for await (const events of xmlEvents(Readable.from([bytes]))) {
      for (const { eventType, value } of events) {
        if (eventType !== 'opentag') continue;
        const tag = value as SaxTag;
        root ??= tag.name;
        const part = tag.name === 'Override' ? tag.attributes['PartName'] : undefined;
        if (part !== undefined) listed.push(part);
      }
    }
    if (root !== 'Types') throw new PackageError(`[Content_Types].xml has root ${root}`);
    const missing = listed.filter((p) => {
      let path: string;
      try {
        path = decodeURIComponent(p).replace(/^\//u, '');
      } catch {
        return true;
      }
      return !this.entry(path);
    });
    if (missing.length > 0) throw new PackageError(`parts listed but absent: ${missing.join(', ')}`);
  }

  /** Checks the package and reads what every sheet needs; the sheets themselves come from worksheets(). */
  async open(): Promise<void> {
    const types = this.entry('[Content_Types].xml');
    if (!types) throw new PackageError('[Content_Types].xml missing');
    const workbook = this.entry('xl/workbook.xml');
    const rels = this.entry('xl/_rels/workbook.xml.rels');
    if (!workbook) throw new PackageError('xl/workbook.xml missing');
    if (!rels) throw new PackageError('xl/_rels/workbook.xml.rels missing');
    await this.checkContentTypes(types);
    await this.parse(rels, (part) => this.reader._parseRels(part));
    await this.parse(workbook, (part) => this.reader._parseWorkbook(part));

    const relations = this.reader.workbookRels ?? [];
    for (const sheet of this.reader.model?.sheets ?? []) {
      const rel = relations.find((r) => r.Id === sheet.rId);
      if (!rel) throw new PackageError(`sheet ${sheet.name} has no relationship ${sheet.rId}`, sheet.name);
      // Chart sheets and the like hold no cells.
      if (rel.Type && !rel.Type.endsWith('/worksheet')) continue;
      const entry = this.entry(partPath(rel.Target));
      if (!entry) throw new PackageError(`sheet ${sheet.name}: part ${rel.Target} absent`, sheet.name);
      this.sheets.push({ name: sheet.name, entry });
    }
    if (this.sheets.length === 0) throw new PackageError('no worksheet');

    const strings = this.entry('xl/sharedStrings.xml');
    const styles = this.entry('xl/styles.xml');
    const read = new Set([types, workbook, rels, strings, styles, ...this.sheets.map((s) => s.entry)]);
    // Everything else (images, comments, properties) is only counted and checked, and first, so a
    // bomb among them is refused before any sheet is parsed.
    for (const entry of this.entries) if (!read.has(entry)) await this.drain(entry);

    if (strings) {
      await this.parse(strings, async (part) => {
        for await (const _none of this.reader._parseSharedStrings(part));
      });
    }
    // A string index past the table is damage (a table cut short), not an empty cell.
    const table = this.reader.sharedStrings ?? [];
    this.reader.sharedStrings = new Proxy(table, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (value === undefined && typeof key === 'string' && key !== 'length' && !(key in target)) {
          throw new PackageError(`shared string ${key} of ${target.length}`);
        }
        return value;
      },
    });
    if (styles) await this.parse(styles, (part) => this.reader._parseStyles(part));
  }

  /** The worksheets in workbook order, each read to its end before the next. */
  async *worksheets(): AsyncGenerator<WorksheetReader & { name: string }> {
    let n = 0;
    for (const sheet of this.sheets) {
      const source = entryStream(this.data, sheet.entry, this.budget);
      try {
        const view = Readable.from(source.iterator({ destroyOnReturn: false }), { objectMode: false });
        const [emitted] = [...this.reader._parseWorksheet(view, String(++n))];
        const ws = emitted!.value;
        ws.name = sheet.name;
        this.currentSheet = sheet.name;
        yield ws;
        for await (const _rest of source);
      } finally {
        source.destroy();
      }
    }
    this.currentSheet = undefined;
  }
}

/** The package's checked directory; NotWorkbookError when it is another kind of document. */
export function workbookPackage(data: Buffer, limits: PackageLimits): WorkbookPackage {
  const entries = zipEntries(data);
  const kind = otherKind(data, entries);
  if (kind) throw new NotWorkbookError(kind);
  return new WorkbookPackage(data, entries, limits);
}

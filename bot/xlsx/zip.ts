/**
 * The zip container of an .xlsx, read without trusting what it declares. The central directory
 * (zip64 included) is checked against the bytes (entries inside the file, not overlapping, names
 * matching their local headers, no duplicates, stored or deflated only); entries are then inflated
 * as streams that count what comes out WHILE inflating, so a bomb is stopped after a few MB of
 * output whatever sizes it declares, and every entry's CRC-32 and size are checked at its end.
 */
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { createInflateRaw, crc32, type InflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  /** What the directory says; checked against the bytes actually inflated. */
  declaredSize: number;
  dataStart: number;
}

/** The bytes are not a well-formed zip (or one no spreadsheet program writes). */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** Inflating went past the total cap or the compression ratio of a bomb. */
export class InflateLimitError extends Error {
  override name = 'InflateLimitError';
  constructor(
    readonly limit: 'total' | 'ratio',
    /** Bytes inflated (all entries) when reading stopped. */
    readonly inflated: number,
    message: string,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u64(data: Buffer, at: number): number {
  const v = data.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 field out of range');
  return Number(v);
}

function need(data: Buffer, at: number, length: number, what: string): void {
  if (at < 0 || at + length > data.length) throw new ZipFormatError(`${what} outside the file`);
}

/** The entries of the central directory, checked against the file; directories left out. */
export function zipEntries(data: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 65_535); at--) {
    if (data.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  if (data.readUInt16LE(eocd + 4) !== 0 || data.readUInt16LE(eocd + 6) !== 0) throw new ZipFormatError('multi-disk zip');
  let count = data.readUInt16LE(eocd + 10);
  let cdSize = data.readUInt32LE(eocd + 12);
  let cdOffset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    need(data, locator, 20, 'zip64 locator');
    if (data.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipFormatError('zip64 locator missing');
    const record = u64(data, locator + 8);
    need(data, record, 56, 'zip64 end record');
    if (data.readUInt32LE(record) !== ZIP64_EOCD) throw new ZipFormatError('zip64 end record missing');
    count = u64(data, record + 32);
    cdSize = u64(data, record + 40);
    cdOffset = u64(data, record + 48);
  }
  need(data, cdOffset, cdSize, 'central directory');
  if (count > cdSize / 46) throw new ZipFormatError('more entries declared than the directory holds');

  const entries: (ZipEntry & { localOffset: number })[] = [];
  const names = new Set<string>();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    need(data, at, 46, 'central directory entry');
    if (data.readUInt32LE(at) !== CENTRAL) throw new ZipFormatError('bad central directory entry');
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    const crc = data.readUInt32LE(at + 16);
    let compressedSize = data.readUInt32LE(at + 20);
    let declaredSize = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    let localOffset = data.readUInt32LE(at + 42);
    need(data, at + 46, nameLength + extraLength + commentLength, 'central directory entry');
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    // zip64 extra field: the 64-bit values of the fields set to 0xffffffff, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = data.readUInt16LE(x);
      const size = data.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        const take = (): number => {
          if (f + 8 > x + 4 + size) throw new ZipFormatError('short zip64 extra field');
          const v = u64(data, f);
          f += 8;
          return v;
        };
        if (declaredSize === 0xffffffff) declaredSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      x += 4 + size;
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (flags & 0x1) throw new ZipFormatError(`encrypted entry ${name}`);
    if (method !== 0 && method !== 8) throw new ZipFormatError(`compression method ${method} of ${name}`);
    const key = name.toLowerCase();
    if (names.has(key)) throw new ZipFormatError(`entry ${name} twice`);
    names.add(key);
    need(data, localOffset, 30, 'local header');
    if (data.readUInt32LE(localOffset) !== LOCAL) throw new ZipFormatError(`no local header for ${name}`);
    const localNameLength = data.readUInt16LE(localOffset + 26);
    const dataStart = localOffset + 30 + localNameLength + data.readUInt16LE(localOffset + 28);
    if (data.toString('utf8', localOffset + 30, localOffset + 30 + localNameLength) !== name) throw new ZipFormatError(`local name differs for ${name}`);
    if (dataStart + compressedSize > cdOffset) throw new ZipFormatError(`data of ${name} runs past the entries`);
    if (method === 0 && compressedSize !== declaredSize) throw new ZipFormatError(`stored entry ${name} with two sizes`);
    entries.push({ name, method, crc, compressedSize, declaredSize, dataStart, localOffset });
  }
  // Entries that share bytes are how non-recursive zip bombs multiply their output.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const before = byOffset[i - 1]!;
    if (byOffset[i]!.localOffset < before.dataStart + before.compressedSize) throw new ZipFormatError(`entries ${before.name} and ${byOffset[i]!.name} overlap`);
  }
  return entries.map(({ localOffset: _, ...e }) => e);
}

export interface InflateLimits {
  /** Total bytes all entries may inflate to. */
  maxBytes: number;
  /** Largest output/input ratio of one entry once it has inflated `ratioFrom` bytes. */
  maxRatio: number;
  ratioFrom: number;
}

/** Counts inflated bytes across the entries of one package. */
export class InflateBudget {
  inflated = 0;
  constructor(readonly limits: InflateLimits) {}
}

/** Compressed input per step, and inflated output per chunk. */
const SLICE = 64 * 1024;

function* slices(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += SLICE) yield data.subarray(at, Math.min(data.length, at + SLICE));
}

/** Counts, limits and checksums one entry's inflated bytes as they pass. */
class EntryCheck extends Transform {
  private crc = 0;
  private size = 0;
  constructor(
    private readonly entry: ZipEntry,
    private readonly budget: InflateBudget,
    private readonly inflater: InflateRaw | null,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.budget.inflated += chunk.length;
    const { maxBytes, maxRatio, ratioFrom } = this.budget.limits;
    if (this.budget.inflated > maxBytes) {
      done(new InflateLimitError('total', this.budget.inflated, `inflated past ${maxBytes} bytes in ${this.entry.name}`));
      return;
    }
    const consumed = this.inflater ? Math.max(1, this.inflater.bytesWritten) : this.size;
    if (this.size > ratioFrom && this.size > maxRatio * consumed) {
      done(new InflateLimitError('ratio', this.budget.inflated, `${this.entry.name} inflates ${Math.round(this.size / consumed)}:1`));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.size !== this.entry.declaredSize) done(new ZipFormatError(`${this.entry.name}: ${this.size} bytes, ${this.entry.declaredSize} declared`));
    else if (this.crc >>> 0 !== this.entry.crc) done(new ZipFormatError(`${this.entry.name}: CRC-32 mismatch`));
    else done();
  }
}

/** The entry's content as a stream; it fails with ZipFormatError or InflateLimitError. */
export function entryStream(data: Buffer, entry: ZipEntry, budget: InflateBudget): Readable {
  const raw = data.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const source = Readable.from(slices(raw), { objectMode: false });
  const inflater = entry.method === 8 ? createInflateRaw({ chunkSize: SLICE }) : null;
  const check = new EntryCheck(entry, budget, inflater);
  const fail = (err: Error | null | undefined): void => {
    if (err && !check.destroyed) check.destroy(err.name === 'InflateLimitError' || err.name === 'ZipFormatError' ? err : new ZipFormatError(`${entry.name}: ${err.message}`));
  };
  if (inflater) pipeline(source, inflater, check, fail);
  else pipeline(source, check, fail);
  return check;
}

/** The whole entry in memory, for the small parts (rels, workbook.xml, [Content_Types].xml). */
export async function entryBytes(data: Buffer, entry: ZipEntry, budget: InflateBudget): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entryStream(data, entry, budget)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Zip files written by hand, for tests of what a zip may claim: any declared size, zip64 records,
 * and deflate streams of gigabytes built from one repeated block, so a 4 GiB bomb takes a few MB
 * and a few milliseconds to make.
 */
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

export interface RawEntry {
  name: string;
  /** The entry's bytes as stored (deflated when method is 8). */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  /** What the headers say the entry inflates to. */
  declaredSize: number;
  /** Sizes in a zip64 extra field (headers say 0xffffffff). */
  zip64?: boolean;
}

/** A stored or deflated entry with honest sizes and CRC. */
export function entry(name: string, content: Buffer | string, method: 0 | 8 = 8): RawEntry {
  const bytes = Buffer.from(content);
  return { name, data: method === 8 ? deflateRawSync(bytes) : bytes, method, crc: crc32(bytes), declaredSize: bytes.length };
}

function zip64Extra(declared: number, compressed: number, offset?: number): Buffer {
  const extra = Buffer.alloc(4 + 16 + (offset === undefined ? 0 : 8));
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(extra.length - 4, 2);
  extra.writeBigUInt64LE(BigInt(declared), 4);
  extra.writeBigUInt64LE(BigInt(compressed), 12);
  if (offset !== undefined) extra.writeBigUInt64LE(BigInt(offset), 20);
  return extra;
}

/** The zip's bytes; `zip64End` adds zip64 end records (and says 0xffff entries in the classic one). */
export function zipOf(entries: RawEntry[], options: { zip64End?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const big = e.zip64 === true;
    const localExtra = big ? zip64Extra(e.declaredSize, e.data.length) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(big ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(big ? 0xffffffff : e.data.length, 18);
    local.writeUInt32LE(big ? 0xffffffff : e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    parts.push(local, name, localExtra, e.data);
    const centralExtra = big ? zip64Extra(e.declaredSize, e.data.length) : Buffer.alloc(0);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(45, 4);
    c.writeUInt16LE(big ? 45 : 20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(big ? 0xffffffff : e.data.length, 20);
    c.writeUInt32LE(big ? 0xffffffff : e.declaredSize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(centralExtra.length, 30);
    c.writeUInt32LE(offset, 42);
    central.push(c, name, centralExtra);
    offset += 30 + name.length + localExtra.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const tail: Buffer[] = [];
  if (options.zip64End) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(cd.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64End ? 0xffff : entries.length, 8);
  end.writeUInt16LE(options.zip64End ? 0xffff : entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(options.zip64End ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, cd, ...tail, end]);
}

/**
 * A raw deflate stream of `prefix`, then `block` repeated `times` times, then `suffix`: every
 * segment is compressed after a full flush (empty history, byte-aligned), so one compressed block
 * repeated is a valid stream. Returns the stream and the CRC-32 and size of what it inflates to.
 */
export function repeatedDeflate(prefix: Buffer, block: Buffer, times: number, suffix: Buffer): { data: Buffer; crc: number; size: number } {
  const flushed = (b: Buffer): Buffer => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
  const one = flushed(block);
  const pieces = [flushed(prefix), ...Array.from({ length: times }, () => one), deflateRawSync(suffix)];
  let crc = crc32(prefix);
  for (let i = 0; i < times; i++) crc = crc32(block, crc);
  crc = crc32(suffix, crc);
  return { data: Buffer.concat(pieces), crc, size: prefix.length + block.length * times + suffix.length };
}

/** A real workbook's entries (from JSZip), as RawEntries to rebuild or change. */
export async function entriesOf(xlsx: Buffer): Promise<RawEntry[]> {
  const zip = await JSZip.loadAsync(xlsx);
  const out: RawEntry[] = [];
  for (const f of Object.values(zip.files)) if (!f.dir) out.push(entry(f.name, await f.async('nodebuffer')));
  return out;
}

/** The inflated text of one entry. */
export function textOf(entries: RawEntry[], name: string): string {
  const e = entries.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name}`);
  return (e.method === 8 ? inflateRawSync(e.data) : e.data).toString('utf8');
}

/** The entries with one replaced (or added), content given as text or bytes. */
export function withEntry(entries: RawEntry[], name: string, content: Buffer | string | null): RawEntry[] {
  const rest = entries.filter((e) => e.name !== name);
  return content === null ? rest : [...rest, entry(name, content)];
}

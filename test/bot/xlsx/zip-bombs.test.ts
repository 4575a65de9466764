import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { readXlsxBuffer, WorkbookReadError } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { entriesOf, repeatedDeflate, textOf, zipOf, type RawEntry } from './zip-writer.js';

const MiB = 1024 * 1024;
const child = fileURLToPath(new URL('./read-child.ts', import.meta.url));

interface ChildResult {
  reason: string;
  message: string;
  ms: number;
  maxRssMb: number;
}

/** Reads the file in a fresh process, so its peak memory is this read's alone. */
function readInChild(file: string, maxBytes?: number): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, file, ...(maxBytes ? [String(maxBytes)] : [])], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ChildResult;
}

/** The entries with `name` replaced by a deflate stream of prefix + block×times + suffix, declaring `declared` bytes. */
function bombEntry(name: string, prefix: string, block: Buffer, times: number, suffix: string, declared?: number, zip64 = false): RawEntry {
  const { data, crc, size } = repeatedDeflate(Buffer.from(prefix), block, times, Buffer.from(suffix));
  return { name, data, method: 8, crc, declaredSize: declared ?? size, zip64 };
}

describe('zip bombs (refused while inflating, whatever they declare)', function () {
  this.timeout(240_000);
  let dir: string;
  let good: RawEntry[];
  const results: Record<string, ChildResult> = {};
  const zeros = Buffer.alloc(MiB);
  const spaces = Buffer.alloc(MiB, 0x20);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jieneng-bombs-'));
    good = await entriesOf(await xlsxBuffer(generateSample({ county: JINCHENG.counties[2]!, period: { year: 2026, quarter: 1 }, institutions: 10, seed: 9 })));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, r] of Object.entries(results)) console.log(`      ${name}: ${r.reason}, ${r.ms} ms, peak RSS ${r.maxRssMb} MB`);
  });

  function write(name: string, entries: RawEntry[], zip64End = false): string {
    const file = join(dir, `${name}.xlsx`);
    writeFileSync(file, zipOf(entries, { zip64End }));
    return file;
  }

  function assertRefused(name: string, r: ChildResult): void {
    results[name] = r;
    assert.equal(r.reason, 'too-large', r.message);
    assert.match(r.message, /解压后过大/u);
    // Before: 1.19 GB for a 1,000 MiB padding entry, 1.67 GB for a sheet padded with 900 MiB.
    assert.ok(r.maxRssMb < 400, `peak RSS ${r.maxRssMb} MB`);
  }

  it('a zip64 entry that says 4 GiB is refused from the directory, before inflating', () => {
    const file = write('zip64-honest', [...good, bombEntry('xl/media/image1.bin', '', zeros, 4096, '', undefined, true)], true);
    const r = readInChild(file);
    assertRefused('zip64 entry of 4 GiB, declared', r);
  });

  it('a zip64 entry that declares 1,000 bytes and inflates to 4 GiB', () => {
    const file = write('zip64-lying', [...good, bombEntry('xl/media/image1.bin', '', zeros, 4096, '', 1000, true)], true);
    const r = readInChild(file);
    assertRefused('zip64 entry of 4 GiB declaring 1,000 bytes', r);
    assert.match(r.message, /压缩比超过 200:1/u);
  });

  it('a 1,000 MiB padding entry, declared or not', () => {
    assertRefused('1,000 MiB padding entry, declared', readInChild(write('padding-honest', [...good, bombEntry('xl/media/padding.bin', '', zeros, 1000, '')])));
    assertRefused('1,000 MiB padding entry declaring 1 MiB', readInChild(write('padding-lying', [...good, bombEntry('xl/media/padding.bin', '', zeros, 1000, '', MiB)])));
  });

  it('a sheet padded with 900 MiB of spaces, declared or not', () => {
    const name = 'xl/worksheets/sheet3.xml';
    const xml = textOf(good, name);
    const at = xml.indexOf('<sheetData>') + '<sheetData>'.length;
    const rest = good.filter((e) => e.name !== name);
    const honest = bombEntry(name, xml.slice(0, at), spaces, 900, xml.slice(at));
    assertRefused('sheet + 900 MiB of spaces, declared', readInChild(write('spaces-honest', [...rest, honest])));
    const lying = { ...honest, declaredSize: Buffer.byteLength(xml) };
    assertRefused('sheet + 900 MiB of spaces declaring its real size', readInChild(write('spaces-lying', [...rest, lying])));
  });

  it('counts an entry that looks ordinary (about 50:1) and says it is small against the total cap', async () => {
    // 8 KiB of noise repeated: deflate finds the repeats, so about 50:1, under the ratio limit.
    let seed = 1;
    const noise = Buffer.alloc(8192, 0).map(() => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) >>> 24) & 0xff);
    const block = Buffer.concat(Array.from({ length: 128 }, () => noise));
    const entries = [...good, bombEntry('xl/media/image1.bin', '', block, 100, '', 1000)];
    await assert.rejects(readXlsxBuffer(zipOf(entries), '上传的文件', { maxUncompressedBytes: 64 * MiB }), (err: unknown) => {
      assert.ok(err instanceof WorkbookReadError);
      assert.equal(err.reason, 'too-large');
      assert.match(err.message, /解压后过大：解压到 \d+ MB 时已超过 64 MB 的上限/u);
      return true;
    });
  });

  it('refuses entries that share their compressed bytes (a non-recursive bomb)', async () => {
    const body = Buffer.alloc(64 * 1024, 0x41);
    const shared = { data: deflateRawSync(body), method: 8 as const, crc: crc32(body), declaredSize: body.length };
    const zip = zipOf([...good, { name: 'xl/media/a.bin', ...shared }]);
    // A second directory entry pointing at the first one's local header.
    const cdStart = zip.readUInt32LE(zip.length - 22 + 16);
    const lastCentral = zip.lastIndexOf(Buffer.from('xl/media/a.bin'), zip.length - 22) - 46;
    const copy = zip.subarray(lastCentral, zip.length - 22);
    const end = Buffer.from(zip.subarray(zip.length - 22));
    end.writeUInt16LE(end.readUInt16LE(8) + 1, 8);
    end.writeUInt16LE(end.readUInt16LE(10) + 1, 10);
    end.writeUInt32LE(end.readUInt32LE(12) + copy.length, 12);
    const renamed = Buffer.from(copy);
    renamed.write('xl/media/b.bin', 46, 'utf8');
    const bomb = Buffer.concat([zip.subarray(0, zip.length - 22), renamed, end]);
    assert.equal(bomb.readUInt32LE(bomb.length - 22 + 16), cdStart);
    await assert.rejects(readXlsxBuffer(bomb), (err: unknown) => err instanceof WorkbookReadError && err.reason === 'corrupt');
  });

  it('still reads an ordinary workbook under the default limits', async () => {
    const wb = await readXlsxBuffer(zipOf(good));
    assert.ok(wb.sheets.length >= 8);
  });
});

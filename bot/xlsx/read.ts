/**
 * Reads an .xlsx file into the engine's table model. The zip is verified first (size cap, CRC-32
 * of every entry, every listed part present), then re-streamed to exceljs's streaming reader, so
 * the workbook is never held as exceljs objects. Files that are not readable workbooks raise a
 * WorkbookReadError whose message is for users, in Chinese.
 */
import { readFile, stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type * as X from 'exceljs';
import JSZip from 'jszip';
import ExcelJS from './exceljs.js';
import type { CellValue, SheetInput, WorkbookInput } from '../../shared/table/sheet.js';

export type ReadFailure = 'not-found' | 'not-xlsx' | 'legacy-xls' | 'encrypted' | 'corrupt' | 'too-large';

export class WorkbookReadError extends Error {
  constructor(
    readonly reason: ReadFailure,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'WorkbookReadError';
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (head: Uint8Array, magic: number[]): boolean => magic.every((b, i) => head[i] === b);
/** "EncryptionInfo" in UTF-16LE: the stream an encrypted OOXML package keeps inside its CFB container. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

function classify(data: Buffer, label: string): void {
  if (startsWith(data, ZIP)) return;
  if (startsWith(data, CFB)) {
    if (data.includes(ENCRYPTION_INFO)) {
      throw new WorkbookReadError('encrypted', `${label}已加密（设置了打开密码），无法读取。请在 Excel 中打开后，依次点击“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码并保存，再重新校验。`);
    }
    throw new WorkbookReadError('legacy-xls', `${label}是旧版 .xls 格式或已加密，无法读取。请在 Excel 中打开，选择“另存为 → Excel 工作簿 (*.xlsx)”；如设置了打开密码，请先取消密码。`);
  }
  throw new WorkbookReadError('not-xlsx', `${label}不是 Excel 工作簿（.xlsx）。请上传用 Excel 或 WPS 保存的 .xlsx 文件，不要上传 .csv、.pdf 或图片。`);
}

type ExcelValue = X.CellValue | { sharedString: number } | undefined;

/** Flattens exceljs cell values (rich text, formulas, hyperlinks, errors) to plain values. */
export function plainValue(v: ExcelValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      if (result && typeof result === 'object' && 'error' in result) return String((result as { error: unknown }).error);
      return plainValue(result as ExcelValue);
    }
    if ('error' in v) return String(v.error);
    if ('text' in v) return plainValue((v as { text: ExcelValue }).text);
  }
  return null;
}

/** exceljs row values are 1-based and sparse; the table model is 0-based. */
function toCells(values: ExcelValue[]): CellValue[] {
  const cells: CellValue[] = new Array(Math.max(0, values.length - 1));
  for (let c = 1; c < values.length; c++) cells[c - 1] = plainValue(values[c]);
  return cells;
}

interface ReaderInternals {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { id: number; name: string; rId: string }[] };
}

/** Sheet name for a worksheet part, also where the rels target is absolute ("/xl/worksheets/…"). */
function resolveName(reader: ReaderInternals, ws: { id: unknown; name: string }, partNo: string): string {
  if (ws.name !== `Sheet${partNo}`) return ws.name;
  const rel = (reader.workbookRels ?? []).find((r) => r.Target.replace(/^\/?(xl\/)?/u, '') === `worksheets/sheet${partNo}.xml`);
  const sheet = rel && (reader.model?.sheets ?? []).find((s) => s.rId === rel.Id);
  return sheet?.name ?? ws.name;
}

/** Reads with exceljs's streaming reader; null when a sheet workbook.xml declares did not come through. */
async function readStreaming(input: Readable): Promise<WorkbookInput | null> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input as never, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets: SheetInput[] = [];
  for await (const ws of reader) {
    const partNo = String((ws as unknown as { id: unknown }).id);
    const rows: (CellValue[] | undefined)[] = [];
    for await (const row of ws) rows[row.number - 1] = toCells(row.values as ExcelValue[]);
    sheets.push({ name: resolveName(reader as unknown as ReaderInternals, ws as never, partNo), rows });
  }
  const declared = (reader as unknown as ReaderInternals).model?.sheets;
  return declared && declared.length === sheets.length ? { sheets } : null;
}

/** Declared size of all entries once inflated; 1 GiB by default (a 100k-institution workbook is ~175 MB). */
export const MAX_UNCOMPRESSED_BYTES = 1024 ** 3;

function corruptMessage(label: string): string {
  return `${label}已损坏或不是完整的 .xlsx 文件，无法读取。请在 Excel 中打开确认能正常显示后，重新保存为 .xlsx 再试。`;
}

/**
 * Opens and checks the zip before any parsing, from its central directory: the total declared
 * size against a cap (nothing inflated yet), then every entry inflated with its CRC-32 verified,
 * then every part named in [Content_Types].xml present. exceljs's streaming reader, left to the
 * raw bytes, waits forever on some damaged zips and reads others without complaint.
 */
async function verifiedPackage(data: Buffer, label: string, maxBytes: number): Promise<JSZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (err) {
    throw new WorkbookReadError('corrupt', corruptMessage(label), err);
  }
  let total = 0;
  zip.forEach((_path, entry) => {
    total += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (total > maxBytes) {
    throw new WorkbookReadError('too-large', `${label}解压后约 ${Math.ceil(total / 1048576)} MB，超过 ${Math.floor(maxBytes / 1048576)} MB 的上限。请删除无关的工作表、图片和大量空白格式后重新保存，或按县（市、区）分开报送。`);
  }
  try {
    zip = await JSZip.loadAsync(data, { checkCRC32: true });
  } catch (err) {
    throw new WorkbookReadError('corrupt', corruptMessage(label), err);
  }
  const present = new Set(Object.keys(zip.files).map((p) => p.toLowerCase()));
  const types = zip.file('[Content_Types].xml');
  if (!types || !present.has('xl/workbook.xml')) {
    const looksLikeExcel = types !== null || [...present].some((p) => p.startsWith('xl/'));
    if (looksLikeExcel) throw new WorkbookReadError('corrupt', corruptMessage(label), new Error('[Content_Types].xml or xl/workbook.xml missing'));
    throw new WorkbookReadError('not-xlsx', `${label}是压缩包但不是 Excel 工作簿（.xlsx）。请上传用 Excel 或 WPS 保存的 .xlsx 文件。`);
  }
  const parts = [...(await types.async('string')).matchAll(/PartName="\/?([^"]+)"/gu)].map((m) => decodeURIComponent(m[1]!).toLowerCase());
  const missing = parts.filter((p) => !present.has(p));
  if (missing.length > 0) throw new WorkbookReadError('corrupt', corruptMessage(label), new Error(`parts listed but absent: ${missing.join(', ')}`));
  return zip;
}

/** exceljs reads best with the workbook, its rels, shared strings and styles before any sheet. */
const READ_FIRST = ['[content_types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedstrings.xml', 'xl/styles.xml'];
function readOrder(path: string): number {
  const i = READ_FIRST.indexOf(path.toLowerCase());
  return i >= 0 ? i : /^xl\/worksheets\/sheet/iu.test(path) ? 100 : 50;
}

/**
 * The verified package re-streamed for exceljs: only the entries the central directory holds,
 * stored uncompressed with sizes in their headers, in reading order. What exceljs parses is
 * exactly what was verified, and it needs no temporary files.
 */
function packageStream(zip: JSZip): Readable {
  const out = new JSZip();
  const files = Object.values(zip.files)
    .filter((f) => !f.dir)
    .sort((a, b) => readOrder(a.name) - readOrder(b.name));
  for (const f of files) out.file(f.name, f.nodeStream());
  return out.generateNodeStream({ compression: 'STORE', streamFiles: false }).pipe(new PassThrough());
}

async function readZip(data: Buffer, label: string, maxBytes: number): Promise<WorkbookInput> {
  const zip = await verifiedPackage(data, label, maxBytes);
  let result: WorkbookInput | null;
  try {
    result = await readStreaming(packageStream(zip));
  } catch (err) {
    throw new WorkbookReadError('corrupt', corruptMessage(label), err);
  }
  if (!result) throw new WorkbookReadError('corrupt', corruptMessage(label), new Error('a sheet declared in workbook.xml was not read'));
  return result;
}

export interface ReadOptions {
  /** Cap on the workbook's inflated size (default MAX_UNCOMPRESSED_BYTES). */
  maxUncompressedBytes?: number;
}

/** Reads an .xlsx file from disk. */
export async function readXlsxFile(path: string, options: ReadOptions = {}): Promise<WorkbookInput> {
  const label = `文件“${path}”`;
  const maxBytes = options.maxUncompressedBytes ?? MAX_UNCOMPRESSED_BYTES;
  let data: Buffer;
  try {
    const { size } = await stat(path);
    if (size > maxBytes) {
      throw new WorkbookReadError('too-large', `${label}有 ${Math.ceil(size / 1048576)} MB，超过 ${Math.floor(maxBytes / 1048576)} MB 的上限。请删除无关的工作表和图片后重新保存。`);
    }
    data = await readFile(path);
  } catch (err) {
    if (err instanceof WorkbookReadError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '不存在' : code === 'EISDIR' ? '是一个文件夹' : code === 'EACCES' ? '没有读取权限' : '无法打开';
    throw new WorkbookReadError('not-found', `${label}${why}。请检查文件路径。`, err);
  }
  return readXlsxBuffer(data, label, options);
}

/** Reads an .xlsx file held in memory (uploads). */
export async function readXlsxBuffer(data: Buffer, label = '上传的文件', options: ReadOptions = {}): Promise<WorkbookInput> {
  if (data.length === 0) throw new WorkbookReadError('not-xlsx', `${label}是空文件（0 字节）。请重新导出或上传完整的 .xlsx 文件。`);
  classify(data, label);
  return readZip(data, label, options.maxUncompressedBytes ?? MAX_UNCOMPRESSED_BYTES);
}

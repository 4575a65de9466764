/**
 * Reads an .xlsx file into the engine's table model with exceljs's streaming reader (the whole
 * workbook is never held as exceljs objects). Files that are not readable workbooks raise a
 * WorkbookReadError whose message is for users, in Chinese.
 */
import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type * as X from 'exceljs';
import ExcelJS from './exceljs.js';
import type { CellValue, SheetInput, WorkbookInput } from '../../shared/table/sheet.js';
import { logEvent } from '../log.js';

export type ReadFailure = 'not-found' | 'not-xlsx' | 'legacy-xls' | 'encrypted' | 'corrupt';

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

function classify(head: Uint8Array, whole: Buffer | null, label: string): void {
  if (startsWith(head, ZIP)) return;
  if (startsWith(head, CFB)) {
    if (whole && whole.includes(ENCRYPTION_INFO)) {
      throw new WorkbookReadError('encrypted', `${label}已加密（设置了打开密码），无法读取。请在 Excel 中打开后，依次点击“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码并保存，再重新校验。`);
    }
    throw new WorkbookReadError('legacy-xls', `${label}是旧版 .xls 格式或已加密，无法读取。请在 Excel 中打开，选择“另存为 → Excel 工作簿 (*.xlsx)”；如设置了打开密码，请先取消密码。`);
  }
  throw new WorkbookReadError('not-xlsx', `${label}不是 Excel 工作簿（.xlsx）。请上传用 Excel 或 WPS 保存的 .xlsx 文件，不要上传 .csv、.pdf 或图片。`);
}

async function headOf(path: string): Promise<{ head: Uint8Array; size: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '不存在' : code === 'EISDIR' ? '是一个文件夹' : code === 'EACCES' ? '没有读取权限' : '无法打开';
    throw new WorkbookReadError('not-found', `文件“${path}”${why}。请检查文件路径。`, err);
  }
  try {
    const head = new Uint8Array(8);
    await handle.read(head, 0, 8, 0);
    const { size } = await handle.stat();
    return { head, size };
  } finally {
    await handle.close();
  }
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

/** Reads with exceljs's streaming reader; null when it did not see the whole workbook. */
async function readStreaming(input: Readable | string): Promise<WorkbookInput | null> {
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
  // The streaming reader can stop early on some zip layouts without an error (seen on archives
  // re-packed by other tools): only trust it when workbook.xml was read and every sheet it
  // declares came through.
  const declared = (reader as unknown as ReaderInternals).model?.sheets;
  if (!declared || declared.length !== sheets.length) return null;
  return { sheets };
}

/** Reads with exceljs's in-memory loader, which works from the zip's central directory. */
async function readWhole(data: Buffer): Promise<WorkbookInput | null> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  if (wb.worksheets.length === 0) return null;
  return {
    sheets: wb.worksheets.map((ws) => {
      const rows: (CellValue[] | undefined)[] = [];
      ws.eachRow({ includeEmpty: false }, (row, n) => {
        rows[n - 1] = toCells(row.values as ExcelValue[]);
      });
      return { name: ws.name, rows };
    }),
  };
}

async function readZip(input: Readable | string, whole: () => Promise<Buffer>, label: string): Promise<WorkbookInput> {
  let result: WorkbookInput | null;
  try {
    result = await readStreaming(input);
    if (!result) {
      logEvent('xlsx', `${label}：流式读取不完整，改用整体读取`);
      result = await readWhole(await whole());
    }
  } catch (err) {
    throw new WorkbookReadError('corrupt', `${label}已损坏或不是完整的 .xlsx 文件，无法读取。请在 Excel 中打开确认能正常显示后，重新保存为 .xlsx 再试。`, err);
  }
  if (!result) {
    throw new WorkbookReadError('not-xlsx', `${label}是压缩包但不是 Excel 工作簿（.xlsx）。请上传用 Excel 或 WPS 保存的 .xlsx 文件。`);
  }
  return result;
}

/** Reads an .xlsx file from disk. */
export async function readXlsxFile(path: string): Promise<WorkbookInput> {
  const label = `文件“${path}”`;
  const { head, size } = await headOf(path);
  if (size === 0) throw new WorkbookReadError('not-xlsx', `${label}是空文件（0 字节）。请重新导出或上传完整的 .xlsx 文件。`);
  // Only CFB containers are read whole, to tell an encrypted workbook from a legacy .xls.
  const whole = startsWith(head, CFB) ? await readFile(path) : null;
  classify(head, whole, label);
  return readZip(path, () => readFile(path), label);
}

/** Reads an .xlsx file held in memory (uploads). */
export async function readXlsxBuffer(data: Buffer, label = '上传的文件'): Promise<WorkbookInput> {
  if (data.length === 0) throw new WorkbookReadError('not-xlsx', `${label}是空文件（0 字节）。请重新导出或上传完整的 .xlsx 文件。`);
  classify(data.subarray(0, 8), data, label);
  return readZip(Readable.from([data]), async () => data, label);
}

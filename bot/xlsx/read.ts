/**
 * Reads an .xlsx file into the engine's table model. The zip's directory is checked against its
 * bytes, then each part is inflated as a stream, counted (a cap on the total and on the compression
 * ratio), CRC-checked and, for the parts that hold data, parsed by exceljs's streaming reader part
 * by part (package.ts), so the workbook is never held as exceljs objects. Files that are not
 * readable workbooks raise a WorkbookReadError whose message is for users, in Chinese.
 */
import { readFile, stat } from 'node:fs/promises';
import type * as X from 'exceljs';
import { MAX_COLUMNS, MAX_ROWS, SheetReferenceError, ValueType } from './exceljs.js';
import { NotWorkbookError, PackageError, workbookPackage, type OtherPackage, type WorkbookPackage } from './package.js';
import { InflateLimitError, ZipFormatError } from './zip.js';
import { excelErrorOf, type CellValue, type SheetInput, type WorkbookInput } from '../../shared/table/sheet.js';
import { isPercentFormat } from '../../shared/values/coerce.js';
import { MergeLimitError, SheetNotes, SheetXmlScan } from './cell-notes.js';

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

/** Stream names inside a CFB (OLE2) file: Word and PowerPoint 97–2003 documents. */
const WORD_DOCUMENT = Buffer.from('WordDocument', 'utf16le');
const POWERPOINT_DOCUMENT = Buffer.from('PowerPoint Document', 'utf16le');

const SAVE_AS_XLSX = '请用 Excel 或 WPS 打开要报送的报表，选择“另存为 → Excel 工作簿 (*.xlsx)”后再上传。';

/** What a file that is not an .xlsx workbook is, said so the user knows which file they picked. */
function notWorkbook(label: string, what: string, advice = SAVE_AS_XLSX): WorkbookReadError {
  return new WorkbookReadError('not-xlsx', `${label}${what}，不是 Excel 工作簿（.xlsx）。${advice}`);
}

const OTHER_PACKAGES: Record<OtherPackage, [string, string?]> = {
  docx: ['是 Word 文档（.docx）'],
  pptx: ['是 PowerPoint 演示文稿（.pptx）'],
  xlsb: ['是 Excel 二进制工作簿（.xlsb）', '请在 Excel 中打开，选择“另存为 → Excel 工作簿 (*.xlsx)”后再上传。'],
  ods: ['是 OpenDocument 电子表格（.ods）', '请在 WPS、LibreOffice 或 Excel 中打开，另存为“Excel 工作簿 (*.xlsx)”后再上传。'],
  odf: ['是 OpenDocument 文档（.odt 或 .odp）'],
  iwork: ['是 Apple iWork 文件（Numbers、Pages 或 Keynote）', '如是 Numbers 表格，请在 Numbers 中选择“文件 → 导出到 → Excel”，保存为 .xlsx 后再上传。'],
  zip: ['是普通压缩包（.zip）', '请解压后上传其中的 .xlsx 报表，或用 Excel、WPS 另存为 .xlsx。'],
};

/** Signatures of files counties send by mistake, and what to call them. */
const OTHER_FILES: [RegExp | number[], string, string?][] = [
  [[0x25, 0x50, 0x44, 0x46], '是 PDF 文件', '校验需要原始的 Excel 报表，请上传用 Excel 或 WPS 保存的 .xlsx 文件，不要上传 PDF 或扫描件。'],
  [[0x89, 0x50, 0x4e, 0x47], '是图片（PNG）', '校验需要原始的 Excel 报表，请上传 .xlsx 文件，不要上传截图或照片。'],
  [[0xff, 0xd8, 0xff], '是图片（JPEG）', '校验需要原始的 Excel 报表，请上传 .xlsx 文件，不要上传截图或照片。'],
  [[0x47, 0x49, 0x46, 0x38], '是图片（GIF）', '校验需要原始的 Excel 报表，请上传 .xlsx 文件，不要上传截图或照片。'],
  [[0x42, 0x4d], '是图片（BMP）', '校验需要原始的 Excel 报表，请上传 .xlsx 文件，不要上传截图或照片。'],
  [[0x52, 0x61, 0x72, 0x21], '是 RAR 压缩包', '请解压后上传其中的 .xlsx 报表。'],
  [[0x37, 0x7a, 0xbc, 0xaf], '是 7z 压缩包', '请解压后上传其中的 .xlsx 报表。'],
  [/^\{\\rtf/u, '是 RTF 文档'],
  [/^\s*<\?xml[^>]*\?>\s*(<\?[^>]*\?>\s*)*<Workbook[^>]*urn:schemas-microsoft-com:office:spreadsheet/u, '是“XML 电子表格 2003”格式'],
  [/^\s*(<!DOCTYPE html|<html|<table|<meta)/iu, '是网页（HTML）格式，只是扩展名为 Excel（常见于从网站或系统“导出 Excel”得到的文件）'],
];

/** Mostly printable text with commas, tabs or line breaks: a CSV or text export. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  const text = head.toString('utf8');
  if (text.includes('\u0000')) return false;
  let control = 0;
  for (const ch of text) if (ch < ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') control++;
  return control === 0;
}

function classify(data: Buffer, label: string): void {
  if (startsWith(data, ZIP)) return;
  if (startsWith(data, CFB)) {
    if (data.includes(WORD_DOCUMENT)) throw notWorkbook(label, '是 Word 97–2003 文档（.doc）');
    if (data.includes(POWERPOINT_DOCUMENT)) throw notWorkbook(label, '是 PowerPoint 97–2003 演示文稿（.ppt）');
    if (data.includes(ENCRYPTION_INFO)) {
      throw new WorkbookReadError('encrypted', `${label}已加密（设置了打开密码），无法读取。请在 Excel 中打开后，依次点击“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码并保存，再重新校验。`);
    }
    throw new WorkbookReadError('legacy-xls', `${label}是旧版 .xls 格式或已加密，无法读取。请在 Excel 中打开，选择“另存为 → Excel 工作簿 (*.xlsx)”；如设置了打开密码，请先取消密码。`);
  }
  const head = data.subarray(0, 4096);
  const headText = head.toString('latin1');
  for (const [signature, what, advice] of OTHER_FILES) {
    if (Array.isArray(signature) ? startsWith(head, signature) : signature.test(headText)) throw notWorkbook(label, what, advice);
  }
  if (looksLikeText(head)) {
    const separated = /[,\t，]/u.test(head.toString('utf8'));
    throw notWorkbook(label, separated ? '是 CSV 或文本文件' : '是文本文件', '请用 Excel 或 WPS 打开后，选择“另存为 → Excel 工作簿 (*.xlsx)”，再上传 .xlsx 文件。');
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

/**
 * exceljs row values are 1-based and sparse; the table model is 0-based. Cells that need it get a
 * note: Excel errors, formulas without a usable cached result, percent number formats, and text
 * that only looks like an error value. A formula's result is read from the cell, because
 * exceljs's value object leaves out a result of 0, "" or false (and NaN, its reading of an error).
 */
function toCells(row: X.Row, notes: SheetNotes): CellValue[] {
  const values = row.values as ExcelValue[];
  const cells: CellValue[] = new Array(Math.max(0, values.length - 1));
  for (let c = 1; c < values.length; c++) {
    const v = values[c];
    let value: CellValue;
    // A shared formula's later cell saved without a result (<f t="shared" si="0"/>) is a formula
    // too, though exceljs gives it an empty formula and no formula type.
    if (v !== null && typeof v === 'object' && !(v instanceof Date) && (row.getCell(c).type === ValueType.Formula || 'formula' in v || 'sharedFormula' in v)) {
      value = formulaResult(row.getCell(c), row.number, c, notes);
    } else {
      value = plainValue(v);
      if (v !== null && typeof v === 'object' && 'error' in v) notes.type(row.number, c, 'Error');
      else if (typeof v === 'string' && excelErrorOf(v, undefined) !== undefined) notes.type(row.number, c, 'String');
    }
    if (typeof value === 'number') {
      const format = row.getCell(c).numFmt;
      if (isPercentFormat(format)) notes.format(row.number, c, format);
    }
    cells[c - 1] = value;
  }
  return cells;
}

/** A formula cell's cached result, noted when it is an error or there is none. */
function formulaResult(cell: X.Cell, row: number, column: number, notes: SheetNotes): CellValue {
  const result = cell.result as unknown;
  if (result === undefined || result === null) {
    notes.type(row, column, 'Uncalculated');
    return null;
  }
  if (typeof result === 'number' && Number.isNaN(result)) {
    notes.nanResult(row, column); // an error (text from the XML scan) or an empty <v/>
    return null;
  }
  if (typeof result === 'object' && 'error' in result) {
    notes.type(row, column, 'Error');
    return String((result as { error: unknown }).error);
  }
  return plainValue(result as ExcelValue);
}

/** Reads the sheets with exceljs's streaming reader, part by part from the checked package. */
async function readStreaming(book: WorkbookPackage): Promise<WorkbookInput> {
  await book.open();
  const sheets: SheetInput[] = [];
  for await (const ws of book.worksheets()) {
    const rows: (CellValue[] | undefined)[] = [];
    // Merges and formula error texts come from the sheet's XML, scanned as exceljs reads it.
    const scan = new SheetXmlScan();
    const source = ws as unknown as { iterator: AsyncIterable<Buffer | string> };
    source.iterator = scan.tee(source.iterator);
    const notes = new SheetNotes();
    for await (const row of ws) rows[row.number - 1] = toCells(row, notes);
    sheets.push({ name: ws.name, rows, ...notes.finish(rows, scan) });
  }
  return { sheets };
}

const MiB = 1024 * 1024;
/**
 * Inflated size of a whole workbook, by default: the server's default for uploads too (config
 * maxInflatedMb, which the command line also honours). A real county's workbook inflates to a few MB.
 */
export const MAX_UNCOMPRESSED_BYTES = 256 * MiB;
/** Real sheets deflate 5–15:1; Excel's most repetitive parts stay well under 100:1. */
export const MAX_COMPRESSION_RATIO = 200;
/** The ratio is judged once a part has inflated this much, so small repetitive parts never are. */
const RATIO_FROM = 4 * MiB;

const REOPEN = '请在 Excel 或 WPS 中打开确认能正常显示后，重新保存为 .xlsx 再试。';

function corruptMessage(label: string, where = ''): string {
  return `${label}已损坏或不是完整的 .xlsx 文件${where}，无法读取。${REOPEN}`;
}

function referenceMessage(label: string, sheet: string, err: SheetReferenceError): string {
  const at = `工作表“${sheet}”中的`;
  switch (err.problem) {
    case 'row-limit':
      return `${label}已损坏：${at}行号 ${err.ref} 超出了 Excel 的最大行数 ${MAX_ROWS.toLocaleString('en-US')}，Excel 和 WPS 不会保存这样的文件。${REOPEN}`;
    case 'column-limit':
      return `${label}已损坏：${at}单元格 ${err.ref} 超出了 Excel 的最大列 XFD（第 ${MAX_COLUMNS.toLocaleString('en-US')} 列），Excel 和 WPS 不会保存这样的文件。${REOPEN}`;
    case 'order':
      return `${label}已损坏：${at}行或单元格 ${err.ref} 重复或顺序颠倒，部分数据会被覆盖。${REOPEN}`;
    case 'value':
      return `${label}已损坏：${at}单元格 ${err.ref} 保存的数值无法识别（不是数字），不能确定它的值。${REOPEN}`;
    default:
      return `${label}已损坏：${at}单元格地址“${err.ref}”无法识别。${REOPEN}`;
  }
}

function tooLargeMessage(label: string, err: InflateLimitError, maxBytes: number): string {
  const advice = '县级季度报表解压后通常只有几 MB。请删除无关的工作表、图片和大量空白格式后重新保存为 .xlsx；数据确实这么多时，请按县（市、区）分开报送。';
  if (err.limit === 'ratio') {
    return `${label}解压后过大：其中一部分的压缩比超过 ${MAX_COMPRESSION_RATIO}:1，不是正常保存的工作簿（可能是“压缩炸弹”），已停止读取。请在 Excel 或 WPS 中打开后另存为新的 .xlsx 文件再试；来历不明的文件请不要打开。`;
  }
  return `${label}解压后过大：解压到 ${Math.ceil(err.inflated / MiB)} MB 时已超过 ${Math.floor(maxBytes / MiB)} MB 的上限，已停止读取。${advice}`;
}

/** The package's damage or refusal as what the user is told. */
function readFailure(err: unknown, label: string, maxBytes: number, sheet: string | undefined): WorkbookReadError {
  if (err instanceof WorkbookReadError) return err;
  if (err instanceof InflateLimitError) return new WorkbookReadError('too-large', tooLargeMessage(label, err, maxBytes), err);
  if (err instanceof SheetReferenceError) return new WorkbookReadError('corrupt', referenceMessage(label, sheet ?? '', err), err);
  if (err instanceof MergeLimitError) {
    return new WorkbookReadError('too-large', `${label}无法校验：工作表“${sheet ?? ''}”中的合并单元格超过 ${err.limit.toLocaleString('en-US')} 处，远超县级报表的正常范围（文件可能已损坏或由程序异常生成）。请在 Excel 或 WPS 中选中全部单元格、取消合并后重新保存为 .xlsx 再试。`, err);
  }
  const where = err instanceof PackageError && err.sheet ? `（工作表“${err.sheet}”的数据缺失）` : sheet ? `（工作表“${sheet}”的数据不完整或格式错误）` : '';
  return new WorkbookReadError('corrupt', corruptMessage(label, where), err);
}

async function readZip(data: Buffer, label: string, maxBytes: number): Promise<WorkbookInput> {
  let book: WorkbookPackage;
  try {
    book = workbookPackage(data, { maxBytes, maxRatio: MAX_COMPRESSION_RATIO, ratioFrom: RATIO_FROM });
  } catch (err) {
    if (err instanceof NotWorkbookError) {
      const [what, advice] = OTHER_PACKAGES[err.kind];
      throw notWorkbook(label, what, advice);
    }
    throw new WorkbookReadError('corrupt', corruptMessage(label), err instanceof ZipFormatError ? err : new ZipFormatError(String(err)));
  }
  const declared = book.declaredSize;
  if (declared > maxBytes) {
    throw new WorkbookReadError('too-large', `${label}解压后过大：约 ${Math.ceil(declared / MiB)} MB，超过 ${Math.floor(maxBytes / MiB)} MB 的上限。请删除无关的工作表、图片和大量空白格式后重新保存，或按县（市、区）分开报送。`);
  }
  try {
    return await readStreaming(book);
  } catch (err) {
    throw readFailure(err, label, maxBytes, book.currentSheet);
  }
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

/**
 * Test helpers: valid sample workbooks to damage, and cell access by header text (never by
 * hard-coded column letters), so a test reads like "set 用能人数 of row 3 to -1".
 */
import assert from 'node:assert/strict';
import { JINCHENG, type County } from '../../shared/counties.js';
import type { Period } from '../../shared/period.js';
import { generateSample } from '../../shared/sample/generate.js';
import { cellAddress, columnLetter, parseCellAddress } from '../../shared/table/address.js';
import type { CellValue, SheetInput, WorkbookInput } from '../../shared/table/sheet.js';
import { creditCodeCheckChar } from '../../shared/validation/credit-code.js';
import type { Issue } from '../../shared/validation/issues.js';

export const ZEZHOU: County = JINCHENG.counties[4]!;
export const PERIOD: Period = { year: 2026, quarter: 3 };
export const SEED = 7;

export interface SampleOverrides {
  institutions?: number;
  seed?: number;
  period?: Period;
  county?: County;
}

const cache = new Map<string, WorkbookInput>();

function cloneCell(v: CellValue): CellValue {
  return v instanceof Date ? new Date(v.getTime()) : v;
}

/** A deep copy whose rows may be edited freely. */
export function cloneWorkbook(input: WorkbookInput): WorkbookInput {
  return {
    sheets: input.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => (r ? r.map(cloneCell) : r)) })),
  };
}

/** A valid 泽州县 2026Q3 workbook (12 institutions, fixed seed), freshly copied for each call. */
export function sample(opts: SampleOverrides = {}): WorkbookInput {
  const county = opts.county ?? ZEZHOU;
  const period = opts.period ?? PERIOD;
  const institutions = opts.institutions ?? 12;
  const seed = opts.seed ?? SEED;
  const key = `${county.code}:${period.year}Q${period.quarter}:${institutions}:${seed}`;
  let wb = cache.get(key);
  if (!wb) {
    wb = generateSample({ county, period, institutions, seed });
    cache.set(key, wb);
  }
  return cloneWorkbook(wb);
}

/** A sheet whose rows the tests may edit (samples are fresh copies). */
export type EditableSheet = Omit<SheetInput, 'rows'> & { rows: CellValue[][] };

export function sheet(input: WorkbookInput, name: string): EditableSheet {
  const s = input.sheets.find((x) => x.name === name);
  assert.ok(s, `sheet ${name} is in the workbook`);
  return s as EditableSheet;
}

/** 1-based column of a header in row 1 of a table sheet (exact text). */
export function columnOf(input: WorkbookInput, sheetName: string, header: string): number {
  const head = sheet(input, sheetName).rows[0] ?? [];
  const i = head.findIndex((h) => h === header);
  assert.ok(i >= 0, `header ${header} is on ${sheetName}`);
  return i + 1;
}

/** Column letter(s) of a header. */
export function letterOf(input: WorkbookInput, sheetName: string, header: string): string {
  return columnLetter(columnOf(input, sheetName, header));
}

/** A1 address of the cell under `header` on 1-based sheet row `row`. */
export function findCell(input: WorkbookInput, sheetName: string, header: string, row: number): string {
  return cellAddress(row, columnOf(input, sheetName, header));
}

export function getCell(input: WorkbookInput, sheetName: string, a1: string): CellValue {
  const at = parseCellAddress(a1);
  assert.ok(at, `bad address ${a1}`);
  return sheet(input, sheetName).rows[at.row - 1]?.[at.column - 1];
}

export function setCell(input: WorkbookInput, sheetName: string, a1: string, value: CellValue): void {
  const at = parseCellAddress(a1);
  assert.ok(at, `bad address ${a1}`);
  const rows = sheet(input, sheetName).rows;
  while (rows.length < at.row) rows.push([]);
  const r = (rows[at.row - 1] ??= []);
  while (r.length < at.column) r.push(null);
  r[at.column - 1] = value;
}

/** Sets the cell under `header` on sheet row `row`; returns its A1 address. */
export function setField(input: WorkbookInput, sheetName: string, header: string, row: number, value: CellValue): string {
  const a1 = findCell(input, sheetName, header, row);
  setCell(input, sheetName, a1, value);
  return a1;
}

export function getField(input: WorkbookInput, sheetName: string, header: string, row: number): CellValue {
  return getCell(input, sheetName, findCell(input, sheetName, header, row));
}

/** Sheet rows (1-based) of the data rows of a table sheet. */
export function dataRows(input: WorkbookInput, sheetName: string): number[] {
  const rows = sheet(input, sheetName).rows;
  const out: number[] = [];
  for (let i = 1; i < rows.length; i++) if (rows[i]?.some((c) => c !== null && c !== undefined && c !== '')) out.push(i + 1);
  return out;
}

/** First data row whose cells (by header) satisfy `pred`. */
export function findRow(
  input: WorkbookInput,
  sheetName: string,
  pred: (get: (header: string) => CellValue, row: number) => boolean,
): number {
  const row = dataRows(input, sheetName).find((r) => pred((h) => getField(input, sheetName, h, r), r));
  assert.ok(row !== undefined, `a row on ${sheetName} matches`);
  return row;
}

/** Appends a row given by header → value; returns its sheet row. */
export function appendRow(input: WorkbookInput, sheetName: string, values: Record<string, CellValue>): number {
  const s = sheet(input, sheetName);
  const head = s.rows[0] ?? [];
  s.rows.push(head.map((h) => (typeof h === 'string' && h in values ? values[h] : null)));
  return s.rows.length;
}

/** A copy of a row (by header) for appendRow. */
export function rowValues(input: WorkbookInput, sheetName: string, row: number): Record<string, CellValue> {
  const s = sheet(input, sheetName);
  const head = s.rows[0] ?? [];
  const out: Record<string, CellValue> = {};
  head.forEach((h, i) => {
    if (typeof h === 'string') out[h] = cloneCell(s.rows[row - 1]?.[i]);
  });
  return out;
}

export function removeSheet(input: WorkbookInput, name: string): void {
  const i = input.sheets.findIndex((s) => s.name === name);
  assert.ok(i >= 0);
  input.sheets.splice(i, 1);
}

export function removeColumn(input: WorkbookInput, sheetName: string, header: string): void {
  const c = columnOf(input, sheetName, header) - 1;
  for (const r of sheet(input, sheetName).rows) r?.splice(c, 1);
}

/** Replaces a value in every cell of every sheet (e.g. an institution's credit code). */
export function replaceEverywhere(input: WorkbookInput, from: CellValue, to: CellValue): number {
  let n = 0;
  for (const s of input.sheets) {
    for (const r of s.rows as CellValue[][]) {
      if (!r) continue;
      for (let i = 0; i < r.length; i++) {
        if (r[i] !== from) continue;
        r[i] = to;
        n++;
      }
    }
  }
  return n;
}

/** A valid credit code from its first 17 characters. */
export function creditCode(first17: string): string {
  const c = creditCodeCheckChar(first17);
  assert.ok(c, `first 17 ${first17} are in the charset`);
  return first17 + c;
}

/** 基本信息 row (1-based) of a label. */
export function basicRow(input: WorkbookInput, label: string): number {
  const rows = sheet(input, '基本信息').rows;
  const i = rows.findIndex((r) => r?.[0] === label);
  assert.ok(i >= 0, `label ${label} on 基本信息`);
  return i + 1;
}

/** Compact, sortable form of an issue's identity. */
export function key(i: Pick<Issue, 'severity' | 'code' | 'sheet' | 'cell'>): string {
  return `${i.severity} ${i.code} ${i.sheet}!${i.cell}`;
}

export function keys(issues: readonly Issue[]): string[] {
  return issues.map(key).sort();
}

/** Asserts that the issues are exactly these (any order). */
export function assertIssues(issues: readonly Issue[], expected: readonly string[]): void {
  assert.deepEqual(keys(issues), [...expected].sort());
}

/** Asserts the full shape of one issue, and that its message names the cell and the value. */
export function assertIssue(
  issue: Issue | undefined,
  want: {
    severity: Issue['severity'];
    code: Issue['code'];
    sheet: string;
    cell: string;
    field: string | null;
    value?: Issue['value'];
    /** Whether the message says "<sheet> <cell>" (all cell-level issues do); default true. */
    namesCell?: boolean;
  },
  messageParts: readonly string[] = [],
): void {
  assert.ok(issue, 'issue present');
  assert.equal(issue.severity, want.severity);
  assert.equal(issue.code, want.code);
  assert.equal(issue.sheet, want.sheet);
  assert.equal(issue.cell, want.cell);
  const at = parseCellAddress(want.cell)!;
  assert.equal(issue.row, at.row);
  assert.equal(issue.column, columnLetter(at.column));
  assert.equal(issue.field, want.field);
  if (want.value !== undefined) assert.equal(issue.value, want.value);
  if (want.namesCell !== false) assert.ok(issue.message.includes(`${want.sheet} ${want.cell}`), `message names the cell: ${issue.message}`);
  assert.match(issue.message, /[\u4e00-\u9fff]/u, 'message is Chinese');
  for (const part of messageParts) assert.ok(issue.message.includes(part), `message ${issue.message} includes ${part}`);
}

/** The county workbook as the engine holds it after reading: typed records with their rows. */
import type { County } from '../counties.js';
import type { Period } from '../period.js';
import type { CellValue } from '../table/sheet.js';
import type { TableSheetSpec } from '../template/spec.js';
import type { ParsedValue } from './fields.js';

export type Value = ParsedValue | null;

export interface SheetRecord {
  /** 1-based sheet row. */
  row: number;
  /** Parsed values by field key; null where the cell is blank (without a default) or invalid. */
  values: Record<string, Value>;
  /** Keys of fields whose cell held something that did not parse. */
  invalid?: Set<string>;
}

export interface ParsedTable {
  spec: TableSheetSpec;
  present: boolean;
  /** Field key → 1-based column, for the headers that were found. */
  columns: Map<string, number>;
  records: SheetRecord[];
  /**
   * The workbook's sheet whose name is close to this one (光伏资源表 for 光伏资源), standing in for it
   * when it is missing or empty: not read, so this table's figures are unknown rather than empty.
   */
  lookalike?: string;
  /** The raw cell of a record's field (for messages), or null. */
  raw(record: SheetRecord, key: string): CellValue;
}

export interface BasicInfo {
  values: Record<string, Value>;
  /** Field key → 1-based row of its label in column A. */
  rows: Map<string, number>;
}

export interface ParsedWorkbook {
  template: 'v1';
  basic: BasicInfo;
  county: County | null;
  period: Period | null;
  tables: Map<string, ParsedTable>;
}

export function num(record: SheetRecord | undefined, key: string): number {
  const v = record?.values[key];
  return typeof v === 'number' ? v : 0;
}

export function flag(record: SheetRecord | undefined, key: string): boolean | null {
  const v = record?.values[key];
  return typeof v === 'boolean' ? v : null;
}

export function text(record: SheetRecord | undefined, key: string): string | null {
  const v = record?.values[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Issues are values with codes; their Chinese text is made in one place (messages.ts). */
import type { Severity } from '../template/spec.js';

export type { Severity };

export const ISSUE_CODES = [
  'sheet-missing',
  'header',
  'required',
  'type',
  'range',
  'enum',
  'format',
  'checksum',
  'duplicate',
  'unknown-ref',
  'missing-row',
  'cross-field',
  'period',
  'region',
  'outlier',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

export type IssueValue = string | number | boolean | null;

/** One problem found in a workbook, shaped as template.md's JSON output. */
export interface Issue {
  severity: Severity;
  code: IssueCode;
  sheet: string;
  /** A1 address; for a whole-sheet issue the header cell or A1. */
  cell: string;
  row: number;
  /** Column letter(s). */
  column: string;
  /** Header text (or 基本信息 label); null for a whole-sheet issue. */
  field: string | null;
  value: IssueValue;
  message: string;
}

/** An outlier warning whose row carries an explanation in 异常说明. */
export interface ExplainedIssue extends Issue {
  explanation: string;
}

/** Structured facts behind an issue, from which messages.ts writes the Chinese text. */
export type Detail =
  | { kind: 'sheetMissing'; required: boolean }
  /** A template sheet is missing and a sheet with its headers and a close name (光伏资源表) or most of its headers (Sheet2) is there, not read; `rows`: its filled rows. */
  | { kind: 'sheetLookalike'; found: string; rows: number; required: boolean; byHeaders: boolean }
  /** A template sheet without data beside a close-named sheet that holds `rows` filled rows, not read. */
  | { kind: 'sheetBeside'; found: string; rows: number; byHeaders: boolean }
  /** A template sheet is missing and a close-named sheet with its headers holds `rows` filled rows, not read. */
  | { kind: 'sheetMisnamed'; found: string; rows: number }
  /** Non-empty sheets outside the template (one issue lists them all). */
  | { kind: 'sheetsUnknown'; sheets: readonly { name: string }[] }
  /** A header cell that is not the template's but close to a missing template header: its column is not read. */
  | { kind: 'headerLookalike'; found: string; foundCell: string }
  /** A header cell that is not the template's and is as close to several missing template headers: its column is not read. */
  | { kind: 'headerAmbiguous'; found: string; foundCell: string; candidates: readonly string[] }
  /** 单位名录 has its headers but no institution. */
  | { kind: 'noInstitutions' }
  /** Above FieldSpec.hardMax: beyond any single institution; no 异常说明 clears it. */
  | { kind: 'aboveHardMax'; max: number }
  /** An outlier whose row's 异常说明 explains nothing (a placeholder, repeated characters, too short): the warning stays. */
  | { kind: 'explanationRefused'; outlier: Detail; note: string; reason: 'placeholder' | 'repeated' | 'tooShort' }
  | { kind: 'headerMissing' }
  | { kind: 'headerRowOffset'; headerRow: number; matched: number }
  | { kind: 'headerUnit'; found: string; foundCell: string }
  | { kind: 'headerDuplicate'; firstCell: string }
  | { kind: 'labelMissing' }
  | { kind: 'blank' }
  | { kind: 'requiredWhen'; because: string }
  | { kind: 'notInteger' }
  | { kind: 'notNumber' }
  | { kind: 'notDate' }
  /** The cell holds an Excel error value (typed or a formula's result), e.g. "#DIV/0!". */
  | { kind: 'excelError'; error: string }
  /** A formula saved without its result (the file was never opened and saved in Excel, WPS…). */
  | { kind: 'uncalculated' }
  /** A merged area ("B3:B5") covers cells that are read: they read as blank. Reported once, at its top-left cell. */
  | { kind: 'merged'; range: string }
  /** A year, month and day were recognised but there is no such day (2026.9.31). */
  | { kind: 'noSuchDay'; year: number; month: number; day: number }
  /** A date with a two-digit year ("26.9.30"); `suggestion`: the 20xx reading, ISO. */
  | { kind: 'twoDigitYear'; suggestion: string }
  /** NaN or ±Infinity: a number cell of 1e999, or text that reads as one. */
  | { kind: 'notFinite' }
  /** A totals row (合计/小计/总计) among the data rows; `label` is the text that marks it. */
  | { kind: 'totalsRow'; label: string; row: number }
  | { kind: 'outOfRange' }
  | { kind: 'tooLong'; length: number; max: number }
  | { kind: 'yearAfterReport'; reportYear: number }
  | { kind: 'notInList'; values: readonly string[]; suggestions?: readonly string[] }
  | { kind: 'badFormat' }
  | { kind: 'checksum'; expected: string; actual: string }
  | { kind: 'duplicate'; firstRow: number }
  | { kind: 'unknownRef'; similar?: { row: number; code: string } }
  | { kind: 'missingConsumption'; name: string }
  | { kind: 'missingFoodCheck'; name: string; period: string }
  | { kind: 'notAbove'; otherField: string; otherValue: number }
  | { kind: 'coalNotDeclared'; consumed: number }
  | { kind: 'nevMismatch'; isNev: boolean; energyType: string }
  | { kind: 'pvCapacity'; area: number; density: number }
  | { kind: 'divisionMismatch'; county: string; expected: string }
  | { kind: 'outsidePeriod'; scope: 'year' | 'quarter'; label: string }
  | { kind: 'region'; found: string; county: string; prefix: string }
  | { kind: 'outlierPerArea'; perArea: number; limit: number }
  | { kind: 'outlierPerCapita'; perCapita: number; limit: number }
  | { kind: 'outlierYoy'; previous: number; changePct: number; limitPct: number; previousPeriod: string };

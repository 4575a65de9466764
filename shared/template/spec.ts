/** The vocabulary in which a template version is declared (see v1.ts). */

export type Severity = 'error' | 'warning';

export type FieldKind =
  | 'text'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'date'
  | 'creditCode'
  | 'plate'
  | 'phone'
  | 'divisionCode'
  | 'county'
  | 'quarter';

/** When a conditionally required field is required. */
export type Condition =
  | { field: string; equals: boolean | string }
  | { field: string; oneOf: readonly string[] }
  | { field: string; filled: true };

export interface FieldSpec {
  /** Stable English id used in code. */
  key: string;
  /** Header text (table sheets) or label in column A (key–value sheet), as county staff see it. */
  header: string;
  kind: FieldKind;
  required?: boolean;
  /** Numbers: inclusive bounds; minExclusive for "> 0". */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  /**
   * Numbers: a hard upper bound, far beyond any single institution (or project, or site) in a
   * quarter. Above it is error `range` naming the bound, which no 异常说明 clears.
   */
  hardMax?: number;
  /** Integer fields whose upper bound is the report year (投用年份). */
  maxIsReportYear?: boolean;
  maxLength?: number;
  /** Enum values, as written in the template. */
  values?: readonly string[];
  /** Other spellings accepted for an enum value (already normalised → canonical value). */
  aliases?: Readonly<Record<string, string>>;
  /** Value a blank cell stands for (e.g. 0 for "blank = 0"). */
  blankAs?: number;
  /** A column that may be absent altogether (treated as blank). */
  optionalColumn?: boolean;
  /** Unique within the sheet (error `duplicate`). */
  unique?: boolean;
  /** Must name an institution of 单位名录 (error `unknown-ref`). */
  refInstitution?: boolean;
  requiredWhen?: Condition;
  /** This value must not exceed another field of the same row. */
  notAbove?: { field: string; severity: Severity };
  /** A date that must fall inside the report year or quarter (error `period`). */
  withinPeriod?: 'year' | 'quarter';
  /** The rule in Chinese, for 填报说明, header notes and messages. */
  rule: string;
  /** A correct value, shown in messages. */
  example: string;
}

export interface TableSheetSpec {
  layout: 'table';
  name: string;
  /** Missing sheet: error when required, warning for optional ledgers. */
  required: boolean;
  /** What the sheet is for, in Chinese (填报说明). */
  purpose: string;
  fields: readonly FieldSpec[];
}

export interface KeyValueSheetSpec {
  layout: 'keyValue';
  name: string;
  required: true;
  purpose: string;
  fields: readonly FieldSpec[];
}

export type SheetSpec = TableSheetSpec | KeyValueSheetSpec;

export interface TemplateSpec {
  version: string;
  sheets: readonly SheetSpec[];
}

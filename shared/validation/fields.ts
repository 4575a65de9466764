/**
 * Per-field cell parsing. Each field of the template gets one zod schema, built once from its
 * declaration; zod's issue kinds map onto the template's issue codes (type, range, enum, format).
 */
import { z } from 'zod';
import type { CellValue } from '../table/sheet.js';
import type { FieldSpec } from '../template/spec.js';
import { labelUnit, normalizeLabel } from '../template/normalize.js';
import { dateTextParts, isoDate, toBoolean, toEventYear, toIsoDate, toNumber, toPercentNumber, toText, toYear } from '../values/coerce.js';
import { findCounty, type Region } from '../counties.js';
import { CREDIT_CODE_PATTERN, creditCodeCheckChar, normalizeCreditCode } from './credit-code.js';
import {
  DIVISION_CODE_PATTERN,
  PHONE_PATTERN,
  PLATE_PATTERN,
  normalizePhone,
  normalizePlate,
  parseQuarter,
} from './patterns.js';
import type { Detail, IssueCode } from './issues.js';
import { nearChoices } from './near-choices.js';

/** A parsed cell: text, number or boolean; dates are ISO text "YYYY-MM-DD". */
export type ParsedValue = string | number | boolean;

export type FieldResult =
  | { ok: true; value: ParsedValue }
  /** `shown`: the value as the user sees it, where that is not the raw cell (0.5 in "0%" shows 50%). */
  | { ok: false; code: IssueCode; detail: Detail; shown?: string };

/** numberFormat: the cell's Excel number format, where known (a percent field reads "0.0%" cells ×100). */
export type FieldParser = (raw: CellValue, numberFormat?: string) => FieldResult;

function numberSchema(spec: FieldSpec, integer: boolean): z.ZodNumber {
  let s = z.number();
  if (integer) s = s.int();
  if (spec.min !== undefined) s = spec.minExclusive ? s.gt(spec.min) : s.min(spec.min);
  if (spec.max !== undefined) s = s.max(spec.max);
  return s;
}

function enumLookup(spec: FieldSpec): (raw: CellValue) => unknown {
  const table = new Map<string, string>();
  for (const v of spec.values ?? []) table.set(normalizeLabel(v), v);
  for (const [alias, v] of Object.entries(spec.aliases ?? {})) table.set(normalizeLabel(alias), v);
  // Canonical values are the common case: look them up before normalising.
  return (raw) => (typeof raw === 'string' ? table.get(raw) : undefined) ?? table.get(normalizeLabel(toText(raw))) ?? toText(raw);
}

/** Maps raw cells to what the field's schema checks; returns the raw value when there is no reading. */
function preprocessor(spec: FieldSpec, region: Region): (raw: CellValue, numberFormat?: string) => unknown {
  switch (spec.kind) {
    case 'text':
      return (raw) => toText(raw);
    case 'integer':
      if (!isYearField(spec)) return (raw) => toNumber(raw) ?? raw;
      // 投用年份 is the year of an event, which a date also gives; 报告年度 is a period: only a year.
      return isEventYearField(spec) ? (raw, numberFormat) => toEventYear(raw, numberFormat) ?? raw : (raw) => toYear(raw) ?? raw;
    case 'number':
      if (isPercentField(spec)) return (raw, numberFormat) => toPercentNumber(raw, numberFormat) ?? raw;
      return (raw) => toNumber(raw) ?? raw;
    case 'boolean':
      return (raw) => toBoolean(raw) ?? raw;
    case 'enum':
      return enumLookup(spec);
    case 'date':
      return (raw) => toIsoDate(raw) ?? (typeof raw === 'string' ? raw : (raw ?? null));
    case 'creditCode':
      return (raw) => normalizeCreditCode(toText(raw));
    case 'plate':
      return (raw) => normalizePlate(toText(raw));
    case 'phone':
      return (raw) => normalizePhone(toText(raw));
    case 'divisionCode':
      return (raw) => toText(raw).normalize('NFKC');
    case 'county':
      return (raw) => findCounty(region, toText(raw))?.name ?? toText(raw);
    case 'quarter':
      return (raw) => parseQuarter(raw) ?? raw;
  }
}

function schemaFor(spec: FieldSpec, region: Region): z.ZodType<ParsedValue> {
  switch (spec.kind) {
    case 'text':
      return spec.maxLength === undefined ? z.string() : z.string().max(spec.maxLength);
    case 'integer':
      return numberSchema(spec, true);
    case 'number':
      return numberSchema(spec, false);
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(spec.values as [string, ...string[]]);
    case 'date':
      return z.iso.date();
    case 'creditCode':
      return z.string().regex(CREDIT_CODE_PATTERN);
    case 'plate':
      return z.string().regex(PLATE_PATTERN);
    case 'phone':
      return z.string().regex(PHONE_PATTERN);
    case 'divisionCode':
      return z.string().regex(DIVISION_CODE_PATTERN);
    case 'county':
      return z.enum(region.counties.map((c) => c.name) as [string, ...string[]]);
    case 'quarter':
      return z.number().int().min(1).max(4);
  }
}

/**
 * A number kept on a 0–100 scale: its header's unit is % (节能（水）率（%）), or its range is 0–100
 * (自查得分). A cell formatted as a percentage shows such a number ×100 (0.92 as 92%), and "92%"
 * typed as text means 92: both are read as the user sees them.
 */
export function isPercentField(spec: FieldSpec): boolean {
  return spec.kind === 'number' && (labelUnit(normalizeLabel(spec.header)) === '%' || (spec.min === 0 && spec.max === 100));
}

/** 投用年份: the year of an event, which a date (cell or date-formatted serial) also gives. */
function isEventYearField(spec: FieldSpec): boolean {
  return spec.kind === 'integer' && /年份$/u.test(spec.header);
}

/** Fields whose cells are read with their number format (percent fields, event years): the add-in loads formats only for these. */
export function readsNumberFormat(spec: FieldSpec): boolean {
  return isPercentField(spec) || isEventYearField(spec);
}

/** 报告年度, 投用年份: integer fields that offices write as "2026年". */
function isYearField(spec: FieldSpec): boolean {
  return spec.kind === 'integer' && /年[度份]$/u.test(spec.header);
}

function failure(spec: FieldSpec, issue: z.core.$ZodIssue, input: unknown): FieldResult {
  if ((spec.kind === 'number' || spec.kind === 'integer') && typeof input === 'number' && !Number.isFinite(input)) {
    return { ok: false, code: Number.isNaN(input) ? 'type' : 'range', detail: { kind: 'notFinite' } };
  }
  if (spec.kind === 'date' && typeof input === 'string') {
    const parts = dateTextParts(input);
    if (parts && parts.year < 100) {
      // "26.9.30": the year in two digits, read as 20xx only as a suggestion.
      const suggestion = isoDate(2000 + parts.year, parts.month, parts.day);
      return { ok: false, code: 'format', detail: suggestion ? { kind: 'twoDigitYear', suggestion } : { kind: 'notDate' } };
    }
    if (parts) return { ok: false, code: 'format', detail: { kind: 'noSuchDay', ...parts } };
  }
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'string' && typeof input === 'string') {
        return { ok: false, code: 'range', detail: { kind: 'tooLong', length: input.length, max: spec.maxLength ?? 0 } };
      }
      return { ok: false, code: 'range', detail: { kind: 'outOfRange' } };
    case 'invalid_value': {
      const values = issueValues(spec, issue);
      const suggestions = typeof input === 'string' ? nearChoices(input, values) : [];
      return { ok: false, code: 'enum', detail: { kind: 'notInList', values, ...(suggestions.length > 0 ? { suggestions } : {}) } };
    }
    case 'invalid_format':
      return spec.kind === 'date'
        ? { ok: false, code: 'format', detail: { kind: 'notDate' } }
        : { ok: false, code: 'format', detail: { kind: 'badFormat' } };
    case 'invalid_type':
      if (spec.kind === 'boolean') return { ok: false, code: 'enum', detail: { kind: 'notInList', values: ['是', '否'] } };
      if (spec.kind === 'quarter') return { ok: false, code: 'enum', detail: { kind: 'notInList', values: ['1', '2', '3', '4'] } };
      if (spec.kind === 'date') return { ok: false, code: 'type', detail: { kind: 'notDate' } };
      if (spec.kind === 'integer' && issue.expected === 'int') return { ok: false, code: 'type', detail: { kind: 'notInteger' } };
      return { ok: false, code: 'type', detail: { kind: spec.kind === 'integer' ? 'notInteger' : 'notNumber' } };
    default:
      return { ok: false, code: 'format', detail: { kind: 'badFormat' } };
  }
}

function issueValues(spec: FieldSpec, issue: z.core.$ZodIssue): readonly string[] {
  if (spec.values) return spec.values;
  return 'values' in issue ? (issue.values as unknown[]).map(String) : [];
}

/** Kinds whose cells repeat a handful of values (是/否, enums): their results are memoised. */
const FEW_VALUES = new Set<FieldSpec['kind']>(['boolean', 'enum', 'county', 'quarter', 'divisionCode']);
const MEMO_LIMIT = 256;

/** Builds the parser of one field. Blank cells are the caller's concern and never reach it. */
export function fieldParser(spec: FieldSpec, region: Region): FieldParser {
  const parse = parserOf(spec, region);
  if (!FEW_VALUES.has(spec.kind)) return parse;
  const memo = new Map<CellValue, FieldResult>();
  return (raw) => {
    if (raw instanceof Date) return parse(raw);
    let r = memo.get(raw);
    if (r === undefined) {
      r = parse(raw);
      if (memo.size < MEMO_LIMIT) memo.set(raw, r);
    }
    return r;
  };
}

function parserOf(spec: FieldSpec, region: Region): FieldParser {
  const pre = preprocessor(spec, region);
  const schema = schemaFor(spec, region);
  return (raw, numberFormat) => {
    const input = pre(raw, numberFormat);
    const r = schema.safeParse(input);
    if (!r.success) {
      const failed = failure(spec, r.error.issues[0]!, input);
      // A percent-formatted cell read ×100: say what the user sees (1.5 shows as 150%).
      return typeof raw === 'number' && Number.isFinite(raw) && typeof input === 'number' && input !== raw && !failed.ok ? { ...failed, shown: `${input}%` } : failed;
    }
    if (spec.kind === 'creditCode') {
      const code = r.data as string;
      const expected = creditCodeCheckChar(code.slice(0, 17));
      if (expected !== code[17]) {
        return { ok: false, code: 'checksum', detail: { kind: 'checksum', expected: expected ?? '?', actual: code[17]! } };
      }
    }
    if (spec.hardMax !== undefined && typeof r.data === 'number' && r.data > spec.hardMax) {
      return { ok: false, code: 'range', detail: { kind: 'aboveHardMax', max: spec.hardMax } };
    }
    return { ok: true, value: r.data };
  };
}

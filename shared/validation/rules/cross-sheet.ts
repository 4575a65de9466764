/** Rules across rows and sheets: uniqueness, references to 单位名录, required rows, coal, region. */
import type { County } from '../../counties.js';
import { periodId, quarterBounds, type Period } from '../../period.js';
import { SHEET } from '../../template/v1.js';
import type { IssueCollector } from '../collector.js';
import { normalizeCreditCode } from '../credit-code.js';
import { toText } from '../../values/coerce.js';
import { flag, num, text, type ParsedTable, type ParsedWorkbook, type SheetRecord } from '../workbook.js';

const byCode = new WeakMap<ParsedTable, Map<string, SheetRecord>>();

/** First record per valid credit code of a sheet (computed once per table). */
export function recordsByCode(table: ParsedTable | undefined): Map<string, SheetRecord> {
  if (!table) return new Map();
  let index = byCode.get(table);
  if (!index) {
    index = new Map();
    for (const r of table.records) {
      const code = r.values['creditCode'];
      if (typeof code === 'string' && !index.has(code)) index.set(code, r);
    }
    byCode.set(table, index);
  }
  return index;
}

/** Valid institutions by credit code, the first row of each code only. */
export function institutionIndex(wb: ParsedWorkbook): Map<string, SheetRecord> {
  return recordsByCode(wb.tables.get(SHEET.institutions));
}

function fieldAt(table: ParsedTable, key: string) {
  const column = table.columns.get(key);
  const spec = table.spec.fields.find((f) => f.key === key);
  return column === undefined || !spec ? undefined : { column, spec };
}

function checkUnique(table: ParsedTable, issues: IssueCollector): void {
  for (const f of table.spec.fields.filter((x) => x.unique)) {
    const at = fieldAt(table, f.key);
    if (!at) continue;
    const first = new Map<string, number>();
    for (const r of table.records) {
      const v = r.values[f.key];
      if (typeof v !== 'string' || v === '') continue;
      const seen = first.get(v);
      if (seen === undefined) first.set(v, r.row);
      else issues.add({ severity: 'error', code: 'duplicate', sheet: table.spec.name, row: r.row, ...at, value: v, detail: { kind: 'duplicate', firstRow: seen } });
    }
  }
}

/** Differs in at most `max` positions (codes are fixed-length; a slip is usually a substitution). */
function nearlyEqual(a: string, b: string, max: number): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length && diff <= max; i++) if (a[i] !== b[i]) diff++;
  return diff <= max;
}

/** 单位名录 rows whose credit code is present but invalid, with the code as typed (normalised). */
function invalidCodes(wb: ParsedWorkbook): { row: number; code: string }[] {
  const table = wb.tables.get(SHEET.institutions)!;
  return table.records
    .filter((r) => r.invalid?.has('creditCode'))
    .map((r) => ({ row: r.row, code: normalizeCreditCode(toText(table.raw(r, 'creditCode'))) }));
}

function checkRefs(table: ParsedTable, known: Map<string, SheetRecord>, suspects: { row: number; code: string }[], issues: IssueCollector): void {
  const at = fieldAt(table, 'creditCode');
  if (!at || !at.spec.refInstitution) return;
  for (const r of table.records) {
    const v = r.values['creditCode'];
    if (typeof v === 'string' && !known.has(v)) {
      const similar = suspects.find((s) => nearlyEqual(s.code, v, 2));
      issues.add({ severity: 'error', code: 'unknown-ref', sheet: table.spec.name, row: r.row, ...at, value: v, detail: { kind: 'unknownRef', similar } });
    }
  }
}

function checkMissingRows(wb: ParsedWorkbook, known: Map<string, SheetRecord>, issues: IssueCollector): void {
  const institutions = wb.tables.get(SHEET.institutions)!;
  const at = fieldAt(institutions, 'creditCode');
  if (!at) return;
  const consumption = wb.tables.get(SHEET.consumption);
  const consumed = consumption?.present && consumption.columns.has('creditCode') && consumption.lookalike === undefined ? recordsByCode(consumption) : undefined;
  const checked = canteenChecks(wb.tables.get(SHEET.food), wb.period);
  const periodText = wb.period ? periodId(wb.period) : '本季度';
  for (const [code, r] of known) {
    const name = text(r, 'name') ?? code;
    if (consumed && !consumed.has(code)) {
      issues.add({ severity: 'error', code: 'missing-row', sheet: SHEET.institutions, row: r.row, ...at, value: code, detail: { kind: 'missingConsumption', name } });
    }
    if (flag(r, 'canteen') === true && checked && !checked.has(code)) {
      issues.add({ severity: 'warning', code: 'missing-row', sheet: SHEET.institutions, row: r.row, ...at, value: code, detail: { kind: 'missingFoodCheck', name, period: periodText } });
    }
  }
}

/**
 * Credit codes with at least one self-check dated inside the quarter (any valid date when the
 * period is unknown). Undefined when the sheet exists but its code or date column was not read,
 * or a sheet with a close name was not read in its place, so nothing can be said.
 */
export function canteenChecks(food: ParsedTable | undefined, period: Period | null): Set<string> | undefined {
  if (food?.lookalike !== undefined) return undefined;
  if (food?.present && !(food.columns.has('creditCode') && food.columns.has('checkDate'))) return undefined;
  const done = new Set<string>();
  const bounds = period ? quarterBounds(period) : null;
  for (const r of food?.records ?? []) {
    const code = r.values['creditCode'];
    const date = r.values['checkDate'];
    if (typeof code !== 'string' || typeof date !== 'string') continue;
    if (!bounds || (date >= bounds.start && date <= bounds.end)) done.add(code);
  }
  return done;
}

function checkCoal(wb: ParsedWorkbook, known: Map<string, SheetRecord>, issues: IssueCollector): void {
  const consumption = wb.tables.get(SHEET.consumption);
  const at = consumption && fieldAt(consumption, 'coal');
  if (!consumption || !at) return;
  for (const r of consumption.records) {
    const code = r.values['creditCode'];
    const tons = num(r, 'coal');
    if (typeof code !== 'string' || tons <= 0) continue;
    if (flag(known.get(code), 'usesCoal') === false) {
      issues.add({ severity: 'error', code: 'cross-field', sheet: SHEET.consumption, row: r.row, ...at, value: tons, detail: { kind: 'coalNotDeclared', consumed: tons } });
    }
  }
}

function checkRegion(wb: ParsedWorkbook, county: County, issues: IssueCollector): void {
  const institutions = wb.tables.get(SHEET.institutions)!;
  const at = fieldAt(institutions, 'creditCode');
  if (!at) return;
  const prefix = county.code.slice(0, 4);
  for (const r of institutions.records) {
    const code = r.values['creditCode'];
    if (typeof code === 'string' && code.slice(2, 6) !== prefix) {
      issues.add({ severity: 'warning', code: 'region', sheet: SHEET.institutions, row: r.row, ...at, value: code, detail: { kind: 'region', found: code.slice(2, 8), county: county.name, prefix } });
    }
  }
}

export function checkAcrossSheets(wb: ParsedWorkbook, issues: IssueCollector): void {
  for (const table of wb.tables.values()) checkUnique(table, issues);
  const institutions = wb.tables.get(SHEET.institutions);
  // Without a readable 单位名录 key column, or with its rows in a close-named sheet that was not
  // read, nothing can be cross-checked against it.
  if (!institutions?.present || !institutions.columns.has('creditCode') || institutions.lookalike !== undefined) return;
  if (institutions.records.length === 0) {
    issues.add({ severity: 'error', code: 'missing-row', sheet: SHEET.institutions, row: 1, column: 1, field: null, detail: { kind: 'noInstitutions' } });
  }
  const known = institutionIndex(wb);
  const suspects = invalidCodes(wb);
  for (const table of wb.tables.values()) checkRefs(table, known, suspects, issues);
  checkMissingRows(wb, known, issues);
  checkCoal(wb, known, issues);
  if (wb.county) checkRegion(wb, wb.county, issues);
}

/**
 * Reading sheets into typed records: sheet lookup by name, header mapping by text, blank-row
 * skipping and per-cell parsing. Row-level and cross-sheet rules run afterwards (rules/).
 */
import { findCounty, type Region } from '../counties.js';
import { columnLetter } from '../table/address.js';
import type { Period, Quarter } from '../period.js';
import { cellAt, isBlank, lastRow, parseArea, type SheetInput, type WorkbookInput } from '../table/sheet.js';
import { labelBase, labelUnit, normalizeLabel } from '../template/normalize.js';
import type { FieldSpec, KeyValueSheetSpec, TableSheetSpec, TemplateSpec } from '../template/spec.js';
import { toText } from '../values/coerce.js';
import type { IssueCollector } from './collector.js';
import { fieldParser, type FieldParser } from './fields.js';
import { pairHeaders, type UnknownHeader } from './rules/header-names.js';
import { matchSheetNames, reportMissingSheet, reportOtherSheets, type SheetNames } from './rules/sheet-names.js';
import { totalsLabel } from './totals-row.js';
import { SheetCells } from './special-cells.js';
import type { BasicInfo, ParsedTable, ParsedWorkbook, SheetRecord, Value } from './workbook.js';

export function findSheet(input: WorkbookInput, name: string): SheetInput | undefined {
  const wanted = normalizeLabel(name);
  return input.sheets.find((s) => normalizeLabel(s.name) === wanted);
}

function headerWidth(sheet: SheetInput): number {
  const first = sheet.rows[1 - (sheet.originRow ?? 1)];
  return first ? (sheet.originColumn ?? 1) + first.length - 1 : 0;
}

/** Maps template fields to columns by header text, reporting missing, misunit'd and repeated headers. */
function mapHeaders(sheet: SheetInput, spec: TableSheetSpec, issues: IssueCollector): Map<string, number> {
  const byLabel = new Map<string, FieldSpec>();
  const byBase = new Map<string, FieldSpec>();
  for (const f of spec.fields) {
    const n = normalizeLabel(f.header);
    byLabel.set(n, f);
    byBase.set(labelBase(n), f);
  }
  const columns = new Map<string, number>();
  const wrongUnit = new Map<string, { found: string; column: number }>();
  const unknown: UnknownHeader[] = [];
  const first = sheet.originColumn ?? 1;
  const width = headerWidth(sheet);
  const headerCells = new SheetCells(sheet, Array.from({ length: Math.max(0, width - first + 1) }, (_, i) => first + i));
  for (let c = first; c <= width; c++) {
    const raw = cellAt(sheet, 1, c);
    // A header that is an Excel error, a formula without its result, or a cell merged over (E1:F1
    // hides F1's header): said on that cell. A merged area reaching into the data rows is the
    // data rows' issue (reported once at its top-left), not repeated here.
    const special = headerCells.special(raw, 1, c);
    if (special && !(special.detail.kind === 'merged' && (parseArea(special.detail.range)?.bottom ?? 1) > 1)) {
      if (special.report) issues.add({ severity: 'error', code: special.code, sheet: spec.name, row: special.row, column: special.column, field: null, value: special.value, detail: special.detail });
      continue;
    }
    if (isBlank(raw)) continue;
    const label = normalizeLabel(toText(raw));
    const exact = byLabel.get(label);
    const loose = exact ? undefined : byBase.get(labelBase(label));
    const field = exact ?? (loose && labelUnit(label) === null ? loose : undefined);
    if (field) {
      const first = columns.get(field.key);
      if (first === undefined) {
        columns.set(field.key, c);
      } else {
        issues.add({
          severity: 'warning',
          code: 'header',
          sheet: spec.name,
          row: 1,
          column: c,
          spec: field,
          value: raw,
          detail: { kind: 'headerDuplicate', firstCell: `${columnLetter(first)}1` },
        });
      }
    } else if (loose && !wrongUnit.has(loose.key)) {
      wrongUnit.set(loose.key, { found: toText(raw), column: c });
    } else if (!loose) {
      unknown.push({ found: toText(raw), column: c });
    }
  }
  if (columns.size === 0) {
    const below = headerRowBelow(sheet, byLabel);
    if (below) {
      issues.add({ severity: 'error', code: 'header', sheet: spec.name, row: 1, column: 1, field: null, value: cellAt(sheet, 1, sheet.originColumn ?? 1), detail: { kind: 'headerRowOffset', headerRow: below.row, matched: below.matched } });
      return columns;
    }
  }
  // A header that is not the template's but close to a missing one is that column, unread: one issue on it.
  const { paired: lookalikes, ambiguous } = pairHeaders(spec.fields.filter((f) => !columns.has(f.key) && !wrongUnit.has(f.key)), unknown);
  // A header that could be one of several missing columns: one issue on it naming them all, in place of theirs at A1.
  const named = new Set<string>();
  for (const { header, fields } of ambiguous) {
    const severity = fields.some((f) => !f.optionalColumn) ? 'error' : 'warning';
    issues.add({ severity, code: 'header', sheet: spec.name, row: 1, column: header.column, field: null, value: header.found, detail: { kind: 'headerAmbiguous', found: header.found, foundCell: `${columnLetter(header.column)}1`, candidates: fields.map((f) => f.header) } });
    for (const f of fields) named.add(f.key);
  }
  for (const f of spec.fields) {
    const like = lookalikes.get(f.key);
    if (like) {
      const foundCell = `${columnLetter(like.column)}1`;
      issues.add({ severity: f.optionalColumn ? 'warning' : 'error', code: 'header', sheet: spec.name, row: 1, column: like.column, spec: f, value: like.found, detail: { kind: 'headerLookalike', found: like.found, foundCell } });
      continue;
    }
    if (columns.has(f.key) || f.optionalColumn || named.has(f.key)) continue;
    const near = wrongUnit.get(f.key);
    issues.add(
      near
        ? {
            severity: 'error',
            code: 'header',
            sheet: spec.name,
            row: 1,
            column: near.column,
            spec: f,
            value: near.found,
            detail: { kind: 'headerUnit', found: near.found, foundCell: `${columnLetter(near.column)}1` },
          }
        : { severity: 'error', code: 'header', sheet: spec.name, row: 1, column: 1, spec: f, value: null, detail: { kind: 'headerMissing' } },
    );
  }
  return columns;
}

/**
 * A row a little below row 1 that holds most template headers: the sheet has a title or notes
 * above its header row (common in hand-made government sheets).
 */
function headerRowBelow(sheet: SheetInput, byLabel: Map<string, FieldSpec>): { row: number; matched: number } | undefined {
  const needed = Math.max(2, Math.ceil(byLabel.size / 2));
  for (let row = 2; row <= Math.min(6, lastRow(sheet)); row++) {
    const cells = sheet.rows[row - (sheet.originRow ?? 1)] ?? [];
    const matched = new Set(cells.filter((v) => !isBlank(v)).map((v) => byLabel.get(normalizeLabel(toText(v)))?.key).filter(Boolean)).size;
    if (matched >= needed) return { row, matched };
  }
  return undefined;
}

export interface ReadContext {
  region: Region;
  issues: IssueCollector;
  /** Sheets of the workbook that are not the template's (set by readWorkbook). */
  sheetNames?: SheetNames;
}

/** Parses one cell of a field into `values`, reporting blanks of required fields and bad values. */
function readCell(
  spec: FieldSpec,
  parser: FieldParser,
  raw: ReturnType<typeof cellAt>,
  sheet: string,
  row: number,
  column: number,
  record: { values: Record<string, Value>; invalid?: Set<string> },
  issues: IssueCollector,
  cells?: SheetCells,
): void {
  // An Excel error, a formula without its result or a merged-over cell: an error, value not used.
  const special = cells?.special(raw, row, column);
  if (special) {
    record.values[spec.key] = null;
    (record.invalid ??= new Set()).add(spec.key);
    if (special.report) {
      const field = special.column === column ? { spec } : { field: null };
      issues.add({ severity: 'error', code: special.code, sheet, row: special.row, column: special.column, ...field, value: special.value, detail: special.detail });
    }
    return;
  }
  if (isBlank(raw)) {
    record.values[spec.key] = spec.blankAs ?? null;
    if (spec.required) {
      issues.add({ severity: 'error', code: 'required', sheet, row, column, spec, value: null, detail: { kind: 'blank' } });
    }
    return;
  }
  const r = parser(raw, cells?.numberFormat(row, column));
  if (r.ok) {
    record.values[spec.key] = r.value;
  } else {
    record.values[spec.key] = null;
    (record.invalid ??= new Set()).add(spec.key);
    issues.add({ severity: 'error', code: r.code, sheet, row, column, spec, value: r.shown ?? raw, detail: r.detail });
  }
}

export function readTable(input: WorkbookInput, spec: TableSheetSpec, ctx: ReadContext): ParsedTable {
  const sheet = findSheet(input, spec.name);
  const empty: ParsedTable = { spec, present: false, columns: new Map(), records: [], raw: () => null };
  if (!sheet) {
    reportMissingSheet(spec, ctx.sheetNames, ctx.issues);
    const lookalike = ctx.sheetNames?.lookalikes.get(spec.name);
    return lookalike ? { ...empty, lookalike: lookalike.name } : empty;
  }
  const columns = mapHeaders(sheet, spec, ctx.issues);
  const mapped = spec.fields
    .filter((f) => columns.has(f.key))
    .map((f) => ({ spec: f, column: columns.get(f.key)!, parser: fieldParser(f, ctx.region) }));
  const absent = spec.fields.filter((f) => !columns.has(f.key));
  const records: SheetRecord[] = [];
  const originRow = sheet.originRow ?? 1;
  const originColumn = sheet.originColumn ?? 1;
  const last = lastRow(sheet);
  const special = new SheetCells(sheet, mapped.map((m) => m.column));
  for (let row = Math.max(2, originRow); row <= last; row++) {
    const cells = sheet.rows[row - originRow];
    if (!cells) continue;
    if (mapped.every((m) => isBlank(cells[m.column - originColumn]) && !special.holdsFormula(row, m.column))) continue;
    const totals = totalsLabel(cells);
    if (totals) {
      const column = originColumn + totals.index;
      const labelField = mapped.find((m) => m.column === column)?.spec;
      ctx.issues.add({ severity: 'error', code: 'format', sheet: spec.name, row, column, ...(labelField ? { spec: labelField } : { field: null }), value: totals.label, detail: { kind: 'totalsRow', label: totals.label, row } });
      continue;
    }
    const record: SheetRecord = { row, values: {} };
    for (const m of mapped) {
      readCell(m.spec, m.parser, cells[m.column - originColumn], spec.name, row, m.column, record, ctx.issues, special);
    }
    // A column that was not read has no values (not its blank default): no rule or indicator uses it.
    for (const f of absent) record.values[f.key] = null;
    records.push(record);
  }
  const beside = ctx.sheetNames?.beside.get(spec.name);
  return {
    spec,
    present: true,
    columns,
    records,
    ...(beside ? { lookalike: beside.name } : {}),
    raw: (record, key) => {
      const c = columns.get(key);
      return c === undefined ? null : cellAt(sheet, record.row, c);
    },
  };
}

function labelKey(text: string): string {
  return normalizeLabel(text).replace(/[:：]$/u, '');
}

export function readBasicInfo(input: WorkbookInput, spec: KeyValueSheetSpec, ctx: ReadContext): BasicInfo {
  const basic: BasicInfo = { values: {}, rows: new Map() };
  for (const f of spec.fields) basic.values[f.key] = null;
  const sheet = findSheet(input, spec.name);
  if (!sheet) {
    reportMissingSheet(spec, ctx.sheetNames, ctx.issues);
    return basic;
  }
  const byLabel = new Map(spec.fields.map((f) => [labelKey(f.header), f]));
  const special = new SheetCells(sheet, [2]);
  const originRow = sheet.originRow ?? 1;
  for (let row = originRow; row <= lastRow(sheet); row++) {
    const label = cellAt(sheet, row, 1);
    if (isBlank(label)) continue;
    const f = byLabel.get(labelKey(toText(label)));
    if (f && !basic.rows.has(f.key)) basic.rows.set(f.key, row);
  }
  for (const f of spec.fields) {
    const row = basic.rows.get(f.key);
    if (row === undefined) {
      ctx.issues.add({ severity: 'error', code: 'required', sheet: spec.name, row: 1, column: 1, spec: f, value: null, detail: { kind: 'labelMissing' } });
      continue;
    }
    readCell(f, fieldParser(f, ctx.region), cellAt(sheet, row, 2), spec.name, row, 2, basic, ctx.issues, special);
  }
  return basic;
}

/** County and period from 基本信息, when they are valid; checks the division code against the county. */
export function identify(basic: BasicInfo, spec: KeyValueSheetSpec, ctx: ReadContext): Pick<ParsedWorkbook, 'county' | 'period'> {
  const name = basic.values['county'];
  const county = typeof name === 'string' ? (findCounty(ctx.region, name) ?? null) : null;
  const code = basic.values['divisionCode'];
  const codeRow = basic.rows.get('divisionCode');
  if (county && typeof code === 'string' && code !== county.code && codeRow !== undefined) {
    ctx.issues.add({
      severity: 'error',
      code: 'cross-field',
      sheet: spec.name,
      row: codeRow,
      column: 2,
      spec: spec.fields.find((f) => f.key === 'divisionCode'),
      value: code,
      detail: { kind: 'divisionMismatch', county: county.name, expected: county.code },
    });
  }
  const year = basic.values['year'];
  const quarter = basic.values['quarter'];
  const period =
    typeof year === 'number' && typeof quarter === 'number' ? { year, quarter: quarter as Quarter } : null;
  return { county, period };
}

export function readWorkbook(input: WorkbookInput, template: TemplateSpec, context: ReadContext): ParsedWorkbook {
  const ctx: ReadContext = { ...context, sheetNames: context.sheetNames ?? matchSheetNames(input, template) };
  reportOtherSheets(ctx.sheetNames!, template, ctx.issues);
  let basic: BasicInfo = { values: {}, rows: new Map() };
  let who: Pick<ParsedWorkbook, 'county' | 'period'> = { county: null, period: null };
  const tables = new Map<string, ParsedTable>();
  for (const spec of template.sheets) {
    if (spec.layout === 'keyValue') {
      basic = readBasicInfo(input, spec, ctx);
      who = identify(basic, spec, ctx);
    } else {
      tables.set(spec.name, readTable(input, spec, ctx));
    }
  }
  return { template: 'v1', basic, ...who, tables };
}

export type { Period };

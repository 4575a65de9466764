/**
 * Sheets whose names are not the template's. Names must be exactly the template's (template.md;
 * spaces and full-width forms aside), so a sheet renamed "光伏资源表" is not read as 光伏资源. It is
 * not dropped silently either. A sheet is taken for a template sheet only when its name is close
 * AND its first row (column A for 基本信息) holds several of that sheet's headers: a county's own
 * "项目清单" (项目/金额) is not 托管项目. `sheet-missing` keeps template.md's severity (error for
 * 基本信息, 单位名录, 能源资源消费; warning for the optional ledgers) and names the look-alike; data
 * rows in a misnamed sheet are a separate `format` error (they would be lost), as is a template
 * sheet left empty beside a misnamed copy holding its data. Other non-empty sheets outside the
 * template are listed in one warning; empty ones (Sheet2, 工作表1) are left alone.
 */
import type { SheetInput, WorkbookInput } from '../../table/sheet.js';
import { isBlank } from '../../table/sheet.js';
import { labelBase, normalizeLabel } from '../../template/normalize.js';
import { toText } from '../../values/coerce.js';
import type { SheetSpec, TemplateSpec } from '../../template/spec.js';
import { PRODUCT_SHEETS } from '../../template/blank.js';
import type { IssueCollector } from '../collector.js';
import { levenshtein } from '../near-choices.js';

/** Traditional forms of the characters of template v1's sheet names and of common suffixes. */
const SIMPLIFIED: Readonly<Record<string, string>> = {
  資訊: '信息',
  單: '单', 錄: '录', 資: '资', 費: '费', 務: '务', 車: '车', 點: '点', 設: '设', 備: '备', 託: '托', 項: '项',
  臺: '台', 賬: '账', 帳: '账', 細: '细', 統: '统', 計: '计', 記: '记', 彙: '汇', 總: '总', 況: '况', 覽: '览',
};
/** Words a county adds around a sheet name: "光伏资源表", "重点用能设备台账", "单位名录清单". */
const SUFFIX = /(?:表|台账|清单|明细|统计|登记|汇总|情况|一览)+$/u;

/** A sheet name reduced to what identifies it: no spaces, punctuation, suffixes; simplified. */
export function sheetNameKey(name: string): string {
  let key = normalizeLabel(name).replace(/[\p{P}\p{S}]/gu, '');
  for (const [from, to] of Object.entries(SIMPLIFIED)) key = key.split(from).join(to);
  const stripped = key.replace(SUFFIX, '');
  return stripped === '' ? key : stripped;
}

/** How alike two labels are, 0–1 (one inside the other counts as alike). At least CLOSE is "close". */
export function textSimilarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0 || y.length === 0) return 0;
  const [short, long] = x.length <= y.length ? [a, b] : [b, a];
  if ([...short].length >= 2 && long.includes(short)) return Math.max(0.9, 1 - ([...long].length - [...short].length) / (2 * [...long].length));
  return 1 - levenshtein(x, y) / Math.max(x.length, y.length);
}

export function nameSimilarity(a: string, b: string): number {
  return textSimilarity(sheetNameKey(a), sheetNameKey(b));
}

export const CLOSE = 0.5;

/** Rows below the header row (table sheets) or all rows (key–value sheet) that hold something. */
function filledRows(sheet: SheetInput, spec: SheetSpec): number {
  const origin = sheet.originRow ?? 1;
  let n = 0;
  sheet.rows.forEach((r, i) => {
    if (spec.layout === 'table' && origin + i <= 1) return;
    if (r?.some((v) => !isBlank(v))) n++;
  });
  return n;
}

/** Whether a sheet holds no value at all (Sheet2, 工作表1 as Excel and WPS create them). */
function isEmptySheet(sheet: SheetInput): boolean {
  return !sheet.rows.some((r) => r?.some((v) => !isBlank(v)));
}

/**
 * How many of a template sheet's headers (labels, for 基本信息) a sheet carries where the template
 * puts them: row 1 of a table sheet, column A of the key–value sheet. Units aside ("电力" counts).
 */
function templateHeadersIn(sheet: SheetInput, spec: SheetSpec): number {
  const origin = sheet.originRow ?? 1;
  const firstColumn = sheet.originColumn ?? 1;
  const cells =
    spec.layout === 'table'
      ? origin === 1 ? (sheet.rows[0] ?? []) : []
      : firstColumn === 1 ? sheet.rows.map((r) => r?.[0]) : [];
  const found = new Set(cells.filter((v) => !isBlank(v)).map((v) => labelBase(normalizeLabel(toText(v)))));
  return spec.fields.filter((f) => found.has(labelBase(normalizeLabel(f.header)))).length;
}

/**
 * Whether a sheet carries the template sheet's headers: at least half of its required ones, two
 * at least and three always enough (托管项目 has three required headers, 单位名录 nine).
 */
export function holdsTemplateHeaders(sheet: SheetInput, spec: SheetSpec): boolean {
  const required = spec.fields.filter((f) => f.required).length;
  return templateHeadersIn(sheet, spec) >= Math.min(3, Math.max(2, Math.ceil(required / 2)));
}

/** A sheet standing in for a template sheet; `byHeaders`: found by its headers alone, its name being unlike. */
export interface StandIn {
  name: string;
  rows: number;
  byHeaders?: boolean;
}

export interface SheetNames {
  /** Missing template sheet → the sheet with its headers (and a close name, or most of its headers), with its filled rows. */
  lookalikes: Map<string, StandIn>;
  /** Template table sheet present but without data → another sheet with its headers and data. */
  beside: Map<string, StandIn>;
  /** Non-empty sheets outside the template (and not its 填报说明), other than the above. */
  unknown: SheetInput[];
}

/**
 * Whether a sheet, whatever its name ("Sheet2", "导出数据"), carries so many of a template sheet's
 * headers that it can only be that sheet: three at least and 60 % of all its headers.
 */
function score(sheet: SheetInput, spec: SheetSpec, byName: boolean): number | null {
  if (byName) {
    const s = nameSimilarity(spec.name, sheet.name);
    return s >= CLOSE && holdsTemplateHeaders(sheet, spec) ? s : null;
  }
  const found = templateHeadersIn(sheet, spec);
  return found >= Math.max(3, Math.ceil(0.6 * spec.fields.length)) ? found / spec.fields.length : null;
}

/** Best pairs of template sheets and other sheets carrying their headers, each used once. */
function pair(
  specs: readonly SheetSpec[],
  others: readonly SheetInput[],
  taken: Set<SheetInput>,
  found: Map<string, StandIn>,
  byName: boolean,
  keep: (sheet: SheetInput, spec: SheetSpec) => boolean,
): void {
  const pairs = specs
    .filter((spec) => !found.has(spec.name))
    .flatMap((spec) => others.map((sheet) => ({ spec, sheet, score: taken.has(sheet) ? null : score(sheet, spec, byName) })))
    .filter((p): p is { spec: SheetSpec; sheet: SheetInput; score: number } => p.score !== null && keep(p.sheet, p.spec))
    .sort((a, b) => b.score - a.score);
  for (const p of pairs) {
    if (found.has(p.spec.name) || taken.has(p.sheet)) continue;
    found.set(p.spec.name, { name: p.sheet.name, rows: filledRows(p.sheet, p.spec), ...(byName ? {} : { byHeaders: true }) });
    taken.add(p.sheet);
  }
}

export function matchSheetNames(input: WorkbookInput, template: TemplateSpec): SheetNames {
  const known = new Set([...template.sheets.map((s) => s.name), ...PRODUCT_SHEETS].map(normalizeLabel));
  const present = new Set(input.sheets.map((s) => normalizeLabel(s.name)));
  const others = input.sheets.filter((s) => !known.has(normalizeLabel(s.name)));
  const missing = template.sheets.filter((s) => !present.has(normalizeLabel(s.name)));
  const taken = new Set<SheetInput>();
  const empty = template.sheets.filter((spec) => {
    const own = spec.layout === 'table' ? input.sheets.find((s) => normalizeLabel(s.name) === normalizeLabel(spec.name)) : undefined;
    return own !== undefined && filledRows(own, spec) === 0;
  });
  const lookalikes = new Map<string, StandIn>();
  const beside = new Map<string, StandIn>();
  const hasData = (sheet: SheetInput, spec: SheetSpec): boolean => filledRows(sheet, spec) > 0;
  // Close names first; then, for what is left, sheets whose headers alone say what they are, if they hold data.
  pair(missing, others, taken, lookalikes, true, () => true);
  pair(empty, others, taken, beside, true, hasData);
  pair(missing, others, taken, lookalikes, false, hasData);
  pair(empty, others, taken, beside, false, hasData);
  return { lookalikes, beside, unknown: others.filter((s) => !taken.has(s) && !isEmptySheet(s)) };
}

/**
 * The issues of a template sheet the workbook does not have: `sheet-missing` as template.md
 * defines it (error for a required sheet, warning for an optional ledger), naming a look-alike
 * sheet that carries its headers; and when that sheet holds data rows, a `format` error too:
 * its rows would be lost from the county's figures.
 */
export function reportMissingSheet(spec: SheetSpec, names: SheetNames | undefined, issues: IssueCollector): void {
  const like = names?.lookalikes.get(spec.name);
  const at = { sheet: spec.name, row: 1, column: 1, field: null } as const;
  const severity = spec.required ? 'error' : 'warning';
  if (!like) {
    issues.add({ ...at, severity, code: 'sheet-missing', detail: { kind: 'sheetMissing', required: spec.required } });
    return;
  }
  issues.add({ ...at, severity, code: 'sheet-missing', value: like.name, detail: { kind: 'sheetLookalike', found: like.name, rows: like.rows, required: spec.required, byHeaders: like.byHeaders === true } });
  if (like.rows > 0) issues.add({ ...at, severity: 'error', code: 'format', value: like.name, detail: { kind: 'sheetMisnamed', found: like.name, rows: like.rows } });
}

/**
 * The sheets that are not the template's, other than stand-ins for missing ones (see
 * reportMissingSheet): an error on each empty template sheet whose data sit in a close-named
 * sheet, and one warning listing the other non-empty ones, whose contents are not read. That warning is a
 * whole-workbook issue: issues name template sheets, so it stands at A1 of the first one.
 */
export function reportOtherSheets(names: SheetNames, template: TemplateSpec, issues: IssueCollector): void {
  for (const [sheet, like] of names.beside) {
    issues.add({ severity: 'error', code: 'format', sheet, row: 1, column: 1, field: null, value: like.name, detail: { kind: 'sheetBeside', found: like.name, rows: like.rows, byHeaders: like.byHeaders === true } });
  }
  if (names.unknown.length === 0) return;
  const sheets = names.unknown.map((s) => ({ name: s.name }));
  issues.add({
    severity: 'warning',
    code: 'format',
    sheet: template.sheets[0]!.name,
    row: 1,
    column: 1,
    field: null,
    value: names.unknown.map((s) => s.name).join('、'),
    detail: { kind: 'sheetsUnknown', sheets },
  });
}

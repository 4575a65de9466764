/**
 * Sheets whose names are not the template's. Names must be exactly the template's (template.md;
 * spaces and full-width forms aside), so a sheet renamed "光伏资源表" is not read as 光伏资源. It is
 * not dropped silently either: the missing template sheet's issue names it and says how many rows
 * it holds (an error when it holds data, since they would be lost); so does an error on a template
 * sheet left empty beside a close-named sheet holding data (the blank template sheet kept, the
 * data typed into a copy). Every other sheet outside the template is listed in one warning.
 */
import type { SheetInput, WorkbookInput } from '../../table/sheet.js';
import { isBlank } from '../../table/sheet.js';
import { normalizeLabel } from '../../template/normalize.js';
import type { SheetSpec, TemplateSpec } from '../../template/spec.js';
import { GUIDE_SHEET } from '../../template/blank.js';
import type { IssueCollector } from '../collector.js';

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

function levenshtein(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
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

export interface SheetNames {
  /** Missing template sheet → the workbook's sheet that is probably it, with its filled rows. */
  lookalikes: Map<string, { name: string; rows: number }>;
  /** Template table sheet present but without data → a close-named sheet that holds data. */
  beside: Map<string, { name: string; rows: number }>;
  /** Sheets outside the template (and not its 填报说明), other than the above. */
  unknown: SheetInput[];
}

/** Best pairs of template sheets and other sheets by name, each used once. */
function pair(
  specs: readonly SheetSpec[],
  others: readonly SheetInput[],
  taken: Set<SheetInput>,
  keep: (sheet: SheetInput, spec: SheetSpec) => boolean,
): Map<string, { name: string; rows: number }> {
  const pairs = specs
    .flatMap((spec) => others.map((sheet) => ({ spec, sheet, score: nameSimilarity(spec.name, sheet.name) })))
    .filter((p) => p.score >= CLOSE && !taken.has(p.sheet) && keep(p.sheet, p.spec))
    .sort((a, b) => b.score - a.score);
  const found = new Map<string, { name: string; rows: number }>();
  for (const p of pairs) {
    if (found.has(p.spec.name) || taken.has(p.sheet)) continue;
    found.set(p.spec.name, { name: p.sheet.name, rows: filledRows(p.sheet, p.spec) });
    taken.add(p.sheet);
  }
  return found;
}

export function matchSheetNames(input: WorkbookInput, template: TemplateSpec): SheetNames {
  const known = new Set([...template.sheets.map((s) => s.name), GUIDE_SHEET].map(normalizeLabel));
  const present = new Set(input.sheets.map((s) => normalizeLabel(s.name)));
  const others = input.sheets.filter((s) => !known.has(normalizeLabel(s.name)));
  const missing = template.sheets.filter((s) => !present.has(normalizeLabel(s.name)));
  const taken = new Set<SheetInput>();
  const lookalikes = pair(missing, others, taken, () => true);
  const empty = template.sheets.filter((spec) => {
    const own = spec.layout === 'table' ? input.sheets.find((s) => normalizeLabel(s.name) === normalizeLabel(spec.name)) : undefined;
    return own !== undefined && filledRows(own, spec) === 0;
  });
  const beside = pair(empty, others, taken, (sheet, spec) => filledRows(sheet, spec) > 0);
  return { lookalikes, beside, unknown: others.filter((s) => !taken.has(s)) };
}

/** The issue of a template sheet the workbook does not have, naming a sheet that is probably it. */
export function reportMissingSheet(spec: SheetSpec, names: SheetNames | undefined, issues: IssueCollector): void {
  const like = names?.lookalikes.get(spec.name);
  const at = { code: 'sheet-missing', sheet: spec.name, row: 1, column: 1, field: null } as const;
  if (!like) {
    issues.add({ ...at, severity: spec.required ? 'error' : 'warning', detail: { kind: 'sheetMissing', required: spec.required } });
    return;
  }
  // Rows in a renamed ledger would be lost from the county's figures: that blocks submission.
  const severity = spec.required || like.rows > 0 ? 'error' : 'warning';
  issues.add({ ...at, severity, value: like.name, detail: { kind: 'sheetLookalike', found: like.name, rows: like.rows, required: spec.required } });
}

/**
 * The sheets that are not the template's, other than stand-ins for missing ones (see
 * reportMissingSheet): an error on each empty template sheet whose data sit in a close-named
 * sheet, and one warning listing the rest, whose contents are not read. That warning is a
 * whole-workbook issue: issues name template sheets, so it stands at A1 of the first one.
 */
export function reportOtherSheets(names: SheetNames, template: TemplateSpec, issues: IssueCollector): void {
  for (const [sheet, like] of names.beside) {
    issues.add({ severity: 'error', code: 'format', sheet, row: 1, column: 1, field: null, value: like.name, detail: { kind: 'sheetBeside', found: like.name, rows: like.rows } });
  }
  if (names.unknown.length === 0) return;
  const sheets = names.unknown.map((s) => ({ name: s.name, empty: !s.rows.some((r) => r?.some((v) => !isBlank(v))) }));
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

/**
 * The county workbook engine: read → validate → indicators, over the table model. The add-in
 * (Excel ranges) and the bot and command line (.xlsx files) call it the same way.
 */
import { DEFAULT_COEFFICIENTS } from './coefficients/default.js';
import type { CoefficientSet } from './coefficients/types.js';
import { JINCHENG, type Region } from './counties.js';
import { computeIndicators } from './indicators/compute.js';
import type { IndicatorResult } from './indicators/definitions.js';
import { columnNumber } from './table/address.js';
import type { WorkbookInput } from './table/sheet.js';
import { TEMPLATE_V1 } from './template/v1.js';
import { IssueCollector } from './validation/collector.js';
import { historyFits, type HistorySnapshot } from './validation/history.js';
import type { ExplainedIssue, Issue } from './validation/issues.js';
import { identify, readBasicInfo, readWorkbook } from './validation/read.js';
import { checkAcrossSheets } from './validation/rules/cross-sheet.js';
import { checkOutliers } from './validation/rules/outliers.js';
import { checkRows } from './validation/rules/row-rules.js';
import type { ParsedWorkbook } from './validation/workbook.js';
import type { County } from './counties.js';
import type { Period } from './period.js';

export interface EngineOptions {
  region?: Region;
  coefficients?: CoefficientSet;
  /** The same quarter of last year, from an earlier accepted submission. */
  history?: HistorySnapshot | null;
}

export interface Validation {
  workbook: ParsedWorkbook;
  /** Errors and unexplained warnings, in sheet, row, column order. */
  issues: Issue[];
  /** Outlier warnings explained in 异常说明. */
  explained: ExplainedIssue[];
  summary: { errors: number; warnings: number };
  /** Whether the history given was the same quarter of last year and so was used. */
  historyUsed: boolean;
}

export interface Analysis extends Validation {
  indicators: IndicatorResult[];
  coefficients: CoefficientSet;
}

const SHEET_ORDER = new Map(TEMPLATE_V1.sheets.map((s, i) => [s.name, i]));

export function compareIssues(a: Issue, b: Issue): number {
  return (
    (SHEET_ORDER.get(a.sheet) ?? 99) - (SHEET_ORDER.get(b.sheet) ?? 99) ||
    a.row - b.row ||
    columnNumber(a.column) - columnNumber(b.column)
  );
}

/** The history to use, if it is the same county's same quarter of last year. */
function usableHistory(wb: ParsedWorkbook, history: HistorySnapshot | null | undefined): HistorySnapshot | null {
  if (!history || !wb.period || !wb.county) return null;
  return historyFits(history, wb.county, wb.period) ? history : null;
}

export function validateWorkbook(input: WorkbookInput, options: EngineOptions = {}): Validation {
  const region = options.region ?? JINCHENG;
  const coefficients = options.coefficients ?? DEFAULT_COEFFICIENTS;
  const issues = new IssueCollector();
  const workbook = readWorkbook(input, TEMPLATE_V1, { region, issues });
  for (const table of workbook.tables.values()) checkRows(table, { period: workbook.period, coefficients, issues });
  checkAcrossSheets(workbook, issues);
  const history = usableHistory(workbook, options.history);
  checkOutliers(workbook, coefficients, history, issues);
  const sorted = issues.issues.sort(compareIssues);
  const errors = sorted.filter((i) => i.severity === 'error').length;
  return {
    workbook,
    issues: sorted,
    explained: issues.explained.sort(compareIssues),
    summary: { errors, warnings: sorted.length - errors },
    historyUsed: history !== null,
  };
}

export function analyzeWorkbook(input: WorkbookInput, options: EngineOptions = {}): Analysis {
  const coefficients = options.coefficients ?? DEFAULT_COEFFICIENTS;
  const validation = validateWorkbook(input, { ...options, coefficients });
  const history = validation.historyUsed ? (options.history ?? null) : null;
  return { ...validation, indicators: computeIndicators(validation.workbook, coefficients, history), coefficients };
}

/** County and period from 基本信息 alone (null where invalid), without checking the rest. */
export function identifyWorkbook(input: WorkbookInput, region: Region = JINCHENG): { county: County | null; period: Period | null } {
  const ctx = { region, issues: new IssueCollector() };
  const spec = TEMPLATE_V1.sheets.find((s) => s.layout === 'keyValue');
  if (!spec || spec.layout !== 'keyValue') return { county: null, period: null };
  return identify(readBasicInfo(input, spec, ctx), spec, ctx);
}

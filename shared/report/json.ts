/**
 * The machine-readable output of template.md ("--format json"), built from an analysis. A report
 * lists at most `limit` issues of each group (same sheet, column and kind: groups.ts) and counts
 * the rest, so its size grows with the kinds of mistakes, not with the rows that repeat them.
 */
import { periodId } from '../period.js';
import { groupIssues, groupKey, type IssueGroup } from './groups.js';
import type { Analysis, Validation } from '../engine.js';
import type { IndicatorResult } from '../indicators/definitions.js';
import type { ExplainedIssue, Issue } from '../validation/issues.js';
import type { ParsedWorkbook } from '../validation/workbook.js';

/** Issues listed per group unless the user asks for another number (--limit). */
export const ISSUES_PER_GROUP = 10;

export interface ReportOptions {
  /** Issues listed per group; null lists all. Default ISSUES_PER_GROUP. */
  limit?: number | null;
}

/** One group of the report: how many issues it has and how many of them are listed. */
export interface GroupCount {
  severity: Issue['severity'];
  code: Issue['code'];
  sheet: string;
  column: string;
  field: string | null;
  count: number;
  listed: number;
  /** Every cell of the group, runs of rows joined ("F2–F31"). */
  cells: string;
}

export interface ValidateJson {
  template: 'v1';
  county: string | null;
  period: string | null;
  summary: { errors: number; warnings: number };
  /** The first `limit` issues of each group, in sheet, row, column order. */
  issues: Issue[];
  /** Outlier warnings explained in 异常说明 (they block nothing and are not counted above), listed like `issues`. */
  explained: ExplainedIssue[];
  /** All issues (errors + warnings), listed or not. */
  issueCount: number;
  /** Whether `issues` lists fewer than `issueCount`. */
  issuesTruncated: boolean;
  /** Every group of issues with its count: errors first, then in order of appearance. */
  issueGroups: GroupCount[];
  /** All explained outliers, listed or not. */
  explainedCount: number;
}

export interface SelectedGroup<T extends Issue> {
  group: IssueGroup;
  listed: T[];
  /** The group's issues beyond the limit, in order. */
  hidden: T[];
}

/** Issues cut to `limit` per group: one pass, so a million issues cost a million steps. */
export interface IssueSelection<T extends Issue> {
  /** The listed issues in their original order. */
  listed: T[];
  /** groupIssues() order. */
  groups: SelectedGroup<T>[];
}

export function selectIssues<T extends Issue>(issues: readonly T[], limit: number | null = ISSUES_PER_GROUP): IssueSelection<T> {
  const groups = groupIssues(issues).map((group): SelectedGroup<T> => ({ group, listed: [], hidden: [] }));
  const byKey = new Map(groups.map((g) => [groupKey(g.group), g]));
  const listed: T[] = [];
  for (const i of issues) {
    const g = byKey.get(groupKey(i))!;
    if (limit === null || g.listed.length < limit) {
      g.listed.push(i);
      listed.push(i);
    } else g.hidden.push(i);
  }
  return { listed, groups };
}

function groupCount(g: SelectedGroup<Issue>): GroupCount {
  const { severity, code, sheet, column, field, count, cells } = g.group;
  return { severity, code, sheet, column, field, count, listed: g.listed.length, cells };
}

export interface IndicatorsJson {
  template: 'v1';
  county: string | null;
  period: string | null;
  indicators: IndicatorResult[];
  /** Which coefficient set the indicators used. */
  coefficients: { id: string; name: string; version: string };
}

function identity(wb: ParsedWorkbook): { county: string | null; period: string | null } {
  return { county: wb.county?.name ?? null, period: wb.period ? periodId(wb.period) : null };
}

/** Issue objects with exactly the keys of template.md, in its order. */
function issueJson(i: Issue): Issue {
  return { severity: i.severity, code: i.code, sheet: i.sheet, cell: i.cell, row: i.row, column: i.column, field: i.field, value: i.value, message: i.message };
}

export function validateJson(v: Validation, options: ReportOptions = {}): ValidateJson {
  const limit = options.limit === undefined ? ISSUES_PER_GROUP : options.limit;
  const issues = selectIssues(v.issues, limit);
  const explained = selectIssues(v.explained, limit);
  return {
    template: 'v1',
    ...identity(v.workbook),
    summary: v.summary,
    issues: issues.listed.map(issueJson),
    explained: explained.listed.map((e) => ({ ...issueJson(e), explanation: e.explanation })),
    issueCount: v.issues.length,
    issuesTruncated: issues.listed.length < v.issues.length,
    issueGroups: issues.groups.map(groupCount),
    explainedCount: v.explained.length,
  };
}

export function indicatorsJson(a: Analysis): IndicatorsJson {
  return {
    template: 'v1',
    ...identity(a.workbook),
    indicators: a.indicators,
    coefficients: { id: a.coefficients.id, name: a.coefficients.name, version: a.coefficients.version },
  };
}

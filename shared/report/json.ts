/** The machine-readable output of template.md ("--format json"), built from an analysis. */
import { periodId } from '../period.js';
import type { Analysis, Validation } from '../engine.js';
import type { IndicatorResult } from '../indicators/definitions.js';
import type { ExplainedIssue, Issue } from '../validation/issues.js';
import type { ParsedWorkbook } from '../validation/workbook.js';

export interface ValidateJson {
  template: 'v1';
  county: string | null;
  period: string | null;
  summary: { errors: number; warnings: number };
  issues: Issue[];
  /** Outlier warnings explained in 异常说明 (they block nothing and are not counted above). */
  explained: ExplainedIssue[];
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

export function validateJson(v: Validation): ValidateJson {
  return {
    template: 'v1',
    ...identity(v.workbook),
    summary: v.summary,
    issues: v.issues.map(issueJson),
    explained: v.explained.map((e) => ({ ...issueJson(e), explanation: e.explanation })),
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

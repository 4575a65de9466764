/** Gathers issues while a workbook is read and checked, writing each message once. */
import { columnLetter } from '../table/address.js';
import { displayValue, type CellValue } from '../table/sheet.js';
import type { FieldSpec, Severity } from '../template/spec.js';
import type { Detail, ExplainedIssue, Issue, IssueCode } from './issues.js';
import { messageFor } from './messages.js';

export interface IssueAt {
  severity: Severity;
  code: IssueCode;
  sheet: string;
  row: number;
  column: number;
  spec?: FieldSpec;
  field?: string | null;
  value?: CellValue;
  detail: Detail;
}

export class IssueCollector {
  readonly issues: Issue[] = [];
  /** Outlier warnings whose row explains them in 异常说明: kept apart, they block nothing. */
  readonly explained: ExplainedIssue[] = [];

  add(at: IssueAt): Issue {
    const issue = this.build(at);
    this.issues.push(issue);
    return issue;
  }

  addExplained(at: IssueAt, explanation: string): ExplainedIssue {
    const issue = { ...this.build(at), explanation };
    this.explained.push(issue);
    return issue;
  }

  private build(at: IssueAt): Issue {
    const column = columnLetter(at.column);
    const field = at.field !== undefined ? at.field : (at.spec?.header ?? null);
    const value = displayValue(at.value);
    const cell = `${column}${at.row}`;
    const issue: Issue = {
      severity: at.severity,
      code: at.code,
      sheet: at.sheet,
      cell,
      row: at.row,
      column,
      field,
      value,
      message: messageFor({ code: at.code, sheet: at.sheet, cell, spec: at.spec, field, value, detail: at.detail }),
    };
    return issue;
  }
}

/**
 * Issues grouped by sheet, column and code, so thirty rows of the same mistake read as one line
 * ("单位名录 F2–F31 共 30 处：「建筑面积（m²）」未填写…") and a card has room for the other mistakes.
 */
import type { Issue, IssueCode, Severity } from '../validation/issues.js';

export interface IssueGroup {
  severity: Severity;
  code: IssueCode;
  sheet: string;
  /** Column letter(s); '' for whole-sheet issues. */
  column: string;
  field: string | null;
  count: number;
  /** The cells, with runs of consecutive rows joined: "F2–F21、F25". */
  cells: string;
  /** The first issue's message without its "单位名录 F2" prefix. */
  message: string;
  /** Whether every issue of the group has the same message once its location is taken away. */
  sameMessage: boolean;
}

/** Runs of consecutive rows shown before "等"; a group is one line on a card. */
const MAX_RUNS = 4;

/** The message without the "单位名录 E3" that the location already shows. */
export function messageWithoutLocation(i: Pick<Issue, 'sheet' | 'cell' | 'message'>): string {
  const prefix = `${i.sheet} ${i.cell}`;
  return i.message.startsWith(prefix) ? i.message.slice(prefix.length).trimStart() : i.message;
}

function cellRuns(column: string, rows: readonly number[], cells: readonly string[]): string {
  if (rows.length === 1) return cells[0]!;
  const runs: string[] = [];
  let start = rows[0]!;
  let previous = start;
  const close = (): void => {
    runs.push(start === previous ? `${column}${start}` : `${column}${start}–${column}${previous}`);
  };
  for (const r of rows.slice(1)) {
    if (r === previous || r === previous + 1) {
      previous = r;
      continue;
    }
    close();
    start = previous = r;
  }
  close();
  return runs.length > MAX_RUNS ? `${runs.slice(0, MAX_RUNS).join('、')} 等` : runs.join('、');
}

/**
 * Groups in the order their first issue appears (the engine sorts by sheet, row, column), errors
 * before warnings. Issues of one group differ only in row.
 */
/** What makes issues one group (an IssueGroup has these fields too): same severity, sheet, column and code. */
export function groupKey(x: Pick<Issue, 'severity' | 'sheet' | 'column' | 'code'>): string {
  return `${x.severity}\u0000${x.sheet}\u0000${x.column}\u0000${x.code}`;
}

export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  const byKey = new Map<string, Issue[]>();
  for (const i of issues) {
    const key = groupKey(i);
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  }
  const groups: IssueGroup[] = [];
  for (const list of byKey.values()) {
    const first = list[0]!;
    const message = messageWithoutLocation(first);
    const rows = list.map((i) => i.row);
    const sorted = [...rows].sort((a, b) => a - b);
    groups.push({
      severity: first.severity,
      code: first.code,
      sheet: first.sheet,
      column: first.column,
      field: first.field,
      count: list.length,
      cells: first.column === '' ? first.cell : cellRuns(first.column, sorted, list.map((i) => i.cell)),
      message,
      sameMessage: list.every((i) => messageWithoutLocation(i) === message),
    });
  }
  const rank = (g: IssueGroup): number => (g.severity === 'error' ? 0 : 1);
  // Stable: within a severity, the engine's order of first appearance.
  return groups.map((g, n) => ({ g, n })).sort((a, b) => rank(a.g) - rank(b.g) || a.n - b.n).map((x) => x.g);
}

/** What a group says, without where: "共 30 处：「建筑面积（m²）」未填写…" (one issue: its message). */
export function groupMessage(g: IssueGroup): string {
  if (g.count === 1) return g.message;
  return `共 ${g.count} 处：${g.sameMessage ? g.message : `例如第一处，${g.message}`}`;
}

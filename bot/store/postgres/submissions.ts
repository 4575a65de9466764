/**
 * Submission records across their three tables: the submissions row, its first issues
 * (submission_issues) and its indicator values (submission_indicators). Writing is one multi-row
 * insert per table; reading is one query per table for all the records asked for, never one per record.
 */
import type pg from 'pg';
import type { Issue } from '../../../shared/validation/issues.js';
import type { SubmissionRecord } from '../types.js';
import * as rows from './rows.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Inserts the records with their issues and indicators; run it inside the caller's transaction. */
export async function insertSubmissions(q: Queryable, records: readonly SubmissionRecord[]): Promise<void> {
  await rows.insertRows(q, 'submissions', rows.SUBMISSION_COLUMNS, records.map(rows.submissionValues));
  await rows.insertRows(q, 'submission_issues', rows.ISSUE_COLUMNS, records.flatMap((r) => rows.issueValues(r.id, r.issues)));
  await rows.insertRows(q, 'submission_indicators', rows.INDICATOR_COLUMNS, records.flatMap((r) => rows.indicatorValues(r.id, r.indicators)));
}

/**
 * The submissions matching `where` (on the alias s, with `params`), in the order received, with
 * their issues and indicators: one query per table, by the listed ids (primary-key lookups).
 */
export async function selectSubmissions(q: Queryable, where: string, params: unknown[]): Promise<SubmissionRecord[]> {
  const columns = rows.SUBMISSION_COLUMNS.map((c) => `s.${c}`).join(', ');
  const found = (await q.query<rows.SubmissionRow>(`select ${columns} from submissions s ${where} order by s.seq`, params)).rows;
  if (found.length === 0) return [];
  const ids = [found.map((r) => r.id)];
  const issueColumns = rows.ISSUE_COLUMNS.filter((c) => c !== 'position').join(', ');
  // Both after the submissions query, so they see every row committed with the listed submissions;
  // side by side on a pool (two connections), queued in turn on a transaction's one client.
  const [issueRows, indicatorRows] = await Promise.all([
    q.query<rows.IssueRow>(`select ${issueColumns} from submission_issues where submission_id = any($1::text[]) order by position`, ids).then((r) => r.rows),
    q.query<rows.IndicatorRow>('select submission_id, indicator, value from submission_indicators where submission_id = any($1::text[]) order by position', ids).then((r) => r.rows),
  ]);
  const issues = new Map<string, Issue[]>();
  for (const r of issueRows) {
    const list = issues.get(r.submission_id);
    if (list) list.push(rows.issue(r));
    else issues.set(r.submission_id, [rows.issue(r)]);
  }
  // Entries, not assignment: Object.fromEntries makes every key an own property, as lowdb's records have.
  const indicators = new Map<string, [string, number | null][]>();
  for (const r of indicatorRows) {
    const entries = indicators.get(r.submission_id);
    if (entries) entries.push([r.indicator, r.value]);
    else indicators.set(r.submission_id, [[r.indicator, r.value]]);
  }
  return found.map((r) => rows.submission(r, issues.get(r.id) ?? [], Object.fromEntries(indicators.get(r.id) ?? [])));
}

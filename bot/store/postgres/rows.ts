/** Rows of the PostgreSQL tables and the records the Repository returns, field for field as lowdb keeps them. */
import type pg from 'pg';
import type { Issue, IssueValue } from '../../../shared/validation/issues.js';
import type { AuditEntry, ConversationRecord, CountyRecord, Invite, Member, NoticeRecord, ReminderRecord, Role, SubmissionRecord } from '../types.js';

export const COUNTY_COLUMNS = 'name, code, added_at';
export const county = (r: { name: string; code: string; added_at: string }): CountyRecord => ({ name: r.name, code: r.code, addedAt: r.added_at });

export const MEMBER_COLUMNS = 'channel_id, user_id, name, role, county, bound_at';
export interface MemberRow {
  channel_id: string;
  user_id: string;
  name: string | null;
  role: Role;
  county: string | null;
  bound_at: string;
}
export const member = (r: MemberRow): Member => ({ channelId: r.channel_id, userId: r.user_id, name: r.name, role: r.role, county: r.county, boundAt: r.bound_at });

export const INVITE_COLUMNS = 'code_hash, county, role, created_at, expires_at, created_by, used_at, used_by';
export interface InviteRow {
  code_hash: string;
  county: string | null;
  role: Role;
  created_at: string;
  expires_at: string;
  created_by: string;
  used_at: string | null;
  used_by: string | null;
}
export const invite = (r: InviteRow): Invite => ({
  codeHash: r.code_hash,
  county: r.county,
  role: r.role,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  createdBy: r.created_by,
  usedAt: r.used_at,
  usedBy: r.used_by,
});

export const CONVERSATION_COLUMNS = 'key, channel_id, user_id, county, role, reference, updated_at';
export const conversation = (r: { key: string; channel_id: string; user_id: string; county: string | null; role: Role | null; reference: unknown; updated_at: string }): ConversationRecord => ({
  key: r.key,
  channelId: r.channel_id,
  userId: r.user_id,
  county: r.county,
  role: r.role,
  reference: r.reference,
  updatedAt: r.updated_at,
});

/** In the order submissionValues gives them. */
export const SUBMISSION_COLUMNS = [
  'id',
  'county',
  'period',
  'version',
  'status',
  'received_at',
  'sha256',
  'bytes',
  'format',
  'via',
  'sender_kind',
  'sender_id',
  'sender_name',
  'due_date',
  'late',
  'errors',
  'warnings',
  'explained',
  'unexplained_outliers',
  'institutions',
  'issue_count',
  'file',
  'history',
] as const;

/** The row's values in SUBMISSION_COLUMNS order (issues and indicators have their own tables). */
export function submissionValues(s: SubmissionRecord): unknown[] {
  const values: Record<(typeof SUBMISSION_COLUMNS)[number], unknown> = {
    id: s.id,
    county: s.county,
    period: s.period,
    version: s.version,
    status: s.status,
    received_at: s.receivedAt,
    sha256: s.sha256,
    bytes: s.bytes,
    format: s.format,
    via: s.via,
    sender_kind: s.sender.kind,
    sender_id: s.sender.id,
    sender_name: s.sender.name,
    due_date: s.dueDate,
    late: s.late,
    errors: s.summary.errors,
    warnings: s.summary.warnings,
    explained: s.explained,
    unexplained_outliers: s.unexplainedOutliers,
    institutions: s.institutions,
    issue_count: s.issueCount,
    file: s.file,
    history: s.history,
  };
  return SUBMISSION_COLUMNS.map((c) => values[c]);
}

export interface SubmissionRow {
  id: string;
  county: string;
  period: string;
  version: number;
  status: SubmissionRecord['status'];
  received_at: string;
  sha256: string;
  bytes: number;
  format: SubmissionRecord['format'];
  via: SubmissionRecord['via'];
  sender_kind: SubmissionRecord['sender']['kind'];
  sender_id: string;
  sender_name: string | null;
  due_date: string;
  late: boolean;
  errors: number;
  warnings: number;
  explained: number;
  unexplained_outliers: number;
  institutions: number;
  issue_count: number;
  file: string;
  history: string | null;
}

/** The record of a submissions row with its rows of submission_issues and submission_indicators. */
export const submission = (r: SubmissionRow, issues: Issue[], indicators: SubmissionRecord['indicators']): SubmissionRecord => ({
  id: r.id,
  county: r.county,
  period: r.period,
  version: r.version,
  status: r.status,
  receivedAt: r.received_at,
  sha256: r.sha256,
  bytes: r.bytes,
  format: r.format,
  via: r.via,
  sender: { kind: r.sender_kind, id: r.sender_id, name: r.sender_name },
  dueDate: r.due_date,
  late: r.late,
  summary: { errors: r.errors, warnings: r.warnings },
  explained: r.explained,
  unexplainedOutliers: r.unexplained_outliers,
  institutions: r.institutions,
  issues,
  issueCount: r.issue_count,
  indicators,
  file: r.file,
  history: r.history,
});

/** submission_issues, in the order issueValues gives them. */
export const ISSUE_COLUMNS = ['submission_id', 'position', 'severity', 'code', 'sheet', 'cell', '"row"', '"column"', 'field', 'value_kind', 'value_text', 'message'] as const;
export interface IssueRow {
  submission_id: string;
  severity: Issue['severity'];
  code: Issue['code'];
  sheet: string;
  cell: string;
  row: number;
  column: string;
  field: string | null;
  value_kind: 'string' | 'number' | 'boolean' | 'null';
  value_text: string | null;
  message: string;
}

/** -0 as "-0": String(-0) is "0", and the record must read back as given. */
const numberText = (n: number): string => (Object.is(n, -0) ? '-0' : String(n));

/** A cell value as shown (IssueValue) as kind and text: String/Number round-trip every double. */
function valueColumns(v: IssueValue): [IssueRow['value_kind'], string | null] {
  if (v === null) return ['null', null];
  if (typeof v === 'number') return ['number', numberText(v)];
  if (typeof v === 'boolean') return ['boolean', String(v)];
  return ['string', v];
}

function valueOf(kind: IssueRow['value_kind'], text: string | null): IssueValue {
  switch (kind) {
    case 'null':
      return null;
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'string':
      return text!;
  }
}

/** One row per issue, in ISSUE_COLUMNS order; position keeps the list's order. */
export const issueValues = (submissionId: string, issues: readonly Issue[]): unknown[][] =>
  issues.map((i, position) => [submissionId, position, i.severity, i.code, i.sheet, i.cell, i.row, i.column, i.field, ...valueColumns(i.value), i.message]);

export const issue = (r: IssueRow): Issue => ({
  severity: r.severity,
  code: r.code,
  sheet: r.sheet,
  cell: r.cell,
  row: r.row,
  column: r.column,
  field: r.field,
  value: valueOf(r.value_kind, r.value_text),
  message: r.message,
});

/** submission_indicators, in the order indicatorValues gives them. */
export const INDICATOR_COLUMNS = ['submission_id', 'position', 'indicator', 'value'] as const;
export interface IndicatorRow {
  submission_id: string;
  indicator: string;
  value: number | null;
}
/** One row per indicator in the record's key order; a number goes as text so that -0 stays -0. */
export const indicatorValues = (submissionId: string, indicators: SubmissionRecord['indicators']): unknown[][] =>
  Object.entries(indicators).map(([indicator, value], position) => [submissionId, position, indicator, value === null ? null : numberText(value)]);

/** Bind parameters per statement (PostgreSQL allows 65,535). */
const MAX_PARAMETERS = 30_000;

/** insert into table (columns) values (…), (…): as many rows per statement as the parameter limit allows. */
export async function insertRows(q: Pick<pg.ClientBase, 'query'>, table: string, columns: readonly string[], values: readonly unknown[][]): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < values.length; start += per) {
    const batch = values.slice(start, start + per);
    const tuples = batch.map((_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await q.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, batch.flat());
  }
}

export const REMINDER_COLUMNS = 'key, status, claimed_at, done_at, detail, attempts';
export const reminder = (r: { key: string; status: ReminderRecord['status']; claimed_at: string; done_at: string | null; detail: string; attempts: number }): ReminderRecord => ({
  key: r.key,
  status: r.status,
  claimedAt: r.claimed_at,
  doneAt: r.done_at,
  detail: r.detail,
  attempts: r.attempts,
});

export const NOTICE_COLUMNS = 'id, period, created_at, created_by, text, posted_at, revision, doc_number, content';
export const notice = (r: {
  id: string;
  period: string;
  created_at: string;
  created_by: string;
  text: string;
  posted_at: string | null;
  revision: number;
  doc_number: string;
  content: unknown;
}): NoticeRecord => ({
  id: r.id,
  period: r.period,
  createdAt: r.created_at,
  createdBy: r.created_by,
  text: r.text,
  postedAt: r.posted_at,
  revision: r.revision,
  docNumber: r.doc_number,
  content: r.content,
});

export const audit = (r: { at: string; actor: string; action: string; detail: string }): AuditEntry => ({ at: r.at, actor: r.actor, action: r.action, detail: r.detail });

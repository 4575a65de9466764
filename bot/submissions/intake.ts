/**
 * Intake of a quarterly submission, from chat or the API: read it, tie it to the sender's county,
 * check it with the engine (against last year's same quarter when known), judge lateness, and keep
 * it as a new version with its original bytes. A submission for another county, or one whose
 * 基本信息 names no valid county and quarter, is answered but not stored.
 */
import { analyzeWorkbook, identifyWorkbook, validateWorkbook, type Analysis, type Validation } from '../../shared/engine.js';
import { JINCHENG, type Region } from '../../shared/counties.js';
import { periodId, quarterBounds, sameQuarterLastYear, type Period } from '../../shared/period.js';
import { shanghaiDate } from '../../shared/schedule/calendar.js';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { isLate, submissionDue, type DueDate } from '../../shared/schedule/deadlines.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import { sha256 } from '../access/secrets.js';
import type { Repository, SubmissionRecord, SubmissionSender, SubmissionStatus } from '../store/types.js';
import { readXlsxBuffer, WorkbookReadError, type ReadFailure } from '../xlsx/read.js';
import { snapshotOf } from '../../shared/validation/history.js';
import { SHEET } from '../../shared/template/v1.js';

/** Inflated size allowed for an uploaded workbook: generous for 100k rows, small enough to refuse zip bombs. */
export const UPLOAD_MAX_UNCOMPRESSED = 256 * 1024 * 1024;
/** How many issues a stored record keeps (the card shows 20; the rest are recomputed from the file). */
export const STORED_ISSUES = 20;

export type Payload = { kind: 'xlsx'; data: Buffer; name?: string } | { kind: 'json'; data: Buffer; input: WorkbookInput };

export interface IntakeRequest {
  /** The county the sender may submit for. */
  county: string;
  sender: SubmissionSender;
  via: 'chat' | 'api' | 'demo';
  payload: Payload;
  now: Date;
}

export interface IntakeContext {
  repo: Repository;
  calendar: WorkdayCalendar;
  region?: Region;
}

export type IntakeOutcome =
  | { kind: 'stored'; record: SubmissionRecord; analysis: Analysis; due: DueDate }
  | { kind: 'unreadable'; reason: ReadFailure; message: string }
  | { kind: 'unidentified'; validation: Validation }
  | { kind: 'wrong-county'; expected: string; found: string }
  | { kind: 'future-period'; period: string };

function statusOf(summary: { errors: number; warnings: number }): SubmissionStatus {
  if (summary.errors > 0) return 'rejected';
  return summary.warnings > 0 ? 'accepted-with-warnings' : 'accepted';
}

export function counts(status: SubmissionStatus): boolean {
  return status !== 'rejected';
}

/** The newest accepted submission of a county and quarter, if any. */
export function latestAccepted(repo: Repository, county: string, period: string): SubmissionRecord | undefined {
  return repo
    .submissions({ county, period })
    .filter((s) => counts(s.status))
    .at(-1);
}

async function lastYear(repo: Repository, county: string, period: Period) {
  const previous = latestAccepted(repo, county, periodId(sameQuarterLastYear(period)));
  return previous ? repo.history(previous) : null;
}

async function read(payload: Payload): Promise<WorkbookInput> {
  if (payload.kind === 'json') return payload.input;
  const label = payload.name ? `文件“${payload.name}”` : '上传的文件';
  return readXlsxBuffer(payload.data, label, { maxUncompressedBytes: UPLOAD_MAX_UNCOMPRESSED });
}

export async function intake(request: IntakeRequest, ctx: IntakeContext): Promise<IntakeOutcome> {
  const region = ctx.region ?? JINCHENG;
  let input: WorkbookInput;
  try {
    input = await read(request.payload);
  } catch (err) {
    if (err instanceof WorkbookReadError) return { kind: 'unreadable', reason: err.reason, message: err.message };
    throw err;
  }
  // Identify first (基本信息 only): a workbook for another county is refused before anything is computed or kept.
  const { county, period } = identifyWorkbook(input, region);
  if (!county || !period) return { kind: 'unidentified', validation: validateWorkbook(input, { region }) };
  if (county.name !== request.county) return { kind: 'wrong-county', expected: request.county, found: county.name };
  if (quarterBounds(period).start > shanghaiDate(request.now)) return { kind: 'future-period', period: periodId(period) };

  const history = await lastYear(ctx.repo, county.name, period);
  const analysis = analyzeWorkbook(input, { region, history });
  const status = statusOf(analysis.summary);
  const due = submissionDue(period, ctx.calendar);
  const record = await ctx.repo.addSubmission({
    county: county.name,
    period: periodId(period),
    status,
    receivedAt: request.now.toISOString(),
    sha256: sha256(request.payload.data),
    bytes: request.payload.data.length,
    format: request.payload.kind,
    via: request.via,
    sender: request.sender,
    dueDate: due.date,
    late: isLate(request.now, due),
    summary: analysis.summary,
    explained: analysis.explained.length,
    unexplainedOutliers: analysis.issues.filter((i) => i.code === 'outlier').length,
    institutions: analysis.workbook.tables.get(SHEET.institutions)?.records.length ?? 0,
    issues: analysis.issues.slice(0, STORED_ISSUES),
    issueCount: analysis.issues.length,
    indicators: Object.fromEntries(analysis.indicators.map((i) => [i.id, i.value])),
    original: request.payload.data,
    snapshot: counts(status) ? snapshotOf(analysis.workbook) : null,
  });
  return { kind: 'stored', record, analysis, due };
}

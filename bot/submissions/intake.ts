/**
 * Intake of a quarterly submission, from chat or the API: read it, tie it to the sender's county,
 * check it with the engine (against last year's same quarter when known), judge lateness, and keep
 * it as a new version with its original bytes. A submission for another county, or one whose
 * 基本信息 names no valid county and quarter, is answered but not stored.
 *
 * The heavy part, checkPayload(), is pure (bytes in, a compact CheckedWorkbook out) and runs
 * wherever the context's WorkbookChecker puts it: in a worker thread (pool.ts, for the server) or
 * in process (the default: demo seeding, tests, benchmarks). The store write stays with intake().
 */
import { z } from 'zod';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import { analyzeWorkbook, identifyWorkbook, validateWorkbook, type Validation } from '../../shared/engine.js';
import { JINCHENG, type Region } from '../../shared/counties.js';
import type { IndicatorResult } from '../../shared/indicators/definitions.js';
import { parsePeriodId, periodId, quarterBounds, sameQuarterLastYear } from '../../shared/period.js';
import { groupIssues, type IssueGroup } from '../../shared/report/groups.js';
import { shanghaiDate } from '../../shared/schedule/calendar.js';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { isLate, submissionDue, type DueDate } from '../../shared/schedule/deadlines.js';
import { parseArea, type CellGrid, type CellValueType, type SheetInput, type WorkbookInput } from '../../shared/table/sheet.js';
import { SHEET } from '../../shared/template/v1.js';
import { snapshotOf, type HistorySnapshot } from '../../shared/validation/history.js';
import type { Issue } from '../../shared/validation/issues.js';
import { sha256 } from '../access/secrets.js';
import { buildIssueReport } from '../reports/issue-report.js';
import { JsonSyntaxError, parseJsonBytes } from '../json-position.js';
import type { Repository, SubmissionRecord, SubmissionSender, SubmissionStatus } from '../store/types.js';
import { readXlsxBuffer, WorkbookReadError, type ReadFailure } from '../xlsx/read.js';

/** Inflated size allowed for an uploaded workbook: generous for 100k rows, small enough to refuse zip bombs. */
export const UPLOAD_MAX_UNCOMPRESSED = 256 * 1024 * 1024;
/** How many issues a stored record keeps (the card shows 20; the rest are recomputed from the file). */
export const STORED_ISSUES = 20;
/** How many issues an answer carries (CheckedWorkbook.issues); the rest are counted. */
export const ISSUE_ANSWER_LIMIT = 1000;

/**
 * The uploaded bytes: an .xlsx file, or the API's JSON {"sheets": {"<sheet name>": [[…row 1…], …]}}.
 * A checker running in a worker thread may move `data`'s memory there: pass a Buffer nobody else
 * uses, and use the outcome (the stored record) afterwards, not `data`.
 */
export type Payload = { kind: 'xlsx'; data: Buffer; name?: string } | { kind: 'json'; data: Buffer };

export interface IntakeRequest {
  /** The county the sender may submit for. */
  county: string;
  sender: SubmissionSender;
  via: 'chat' | 'api' | 'demo';
  payload: Payload;
  now: Date;
}

/** What the engine found, compact and structured-clone friendly (no parsed workbook). */
export interface CheckedWorkbook {
  county: string | null;
  period: string | null;
  summary: { errors: number; warnings: number };
  /** Outlier warnings explained in 异常说明. */
  explained: number;
  unexplainedOutliers: number;
  institutions: number;
  /** [] when not computed (a workbook whose county or quarter is unknown). */
  indicators: IndicatorResult[];
  /** The first ISSUE_ANSWER_LIMIT issues in the engine's order (sheet, row, column). */
  issues: Issue[];
  /** All issues. */
  issueCount: number;
  /** All issues by code. */
  issueCounts: Record<string, number>;
  /** groupIssues() of all issues. */
  groups: IssueGroup[];
  /** The history snapshot to keep, for a workbook that will be accepted; null otherwise. */
  snapshot: HistorySnapshot | null;
}

/** Why a payload could not be read: the reader's reasons, and for JSON a syntax or shape error. */
export type UnreadableReason = ReadFailure | 'bad-json' | 'bad-shape';

export type IntakeOutcome =
  | { kind: 'stored'; record: SubmissionRecord; checked: CheckedWorkbook; due: DueDate }
  | { kind: 'unreadable'; reason: UnreadableReason; message: string }
  | { kind: 'unidentified'; checked: CheckedWorkbook }
  | { kind: 'wrong-county'; expected: string; found: string }
  | { kind: 'future-period'; period: string };

/** What checkPayload() needs: plain data, so it can travel to a worker thread. */
export interface CheckRequest {
  payload: Payload;
  /** The county the sender may submit for. */
  county: string;
  /** Today in Shanghai, "2026-10-10": a quarter that starts later cannot be submitted. */
  today: string;
  region: Region;
  /** The server's coefficient set (config coefficientsFile); the default when absent. */
  coefficients?: CoefficientSet;
  /** How many issues the result lists (ISSUE_ANSWER_LIMIT by default; Infinity for an issue report). */
  issueLimit?: number;
  /** Cap on the .xlsx file's inflated size (UPLOAD_MAX_UNCOMPRESSED by default; config maxInflatedMb). */
  maxInflatedBytes?: number;
}

/** The outcome of a check: everything but 'stored', or a workbook ready to be stored. */
export type CheckOutcome = Exclude<IntakeOutcome, { kind: 'stored' }> | { kind: 'checked'; checked: CheckedWorkbook; sha256: string };

/** The history snapshot of `county`'s newest accepted submission for `period` ("2025Q3"), if any. */
export type HistoryLookup = (county: string, period: string) => Promise<HistorySnapshot | null>;

/** Runs checkPayload() somewhere; gives back the outcome and the payload's bytes (possibly moved and returned). */
export interface WorkbookChecker {
  check(request: CheckRequest, history: HistoryLookup): Promise<{ outcome: CheckOutcome; data: Buffer }>;
  /** The .xlsx issue report of a stored version, from its original (see bot/reports/issue-report.ts). */
  report(record: SubmissionRecord, original: Buffer, history: HistoryLookup, region: Region, now: Date, coefficients?: CoefficientSet): Promise<Buffer>;
}

/** checkPayload() on the calling thread. */
export const IN_PROCESS: WorkbookChecker = {
  async check(request, history) {
    return { outcome: await checkPayload(request, history), data: request.payload.data };
  },
  report: (record, original, history, region, now, coefficients) => buildIssueReport(record, original, history, region, now, coefficients),
};

export interface IntakeContext {
  repo: Repository;
  calendar: WorkdayCalendar;
  region?: Region;
  coefficients?: CoefficientSet;
  /** Cap on an uploaded workbook's inflated size (UPLOAD_MAX_UNCOMPRESSED by default). */
  maxInflatedBytes?: number;
  /** Where the workbook is read and checked; in process by default. */
  checker?: WorkbookChecker;
}

function statusOf(summary: { errors: number; warnings: number }): SubmissionStatus {
  if (summary.errors > 0) return 'rejected';
  return summary.warnings > 0 ? 'accepted-with-warnings' : 'accepted';
}

export function counts(status: SubmissionStatus): boolean {
  return status !== 'rejected';
}

/** The newest accepted submission of a county and quarter, if any. */
export async function latestAccepted(repo: Repository, county: string, period: string): Promise<SubmissionRecord | undefined> {
  return countedOf(await repo.submissions({ county, period }));
}

/** The version that counts among one county's versions of one quarter: the newest accepted one. */
export function countedOf(versions: readonly SubmissionRecord[]): SubmissionRecord | undefined {
  let counted: SubmissionRecord | undefined;
  for (const s of versions) if (counts(s.status) && (!counted || s.version > counted.version)) counted = s;
  return counted;
}

/** The first accepted version that arrived by the due date: while there is one, the county is on time. */
export function firstOnTime(versions: readonly SubmissionRecord[]): SubmissionRecord | undefined {
  let first: SubmissionRecord | undefined;
  for (const s of versions) if (counts(s.status) && !s.late && (!first || s.version < first.version)) first = s;
  return first;
}

/** Last year's history as the store has it (or had it at `asOf`): the newest accepted version's snapshot. */
export function historyFrom(repo: Repository, asOf?: string): HistoryLookup {
  return async (county, period) => {
    const previous = asOf === undefined ? await latestAccepted(repo, county, period) : countedOf((await repo.submissions({ county, period })).filter((s) => s.receivedAt <= asOf));
    return previous ? repo.history(previous) : null;
  };
}

// ───────────────────────────── the pure check ─────────────────────────────

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ROWS = z.array(z.union([z.array(cell), z.null()])).max(1_000_000);

/** Excel's sheet bounds: grids beyond them describe no cell. */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;
/** A parallel grid (valueTypes, numberFormats); null is "not given", as a hole is in the engine's grids. */
const grid = <T extends z.ZodType>(item: T) => z.array(z.union([z.array(z.union([item, z.null()])).max(EXCEL_COLUMNS), z.null()])).max(EXCEL_ROWS);
/** The valueTypes Excel's Range.valueTypes gives ('Uncalculated' is the .xlsx reader's own). */
const VALUE_TYPES = ['Unknown', 'Empty', 'String', 'Integer', 'Double', 'Boolean', 'Error', 'RichValue'] as const satisfies readonly CellValueType[];

/** A sheet as the add-in reads it: Range.values plus what Excel knows about the cells (shared/table/sheet.ts). */
const SHEET_OBJECT = z
  .object({
    rows: ROWS,
    originRow: z.number().int().min(1).max(EXCEL_ROWS).optional(),
    originColumn: z.number().int().min(1).max(EXCEL_COLUMNS).optional(),
    valueTypes: grid(z.enum(VALUE_TYPES)).optional(),
    // Excel caps a number format at 255 characters.
    numberFormats: grid(z.string().max(255)).optional(),
    merges: z
      .array(z.string().max(80).refine((a) => parseArea(a) !== null))
      .max(100_000)
      .optional(),
  })
  .strict();

/** {"sheets": {name: rows}} (the first form, kept) or {"sheets": {name: {rows, valueTypes?, numberFormats?, merges?, …}}}. */
const SHEETS_BODY = z.object({ sheets: z.record(z.string().min(1).max(31), z.union([ROWS, SHEET_OBJECT])) });

const ROWS_FORMAT = '格式应为 {"sheets": {"基本信息": [["县（市、区）", "泽州县"], …], "单位名录": [[表头…], [第 2 行…]]}}，单元格只能是文本、数字、布尔值或 null。';

/** What a sheet object's field should hold, by the field the problem is under. */
const FIELD_FORMAT: Record<string, string> = {
  rows: 'rows 应为按行排列的二维数组（Range.values），单元格只能是文本、数字、布尔值或 null。',
  valueTypes: `valueTypes 应为与 rows 对应的二维数组（Range.valueTypes），每格为 ${VALUE_TYPES.join('、')} 之一或 null。`,
  numberFormats: 'numberFormats 应为与 rows 对应的二维数组（Range.numberFormat），每格为数字格式文本（如 "yyyy-mm-dd"，最长 255 个字符）或 null。',
  merges: '合并区域 merges 应为 A1 地址的列表，如 ["B3:B5", "A1:C1"]，最多 100000 个。',
  originRow: 'originRow 应为 rows 第一行在工作表中的行号（1–1048576 的整数）。',
  originColumn: 'originColumn 应为 rows 第一列在工作表中的列号（1–16384 的整数）。',
};

/**
 * The problem under a union's failure: the branch that got furthest into the value (a sheet given
 * as an object fails the rows form at once, and the object form where it is really wrong).
 */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  let best: z.core.$ZodIssue | null = null;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (!first) continue;
    const candidate = deepest(first);
    if (!best || candidate.path.length > best.path.length || (candidate.path.length === best.path.length && best.code === 'invalid_type' && candidate.code !== 'invalid_type')) best = candidate;
  }
  return best ? { ...best, path: [...issue.path, ...best.path] } : issue;
}

/** The Chinese message for the first shape problem; a sheet given as an object is explained field by field. */
function shapeMessage(issues: readonly z.core.$ZodIssue[]): string {
  const issue = deepest(issues[0]!);
  const where = issue.path.length ? `（位置：${issue.path.join(' → ')}）` : '';
  if (issue.code === 'unrecognized_keys' && issue.path.length === 2) {
    return `JSON 内容不符合要求${where}：工作表对象只能有 ${Object.keys(FIELD_FORMAT).join('、')}，收到未知的“${issue.keys.join('、')}”。`;
  }
  const field = issue.path.length > 2 ? FIELD_FORMAT[String(issue.path[2])] : undefined;
  return `JSON 内容不符合要求${where}。${field ?? ROWS_FORMAT}`;
}

class UnreadablePayload extends Error {
  constructor(
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
  }
}

/** The API's JSON body → the table model; a syntax or shape error says where, in Chinese. */
function sheetsInput(data: Buffer): WorkbookInput {
  let body: unknown;
  try {
    body = parseJsonBytes(data);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new UnreadablePayload('bad-json', err.message);
    throw err;
  }
  const parsed = SHEETS_BODY.safeParse(body);
  if (!parsed.success) throw new UnreadablePayload('bad-shape', shapeMessage(parsed.error.issues));
  return { sheets: Object.entries(parsed.data.sheets).map(([name, sheet]) => sheetOf(name, sheet)) };
}

/** JSON's nulls are the table model's holes ("not given"). */
const holes = <T>(grid: readonly ((readonly (T | null)[]) | null)[]): CellGrid<T> => grid.map((r) => r?.map((v) => v ?? undefined));

function sheetOf(name: string, sheet: z.infer<typeof SHEETS_BODY>['sheets'][string]): SheetInput {
  if (Array.isArray(sheet)) return { name, rows: sheet.map((r) => r ?? undefined) };
  const { rows, valueTypes, numberFormats, ...rest } = sheet;
  return {
    name,
    rows: rows.map((r) => r ?? undefined),
    ...rest,
    ...(valueTypes === undefined ? {} : { valueTypes: holes(valueTypes) }),
    ...(numberFormats === undefined ? {} : { numberFormats: holes(numberFormats) }),
  };
}

async function read(payload: Payload, maxInflatedBytes: number): Promise<WorkbookInput> {
  if (payload.kind === 'json') return sheetsInput(payload.data);
  const label = payload.name ? `文件“${payload.name}”` : '上传的文件';
  return readXlsxBuffer(payload.data, label, { maxUncompressedBytes: maxInflatedBytes });
}

/** The compact form of an engine result; the snapshot only for a full analysis that will be accepted. */
function checkedOf(v: Validation, indicators: IndicatorResult[] | null, issueLimit: number): CheckedWorkbook {
  const issueCounts: Record<string, number> = {};
  for (const i of v.issues) issueCounts[i.code] = (issueCounts[i.code] ?? 0) + 1;
  const wb = v.workbook;
  return {
    county: wb.county?.name ?? null,
    period: wb.period ? periodId(wb.period) : null,
    summary: v.summary,
    explained: v.explained.length,
    unexplainedOutliers: issueCounts['outlier'] ?? 0,
    institutions: wb.tables.get(SHEET.institutions)?.records.length ?? 0,
    indicators: indicators ?? [],
    issues: v.issues.length > issueLimit ? v.issues.slice(0, issueLimit) : v.issues,
    issueCount: v.issues.length,
    issueCounts,
    groups: groupIssues(v.issues),
    snapshot: indicators && counts(statusOf(v.summary)) ? snapshotOf(wb) : null,
  };
}

/**
 * Reads and checks a payload: JSON or .xlsx → identify (基本信息 only: a workbook for another
 * county or a quarter not yet begun is refused before anything else is computed) → last year's
 * history, asked of `history` → analyze → the compact result and the bytes' SHA-256.
 */
export async function checkPayload(request: CheckRequest, history: HistoryLookup): Promise<CheckOutcome> {
  const { payload, region, coefficients } = request;
  const limit = request.issueLimit ?? ISSUE_ANSWER_LIMIT;
  let input: WorkbookInput;
  try {
    input = await read(payload, request.maxInflatedBytes ?? UPLOAD_MAX_UNCOMPRESSED);
  } catch (err) {
    if (err instanceof WorkbookReadError || err instanceof UnreadablePayload) return { kind: 'unreadable', reason: err.reason, message: err.message };
    throw err;
  }
  const { county, period } = identifyWorkbook(input, region);
  if (!county || !period) return { kind: 'unidentified', checked: checkedOf(validateWorkbook(input, { region, coefficients }), null, limit) };
  if (county.name !== request.county) return { kind: 'wrong-county', expected: request.county, found: county.name };
  if (quarterBounds(period).start > request.today) return { kind: 'future-period', period: periodId(period) };

  const lastYear = await history(county.name, periodId(sameQuarterLastYear(period)));
  const analysis = analyzeWorkbook(input, { region, coefficients, history: lastYear });
  return { kind: 'checked', checked: checkedOf(analysis, analysis.indicators, limit), sha256: sha256(payload.data) };
}

// ───────────────────────────── intake: check, then store ─────────────────────────────

export async function intake(request: IntakeRequest, ctx: IntakeContext): Promise<IntakeOutcome> {
  const region = ctx.region ?? JINCHENG;
  const checker = ctx.checker ?? IN_PROCESS;
  const check: CheckRequest = { payload: request.payload, county: request.county, today: shanghaiDate(request.now), region };
  if (ctx.maxInflatedBytes !== undefined) check.maxInflatedBytes = ctx.maxInflatedBytes;
  if (ctx.coefficients !== undefined) check.coefficients = ctx.coefficients;
  const { outcome, data } = await checker.check(check, historyFrom(ctx.repo));
  if (outcome.kind !== 'checked') return outcome;

  const { checked } = outcome;
  const period = checked.period === null ? undefined : parsePeriodId(checked.period);
  if (checked.county === null || !period) throw new Error(`intake: a checked workbook without county or period (${checked.county}, ${checked.period})`);
  const status = statusOf(checked.summary);
  const due = submissionDue(period, ctx.calendar);
  const record = await ctx.repo.addSubmission({
    county: checked.county,
    period: checked.period!,
    status,
    receivedAt: request.now.toISOString(),
    sha256: outcome.sha256,
    bytes: data.length,
    format: request.payload.kind,
    via: request.via,
    sender: request.sender,
    dueDate: due.date,
    late: isLate(request.now, due),
    summary: checked.summary,
    explained: checked.explained,
    unexplainedOutliers: checked.unexplainedOutliers,
    institutions: checked.institutions,
    issues: checked.issues.slice(0, STORED_ISSUES),
    issueCount: checked.issueCount,
    indicators: Object.fromEntries(checked.indicators.map((i) => [i.id, i.value])),
    original: data,
    snapshot: counts(status) ? checked.snapshot : null,
  });
  return { kind: 'stored', record, checked, due };
}

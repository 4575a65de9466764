/**
 * POST /api/submissions: the add-in (or any script) submits a county workbook with the county's API
 * token, as raw .xlsx or as JSON {"sheets": {"<sheet name>": [[…row 1…], …]}}. The answer is the
 * same rule set as chat: template.md's issue objects (the first ISSUE_ANSWER_LIMIT, with the total
 * and the count per code), plus version and receipt. The body is parsed and checked off the event
 * loop when the context has a worker pool.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import type { Region } from '../../shared/counties.js';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { countyForToken } from '../access/access.js';
import type { ChatLinks } from '../chat/types.js';
import type { Repository } from '../store/types.js';
import { receiptFacts } from '../submissions/receipt.js';
import { intake, ISSUE_ANSWER_LIMIT, type CheckedWorkbook, type IntakeOutcome, type UnreadableReason, type WorkbookChecker } from '../submissions/intake.js';
import { HttpError, mediaType, readBody, sendError, sendJson } from './http.js';

export interface SubmissionsApiContext {
  repo: Repository;
  /** Signed links (the issue report of a version); absent where no server hands them out. */
  links?: ChatLinks;
  calendar: WorkdayCalendar;
  region: Region;
  /** The server's coefficient set (config coefficientsFile); the default when absent. */
  coefficients?: CoefficientSet;
  maxUploadBytes: number;
  /** Cap on an uploaded workbook's inflated size. */
  maxInflatedBytes?: number;
  /** The intake threads; in process when absent. */
  checker?: WorkbookChecker;
  now(): Date;
}

const XLSX_TYPES = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream']);
const JSON_TYPES = new Set(['application/json', 'text/json']);

async function authenticate(req: IncomingMessage, repo: Repository): Promise<string> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/iu.exec(header);
  if (!match) throw new HttpError(401, 'unauthorized', '缺少令牌：请在请求头中加入 Authorization: Bearer <县令牌>。令牌由市机关事务管理局用 jieneng token --county 县名 生成。');
  const county = await countyForToken(repo, match[1]!);
  if (!county) throw new HttpError(401, 'unauthorized', '令牌无效或已作废（每个县只有最新生成的令牌有效）。请向市机关事务管理局索取新令牌。');
  return county;
}

const READ_STATUS: Record<UnreadableReason, number> = {
  'not-found': 400,
  'not-xlsx': 415,
  'legacy-xls': 415,
  encrypted: 422,
  corrupt: 422,
  'too-large': 413,
  'bad-json': 400,
  'bad-shape': 400,
};

/** The issues part of an answer: the first ISSUE_ANSWER_LIMIT, the total, the count per code. */
function issuesOf(c: CheckedWorkbook) {
  return { issues: c.issues, issueCount: c.issueCount, issueCounts: c.issueCounts, issuesTruncated: c.issueCount > ISSUE_ANSWER_LIMIT };
}

async function answer(res: ServerResponse, outcome: IntakeOutcome, repo: Repository, links: ChatLinks | undefined): Promise<void> {
  switch (outcome.kind) {
    case 'unreadable':
      return sendError(res, new HttpError(READ_STATUS[outcome.reason], outcome.reason, outcome.message));
    case 'wrong-county':
      return sendError(
        res,
        new HttpError(403, 'wrong-county', `这份报表“基本信息”中的县（市、区）是${outcome.found}，而令牌属于${outcome.expected}，只能提交${outcome.expected}的报表。没有保存。`),
      );
    case 'future-period':
      return sendError(res, new HttpError(422, 'future-period', `报告期 ${outcome.period} 还没有开始，不能提交。请核对“基本信息”中的报告年度和报告季度。没有保存。`));
    case 'unidentified': {
      const c = outcome.checked;
      return sendJson(res, 422, { status: 'rejected', county: c.county, period: c.period, version: null, receipt: null, late: null, summary: c.summary, ...issuesOf(c) });
    }
    case 'stored': {
      const r = outcome.record;
      const facts = await receiptFacts(r, repo);
      return sendJson(res, 201, {
        status: r.status,
        county: r.county,
        period: r.period,
        version: r.version,
        receipt: { sha256: r.sha256, receivedAt: r.receivedAt },
        late: r.late,
        countsAsLate: facts.timeliness.kind === 'not-counted' ? null : facts.timeliness.kind === 'late',
        sameAs: facts.sameAs,
        summary: r.summary,
        ...issuesOf(outcome.checked),
        issueReport: r.issueCount > 0 && links ? links.issueReport(r) : null,
      });
    }
  }
}

/** The largest body taken: JSON spends about 2× the bytes of the workbook it describes. */
export function submissionLimit(req: IncomingMessage, maxUploadBytes: number): number {
  return JSON_TYPES.has(mediaType(req)) ? maxUploadBytes * 2 : maxUploadBytes;
}

export async function handleSubmission(req: IncomingMessage, res: ServerResponse, ctx: SubmissionsApiContext): Promise<void> {
  const county = await authenticate(req, ctx.repo);
  const type = mediaType(req);
  const isJson = JSON_TYPES.has(type);
  if (!isJson && !XLSX_TYPES.has(type)) {
    throw new HttpError(415, 'unsupported-media-type', `不支持的内容类型“${type || '（未声明）'}”。请以 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 上传 .xlsx 原文件，或以 application/json 提交 {"sheets": …}。`);
  }
  const data = await readBody(req, submissionLimit(req, ctx.maxUploadBytes));
  // JSON is parsed and its shape checked with the rest, off the event loop: errors come back as 'unreadable'.
  const outcome = await intake(
    { county, sender: { kind: 'token', id: county, name: null }, via: 'api', payload: { kind: isJson ? 'json' : 'xlsx', data }, now: ctx.now() },
    { repo: ctx.repo, calendar: ctx.calendar, region: ctx.region, coefficients: ctx.coefficients, checker: ctx.checker, maxInflatedBytes: ctx.maxInflatedBytes },
  );
  await answer(res, outcome, ctx.repo, ctx.links);
}

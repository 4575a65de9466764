/**
 * POST /api/submissions: the add-in (or any script) submits a county workbook with the county's API
 * token, as raw .xlsx or as JSON {"sheets": {"<sheet name>": [[…row 1…], …]}}. The answer is the
 * same rule set as chat: template.md's issue objects, plus version and receipt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Region } from '../../shared/counties.js';
import { validateJson } from '../../shared/report/json.js';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import { countyForToken } from '../access/access.js';
import type { Repository } from '../store/types.js';
import { intake, type IntakeOutcome, type Payload } from '../submissions/intake.js';
import type { ReadFailure } from '../xlsx/read.js';
import { HttpError, mediaType, parseJsonBody, readBody, sendError, sendJson } from './http.js';

export interface SubmissionsApiContext {
  repo: Repository;
  calendar: WorkdayCalendar;
  region: Region;
  maxUploadBytes: number;
  now(): Date;
}

const XLSX_TYPES = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream']);
const JSON_TYPES = new Set(['application/json', 'text/json']);

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const SHEETS_BODY = z.object({ sheets: z.record(z.string().min(1).max(31), z.array(z.union([z.array(cell), z.null()])).max(1_000_000)) });

function authenticate(req: IncomingMessage, repo: Repository): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/iu.exec(header);
  if (!match) throw new HttpError(401, 'unauthorized', '缺少令牌：请在请求头中加入 Authorization: Bearer <县令牌>。令牌由市机关事务管理局用 jieneng token --county 县名 生成。');
  const county = countyForToken(repo, match[1]!);
  if (!county) throw new HttpError(401, 'unauthorized', '令牌无效或已作废（每个县只有最新生成的令牌有效）。请向市机关事务管理局索取新令牌。');
  return county;
}

function sheetsPayload(data: Buffer): Payload {
  const parsed = SHEETS_BODY.safeParse(parseJsonBody(data));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `（位置：${issue.path.join(' → ')}）` : '';
    throw new HttpError(
      400,
      'bad-shape',
      `JSON 内容不符合要求${where}。格式应为 {"sheets": {"基本信息": [["县（市、区）", "泽州县"], …], "单位名录": [[表头…], [第 2 行…]]}}，单元格只能是文本、数字、布尔值或 null。`,
    );
  }
  const input: WorkbookInput = { sheets: Object.entries(parsed.data.sheets).map(([name, rows]) => ({ name, rows: rows.map((r) => r ?? undefined) })) };
  return { kind: 'json', data, input };
}

const READ_STATUS: Record<ReadFailure, number> = { 'not-found': 400, 'not-xlsx': 415, 'legacy-xls': 415, encrypted: 422, corrupt: 422, 'too-large': 413 };

function answer(res: ServerResponse, outcome: IntakeOutcome): void {
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
      const v = validateJson(outcome.validation);
      return sendJson(res, 422, { status: 'rejected', county: v.county, period: v.period, version: null, receipt: null, late: null, summary: v.summary, issues: v.issues });
    }
    case 'stored': {
      const r = outcome.record;
      const v = validateJson(outcome.analysis);
      return sendJson(res, 201, {
        status: r.status,
        county: r.county,
        period: r.period,
        version: r.version,
        receipt: { sha256: r.sha256, receivedAt: r.receivedAt },
        late: r.late,
        summary: r.summary,
        issues: v.issues,
      });
    }
  }
}

export async function handleSubmission(req: IncomingMessage, res: ServerResponse, ctx: SubmissionsApiContext): Promise<void> {
  const county = authenticate(req, ctx.repo);
  const type = mediaType(req);
  const isJson = JSON_TYPES.has(type);
  if (!isJson && !XLSX_TYPES.has(type)) {
    req.resume();
    throw new HttpError(415, 'unsupported-media-type', `不支持的内容类型“${type || '（未声明）'}”。请以 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 上传 .xlsx 原文件，或以 application/json 提交 {"sheets": …}。`);
  }
  // JSON spends about 2× the bytes of the workbook it describes.
  const data = await readBody(req, isJson ? ctx.maxUploadBytes * 2 : ctx.maxUploadBytes);
  const payload = isJson ? sheetsPayload(data) : ({ kind: 'xlsx', data } as const);
  const outcome = await intake(
    { county, sender: { kind: 'token', id: county, name: null }, via: 'api', payload, now: ctx.now() },
    { repo: ctx.repo, calendar: ctx.calendar, region: ctx.region },
  );
  answer(res, outcome);
}

/**
 * The one HTTP process: the bot at POST /api/messages, the submissions API, the coefficient set,
 * the add-in's files, and a health check. Errors become JSON with a Chinese message; stack traces go to the log only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DEFAULT_COEFFICIENTS } from '../../shared/coefficients/default.js';
import type { BotChannel } from '../channels/botframework.js';
import { logError, logLine } from '../log.js';
import { ServiceUnavailableError } from '../errors.js';
import { declaredLength, HttpError, parseJsonBody, readBody, refuseBody, sendContinue, sendError, sendJson, tooLarge } from './http.js';
import { publishCoefficients, serveCoefficients, type PublishedCoefficients } from './coefficients-api.js';
import { answerPreflight, CORS_PATHS, corsHeaders } from './cors.js';
import { REPORT_PREFIX, type IssueReports } from './reports.js';
import { NOTICE_PREFIX, type NoticeFiles } from './notice-files.js';
import { serveStatic } from './static.js';
import { TEMPLATE_PREFIX, type TemplateFiles } from './templates.js';
import { handleSubmission, submissionLimit, type SubmissionsApiContext } from './submissions-api.js';

/** Bot Framework activities are small: files travel by URL, not inline. */
const ACTIVITY_LIMIT = 1024 * 1024;

export interface AppContext extends SubmissionsApiContext {
  channel: BotChannel;
  reports: IssueReports;
  /** Signed downloads of notices (absent in tests that build an app without them). */
  notices?: NoticeFiles;
  /** The blank template and county samples (absent in tests that build an app without them). */
  templates?: TemplateFiles;
  addinDir: string;
  /** Origins other than our own whose pages may call the add-in's API routes (none when absent). */
  addinOrigins?: readonly string[];
  health(): Promise<Record<string, unknown>>;
}

function allow(res: ServerResponse, methods: string): never {
  res.setHeader('Allow', methods);
  throw new HttpError(405, 'method-not-allowed', `此地址只接受 ${methods} 请求。`);
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: AppContext, coefficients: PublishedCoefficients): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (CORS_PATHS.has(path)) {
    if (req.method === 'OPTIONS') return answerPreflight(req, res, ctx.addinOrigins ?? []);
    corsHeaders(req, res, ctx.addinOrigins ?? []);
  }
  if (path === '/api/messages') {
    if (req.method !== 'POST') allow(res, 'POST');
    const body = parseJsonBody(await readBody(req, bodyLimit(req, ctx.maxUploadBytes)!));
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'bad-activity', '请求体应为一个 Bot Framework 活动（JSON 对象）。');
    await ctx.channel.process(req, res, body);
    return;
  }
  if (path === '/api/submissions') {
    if (req.method !== 'POST') allow(res, 'POST');
    await handleSubmission(req, res, ctx);
    return;
  }
  if (path === '/api/coefficients') {
    if (req.method !== 'GET' && req.method !== 'HEAD') allow(res, 'GET');
    serveCoefficients(req, res, coefficients);
    return;
  }
  if (path === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') allow(res, 'GET');
    sendJson(res, 200, await ctx.health());
    return;
  }
  if (path.startsWith(REPORT_PREFIX)) {
    if (req.method !== 'GET' && req.method !== 'HEAD') allow(res, 'GET');
    await ctx.reports.serve(req, res, url, ctx.now());
    return;
  }
  if (path.startsWith(NOTICE_PREFIX) && ctx.notices) {
    if (req.method !== 'GET' && req.method !== 'HEAD') allow(res, 'GET');
    await ctx.notices.serve(req, res, url, ctx.now());
    return;
  }
  if (path.startsWith(TEMPLATE_PREFIX) && ctx.templates) {
    if (req.method !== 'GET' && req.method !== 'HEAD') allow(res, 'GET');
    await ctx.templates.serve(req, res, url);
    return;
  }
  if (path === '/addin' || path.startsWith('/addin/')) {
    if (req.method !== 'GET' && req.method !== 'HEAD') allow(res, 'GET');
    if (await serveStatic(ctx.addinDir, path.slice('/addin'.length) || '/', req, res)) return;
    throw new HttpError(404, 'not-found', 'Excel 加载项的文件不存在（加载项尚未构建时没有这些文件）。');
  }
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendJson(res, 200, { name: '节能通', message: '节能通服务正在运行。机器人地址：POST /api/messages；报表提交：POST /api/submissions；健康检查：GET /healthz。' });
    return;
  }
  throw new HttpError(404, 'not-found', `没有这个地址：${path.slice(0, 100)}。可用地址：POST /api/messages、POST /api/submissions、GET /api/coefficients、GET /healthz、GET /addin/、GET /templates/。`);
}

/** The largest body a route takes, known from the headers alone (null: the route takes no body). */
export function bodyLimit(req: IncomingMessage, maxUploadBytes: number): number | null {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/api/messages') return ACTIVITY_LIMIT;
  if (path === '/api/submissions') return submissionLimit(req, maxUploadBytes);
  return null;
}

/** A client that hung up mid-upload: its own doing, worth one line in the log, not a stack trace. */
function aborted(req: IncomingMessage, err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return req.destroyed && (code === 'ECONNRESET' || (err instanceof Error && err.message === 'aborted'));
}

function fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (aborted(req, err)) {
    const declared = declaredLength(req);
    logLine('http', `client aborted the upload: ${req.method} ${req.url} after about ${req.socket.bytesRead} bytes${declared === null ? '' : ` of ${declared} declared`}`);
    return;
  }
  if (res.headersSent) {
    logError('http', err);
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    const headers: Record<string, string> = err.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
    // A refusal before the body was read: answer, then drain the upload so the client sees the answer.
    if (!req.complete) refuseBody(req, res, err, headers);
    else sendError(res, err, headers);
    return;
  }
  logError(`http ${req.method} ${req.url}`, err);
  if (err instanceof ServiceUnavailableError) return sendError(res, new HttpError(503, err.code, err.message), { 'Retry-After': '30' });
  sendError(res, new HttpError(500, 'internal', '服务内部错误，处理未能完成。详细信息已记录在服务日志中，请联系系统管理员。'));
}

export function createApp(ctx: AppContext): Server {
  const coefficients = publishCoefficients(ctx.coefficients ?? DEFAULT_COEFFICIENTS);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res, ctx, coefficients).catch((err: unknown) => fail(req, res, err));
  };
  const server = createServer(handle);
  // Expect: 100-continue: refuse an upload that is too big before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const limit = bodyLimit(req, ctx.maxUploadBytes);
    if (limit !== null && (declaredLength(req) ?? 0) > limit) {
      refuseBody(req, res, tooLarge(limit));
      return;
    }
    sendContinue(req, res);
    handle(req, res);
  });
  return server;
}

/** Small HTTP helpers: bounded body reading and JSON answers (errors always carry a Chinese message). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonSyntaxError, parseJsonBytes } from '../json-position.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/** The body of every error answer: {"error": {"code", "message"}}, the message in Chinese. */
function errorBody(error: HttpError): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: error.message } };
}

export function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, errorBody(error), headers);
}

export function tooLarge(limit: number): HttpError {
  const mb = limit >= 1048576 ? `${Math.round(limit / 1048576)} MB` : `${Math.round(limit / 1024)} KB`;
  return new HttpError(413, 'too-large', `请求内容超过 ${mb} 的上限，没有接收。报表请删除无关的工作表和图片后重新保存。`);
}

/** The length a request declares, or null (chunked, or no body). */
export function declaredLength(req: IncomingMessage): number | null {
  const n = Number(req.headers['content-length'] ?? NaN);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Reads the request body up to `limit` bytes; past the limit (declared or counted) it rejects with
 * 413 at once and stops keeping data. The caller answers with refuseBody(), which keeps draining.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if ((declaredLength(req) ?? 0) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let failed = false;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > limit) {
        failed = true;
        chunks.length = 0;
        req.off('data', onData);
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, total));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** How much of a refused body is read and thrown away so the client gets to read the answer. */
export const DRAIN_LIMIT = 64 * 1048576;
const DRAIN_MS = 30_000;

/**
 * Answers a request whose body will not be used (413, 401, 415 …) without cutting the upload off.
 * Closing a socket with unread bytes makes the kernel send a reset, and a client still writing
 * (Node's fetch, unlike curl) then sees EPIPE instead of the answer. So the whole answer is written
 * at once, the rest of the body is read and discarded, up to DRAIN_LIMIT bytes or DRAIN_MS, and only
 * then is the connection closed. A client that sent `Expect: 100-continue` and was not told to
 * continue has sent no body: the connection is closed right after the answer.
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(errorBody(error));
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', Connection: 'close', ...headers });
  const waiting = /100-continue/iu.test(String(req.headers.expect ?? '')) && !continued.has(req);
  if (waiting || req.readableEnded || req.complete) {
    res.end(text);
    return;
  }
  res.write(text);
  let drained = 0;
  const finish = (): void => {
    clearTimeout(timer);
    req.off('data', onData);
    if (!res.writableEnded) res.end();
  };
  const onData = (chunk: Buffer): void => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) {
      finish();
      req.socket.destroy();
    }
  };
  const timer = setTimeout(() => {
    finish();
    req.socket.destroy();
  }, DRAIN_MS);
  timer.unref();
  req.on('data', onData);
  req.once('end', finish);
  req.once('close', finish);
  req.resume();
}

/** Requests that were told "100 Continue" (their body is on its way). */
const continued = new WeakSet<IncomingMessage>();

export function sendContinue(req: IncomingMessage, res: ServerResponse): void {
  continued.add(req);
  res.writeContinue();
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** JSON text → value, or a 400 that says where the syntax broke. */
export function parseJsonBody(data: Buffer): unknown {
  try {
    return parseJsonBytes(data);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new HttpError(400, 'bad-json', err.message);
    throw err;
  }
}

/** Small HTTP helpers: bounded body reading and JSON answers (errors always carry a Chinese message). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonPosition } from '../json-position.js';

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

export function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, headers);
}

function tooLarge(limit: number): HttpError {
  const mb = limit >= 1048576 ? `${Math.round(limit / 1048576)} MB` : `${Math.round(limit / 1024)} KB`;
  return new HttpError(413, 'too-large', `请求内容超过 ${mb} 的上限，没有接收。报表请删除无关的工作表和图片后重新保存。`);
}

/**
 * Reads the request body up to `limit` bytes. Past the limit it stops keeping data and rejects with
 * 413; the rest of the upload is drained so the client still receives the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      total += chunk.length;
      if (total > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, total));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** JSON text → value, or a 400 that says where the syntax broke. */
export function parseJsonBody(data: Buffer): unknown {
  const text = data.toString('utf8').replace(/^\uFEFF/u, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const where = jsonPosition(text, (err as Error).message);
    throw new HttpError(400, 'bad-json', `请求体不是有效的 JSON${where}。请检查括号、引号和逗号是否成对、完整。`);
  }
}

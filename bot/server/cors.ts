/**
 * CORS for the add-in's API calls. In production the task pane is served from /addin/ (same origin,
 * no CORS); the development server (https://localhost:3000) and any configured add-in host are other
 * origins. Only the exact configured origins are echoed (never "*"), credentials are never allowed,
 * and the headers are set before routing so error answers (401, 413, 415 …) carry them too: without
 * them the browser hides the Chinese message from the add-in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The routes the add-in calls from another origin. */
export const CORS_PATHS: ReadonlySet<string> = new Set(['/api/submissions', '/api/coefficients']);

const PREFLIGHT_MAX_AGE_S = 600;

/** The request's Origin if it is one of `allowed`, else null. */
function allowedOrigin(req: IncomingMessage, allowed: readonly string[]): string | null {
  const origin = req.headers.origin;
  return typeof origin === 'string' && allowed.includes(origin) ? origin : null;
}

/** Sets the CORS headers of an actual request (the answer varies by Origin whether or not it is allowed). */
export function corsHeaders(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): void {
  res.setHeader('Vary', 'Origin');
  const origin = allowedOrigin(req, allowed);
  if (origin === null) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  // The add-in compares ETags of the coefficient set; other response headers stay hidden.
  res.setHeader('Access-Control-Expose-Headers', 'ETag');
}

/** Answers an OPTIONS preflight: 204, with the CORS grant only for an allowed origin (others are blocked by the browser). */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): void {
  const headers: Record<string, string> = { Vary: 'Origin', 'Content-Length': '0' };
  const origin = allowedOrigin(req, allowed);
  if (origin !== null) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Allow-Methods'] = 'GET, POST';
    headers['Access-Control-Allow-Headers'] = 'Authorization, Content-Type';
    headers['Access-Control-Max-Age'] = String(PREFLIGHT_MAX_AGE_S);
  }
  res.writeHead(204, headers);
  res.end();
}

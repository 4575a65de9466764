/**
 * GET /api/coefficients: the coefficient set this server checks submissions with (the default, or
 * the city's override named by config coefficientsFile), so the add-in computes what the server
 * will. Public: coefficients are no secret. Revalidated on every use (no-cache) with an ETag.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import { InputError, loadCoefficients } from '../cli/inputs.js';
import { keyError } from '../config.js';

/** The answer: the set's identity at the top for display, the whole set to hand to the engine. */
export interface CoefficientsAnswer {
  id: string;
  name: string;
  version: string;
  coefficients: CoefficientSet;
}

/** The JSON text and its validator, computed once: the set does not change while the server runs. */
export interface PublishedCoefficients {
  text: string;
  etag: string;
}

/** The server's set: the override file's (read and checked like the command line's --coefficients), or the default. */
export async function loadServerCoefficients(path: string | undefined): Promise<CoefficientSet> {
  try {
    return await loadCoefficients(path);
  } catch (err) {
    if (err instanceof InputError) throw keyError('coefficientsFile', err.message);
    throw err;
  }
}

export function publishCoefficients(set: CoefficientSet): PublishedCoefficients {
  const body: CoefficientsAnswer = { id: set.id, name: set.name, version: set.version, coefficients: set };
  const text = JSON.stringify(body);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  // Header values must be ASCII: a version such as "晋城2026" is kept only as far as it is printable ASCII.
  const version = set.version.replace(/[^\x21\x23-\x7e]/gu, '_');
  return { text, etag: `"${version}-${hash}"` };
}

/** True when If-None-Match names this ETag (weak or strong, in a list, or "*"). */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//u, '') === etag;
  });
}

export function serveCoefficients(req: IncomingMessage, res: ServerResponse, published: PublishedCoefficients): void {
  const headers = { 'Cache-Control': 'no-cache', ETag: published.etag };
  if (notModified(req, published.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(published.text), ...headers });
  res.end(req.method === 'HEAD' ? undefined : published.text);
}

/** The add-in's task pane files, served from one folder under /addin/ (never outside it). */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** The real path of `path` if it exists and lies inside `base` (itself a real path), after every symbolic link. */
async function inside(base: string, path: string): Promise<string | null> {
  const real = await realpath(path).catch(() => null);
  return real !== null && (real === base || real.startsWith(base + sep)) ? real : null;
}

/**
 * Serves `relativePath` from `root`; false when there is no such file (the caller answers 404).
 * The path is checked twice: as written (no "..") and as the file system resolves it, so a symbolic
 * link inside the folder cannot hand out a file outside it.
 */
export async function serveStatic(root: string, relativePath: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    return false;
  }
  if (decoded.includes('\0')) return false;
  const base = await realpath(resolve(root)).catch(() => null);
  if (base === null) return false;
  const requested = resolve(base, normalize(`.${sep}${decoded}`));
  if (requested !== base && !requested.startsWith(base + sep)) return false;
  let file = await inside(base, requested);
  let info = file === null ? null : await stat(file).catch(() => null);
  if (file !== null && info?.isDirectory()) {
    file = await inside(base, join(file, 'index.html'));
    info = file === null ? null : await stat(file).catch(() => null);
  }
  if (file === null || !info?.isFile()) return false;
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

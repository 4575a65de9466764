/**
 * The operator's log: full detail (stack traces) goes to a file under the data directory, never
 * to users. JIENENG_DATA sets the directory (default ./data). The log is owner-only (directory
 * 0700, file 0600) and rotated by size: over 10 MB it becomes jieneng.log.1 (older ones shift to
 * .2 and .3; the oldest is dropped).
 */
import { appendFileSync, chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function dataDir(): string {
  return resolve(process.env['JIENENG_DATA'] ?? 'data');
}

/**
 * The logs folders of running servers' configured data directories (a config file's dataDir is not
 * JIENENG_DATA's), newest last: the log goes to the newest one still running. Servers that stop in
 * any order each take only their own entry away.
 */
const logDirs: { dir: string }[] = [];

/** Sends the log to `dir` until the returned function is called. */
export function useLogDir(dir: string): () => void {
  const entry = { dir };
  logDirs.push(entry);
  return () => {
    const i = logDirs.indexOf(entry);
    if (i >= 0) logDirs.splice(i, 1);
  };
}

export function logFile(): string {
  return join(logDirs.at(-1)?.dir ?? join(dataDir(), 'logs'), 'jieneng.log');
}

export interface LogRotation {
  /** Rotate before an entry would take the file past this size. */
  maxBytes: number;
  /** Rotated files kept: jieneng.log.1 … jieneng.log.<keep>. */
  keep: number;
}

let rotation: LogRotation = { maxBytes: 10 * 1024 * 1024, keep: 3 };

/** Changes the rotation (tests use a few hundred bytes); returns the previous setting. */
export function setLogRotation(next: Partial<LogRotation>): LogRotation {
  const previous = rotation;
  rotation = { ...rotation, ...next };
  return previous;
}

/** Paths already checked for loose modes left by older versions, once per process. */
const checked = new Set<string>();

function tightenOnce(path: string, mode: number): void {
  if (checked.has(path)) return;
  try {
    if ((statSync(path).mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
    checked.add(path);
  } catch {
    // not there yet: checked again next time
  }
}

function rotate(file: string, incoming: number): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // no log yet
  }
  if (size === 0 || size + incoming <= rotation.maxBytes) return;
  rmSync(`${file}.${rotation.keep}`, { force: true });
  for (let i = rotation.keep - 1; i >= 1; i--) {
    try {
      renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    } catch {
      // a gap in the numbering
    }
  }
  if (rotation.keep >= 1) renameSync(file, `${file}.1`);
  else rmSync(file, { force: true });
}

/** Appends one entry; returns the log path, or null when the log cannot be written. */
function append(context: string, text: string): string | null {
  try {
    const file = logFile();
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    tightenOnce(dir, 0o700);
    const entry = `${new Date().toISOString()} [${context}] ${text}\n`;
    rotate(file, Buffer.byteLength(entry));
    tightenOnce(file, 0o600); // a log written by an older version
    // The mode applies when the file is created (also right after a rotation).
    appendFileSync(file, entry, { mode: 0o600 });
    return file;
  } catch {
    return null; // logging must never break the work it records
  }
}

export function logError(context: string, err: unknown): string | null {
  const cause = err instanceof Error && err.cause ? `\ncause: ${String((err.cause as Error).stack ?? err.cause)}` : '';
  return append(context, err instanceof Error ? `${err.stack ?? err.message}${cause}` : String(err));
}

/** Appends a one-line entry (line breaks in `text` become spaces); returns the log path, or null. */
export function logLine(context: string, text: string): string | null {
  return append(context, text.replace(/[\r\n]+/gu, ' '));
}

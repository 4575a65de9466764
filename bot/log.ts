/**
 * The operator's log: full detail (stack traces) goes to a file under the data directory, never
 * to users. JIENENG_DATA sets the directory (default ./data).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function dataDir(): string {
  return resolve(process.env['JIENENG_DATA'] ?? 'data');
}

export function logFile(): string {
  return join(dataDir(), 'logs', 'jieneng.log');
}

/** Appends an entry to the log; returns the log path, or null when the log cannot be written. */
export function logError(context: string, err: unknown): string | null {
  const file = logFile();
  const detail = err instanceof Error ? `${err.stack ?? err.message}${err.cause ? `\ncause: ${String((err.cause as Error).stack ?? err.cause)}` : ''}` : String(err);
  try {
    mkdirSync(join(dataDir(), 'logs'), { recursive: true });
    appendFileSync(file, `${new Date().toISOString()} [${context}] ${detail}\n`);
    return file;
  } catch {
    return null;
  }
}

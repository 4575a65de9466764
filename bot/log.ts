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

/** Appends one entry; returns the log path, or null when the log cannot be written. */
function append(context: string, text: string): string | null {
  try {
    mkdirSync(join(dataDir(), 'logs'), { recursive: true });
    appendFileSync(logFile(), `${new Date().toISOString()} [${context}] ${text}\n`);
    return logFile();
  } catch {
    return null; // logging must never break the work it records
  }
}

export function logError(context: string, err: unknown): string | null {
  const cause = err instanceof Error && err.cause ? `\ncause: ${String((err.cause as Error).stack ?? err.cause)}` : '';
  return append(context, err instanceof Error ? `${err.stack ?? err.message}${cause}` : String(err));
}

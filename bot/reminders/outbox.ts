/**
 * The reminders log of local anonymous mode: when no chat service is reachable and no group robot
 * is configured, what would have been sent is written here (one JSON object per line, owner-only),
 * so a newcomer trying the product sees the reminders (`jieneng reminders log`).
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirPrivate } from '../store/files.js';

export const OUTBOX_FILE = 'reminders-log.jsonl';

export interface OutboxEntry {
  /** When it was logged (ISO). */
  at: string;
  key: string;
  /** Who it was for: a county, 督导员, or 全部县（市、区）. */
  to: string;
  title: string;
  text: string;
  reason: string;
}

export interface Outbox {
  write(entry: OutboxEntry): Promise<void>;
}

export function outboxPath(dataDir: string): string {
  return join(dataDir, OUTBOX_FILE);
}

export function fileOutbox(dataDir: string): Outbox {
  return {
    async write(entry) {
      await mkdirPrivate(dataDir);
      await appendFile(outboxPath(dataDir), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    },
  };
}

/** The logged entries, oldest first; lines that are not entries are skipped. */
export async function readOutbox(dataDir: string): Promise<OutboxEntry[]> {
  const text = await readFile(outboxPath(dataDir), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text.split('\n').flatMap((line) => {
    try {
      const value = JSON.parse(line) as OutboxEntry;
      return typeof value?.key === 'string' && typeof value.at === 'string' ? [value] : [];
    } catch {
      return [];
    }
  });
}

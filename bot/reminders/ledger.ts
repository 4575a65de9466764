/**
 * Sending something exactly once, whatever the number of ticks, restarts or processes: each
 * delivery has a ledger key, claimed in the store before it is sent (insert-if-absent) and marked
 * sent or failed after. A failed send is taken back (retryReminder) after a backoff that doubles
 * with each attempt, while it is still worth sending; a permanent failure (the bot was removed, a
 * bad robot key) is never retried. A claim whose process died before marking it stays claimed:
 * the message may not have gone out, but it is never sent twice.
 */
import { logError, logLine } from '../log.js';
import type { ReminderRecord, Repository } from '../store/types.js';

/** A failure marked with this is not retried (the detail after it is what 进度 shows). */
export const PERMANENT = '无法送达：';

/** Attempts before giving up, and the backoff before attempt n+1: 1, 2, 4, 8, 16 minutes. */
export const MAX_ATTEMPTS = 6;
export function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** (attempts - 1)) * 60_000;
}

export interface Delivery {
  /** Ledger key: `${event key}@${target}`. */
  key: string;
  /** After this instant (epoch ms) the delivery is no longer worth sending or retrying. */
  expiresAt: number;
  /** Sends it; resolves to the detail recorded (e.g. "已发送到 1 个会话"); throws on failure. */
  send(): Promise<string>;
}

export type DeliveryOutcome = 'sent' | 'failed' | 'skipped';

/** An error that retrying cannot fix: the chat or robot refused for good. */
export function isPermanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
}

/** A user-safe Chinese line for a failure (errors from our senders carry one; others are summarised). */
export function failureText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // Our senders' errors are Chinese and safe to show; anything else stays in the log only.
  return /[\u4e00-\u9fff]/u.test(message) ? message.slice(0, 200) : '发送失败（详情见服务日志）';
}

/** Whether a ledger record lets this process send now: absent (claim it) or failed and due for a retry. */
export function sendable(record: ReminderRecord | undefined, now: number): 'claim' | 'retry' | null {
  if (!record) return 'claim';
  if (record.status !== 'failed' || record.detail.startsWith(PERMANENT) || record.attempts >= MAX_ATTEMPTS) return null;
  const failedAt = record.doneAt ? Date.parse(record.doneAt) : 0;
  return now >= failedAt + backoffMs(record.attempts) ? 'retry' : null;
}

/** Whether nothing more will ever be done for this record (sent, permanent, out of attempts). */
export function settled(record: ReminderRecord | undefined): boolean {
  if (!record) return false;
  if (record.status === 'sent') return true;
  if (record.status === 'claimed') return true; // another process holds it (or died holding it)
  return record.detail.startsWith(PERMANENT) || record.attempts >= MAX_ATTEMPTS;
}

/**
 * Claims, sends and marks one delivery. `record` is what the ledger held when the tick read it;
 * the claim or retry is atomic in the store, so of several processes at most one sends. Whether it
 * is still worth sending is judged at the tick's instant `at` (a slow tick does not drop what was
 * due when it began); the ledger's times come from the clock.
 */
export async function deliverOnce(repo: Repository, d: Delivery, record: ReminderRecord | undefined, at: Date, now: () => Date): Promise<DeliveryOutcome> {
  if (at.getTime() >= d.expiresAt) return 'skipped';
  const how = sendable(record, at.getTime());
  if (how === null) return 'skipped';
  const taken = how === 'claim' ? await repo.claimReminder(d.key, now()) : await repo.retryReminder(d.key, now());
  if (!taken) return 'skipped';
  try {
    const detail = await d.send();
    await repo.markReminder(d.key, 'sent', detail, now());
    logLine('reminders', `sent ${d.key}: ${detail}`);
    return 'sent';
  } catch (err) {
    const permanent = isPermanent(err);
    logError(`reminders ${d.key}${permanent ? ' (permanent)' : ''}`, err);
    await repo.markReminder(d.key, 'failed', `${permanent ? PERMANENT : ''}${failureText(err)}`, now());
    return 'failed';
  }
}

/**
 * Sending something exactly once, whatever the number of ticks, restarts or processes: each
 * delivery has a ledger key, claimed in the store before it is sent (insert-if-absent) and marked
 * sent or failed after. A failed send is taken back (retryReminder) after a backoff that doubles
 * with each attempt, while it is still worth sending; a permanent failure (the bot was removed, a
 * bad robot key) is never retried. A claim whose process died before marking it stays claimed:
 * the message may not have gone out, but it is never sent twice.
 */
import { logError, logLine } from '../log.js';
import type { ReminderMark, ReminderRecord, Repository } from '../store/types.js';

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


/** Runs tasks, `limit` at a time. */
export async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Deliveries claimed, sent and marked together: two store writes per batch instead of two per delivery. */
export const BATCH = 32;

/**
 * deliverOnce for many deliveries: one claim write, the sends (`concurrency` at a time), one mark
 * write. A process that dies between the two writes loses at most this batch's sends (claimed, never
 * marked: shown as 发送情况不明 and never sent twice).
 */
export async function deliverBatch(
  repo: Repository,
  deliveries: readonly Delivery[],
  ledger: ReadonlyMap<string, ReminderRecord>,
  at: Date,
  now: () => Date,
  concurrency: number,
): Promise<Map<string, DeliveryOutcome>> {
  const outcome = new Map<string, DeliveryOutcome>();
  const claim: Delivery[] = [];
  const retry: Delivery[] = [];
  for (const d of deliveries) {
    const how = at.getTime() >= d.expiresAt ? null : sendable(ledger.get(d.key), at.getTime());
    if (how === 'claim') claim.push(d);
    else if (how === 'retry') retry.push(d);
    else outcome.set(d.key, 'skipped');
  }
  const taken = new Set(await repo.claimReminders(claim.map((d) => d.key), now()));
  for (const d of retry) if (await repo.retryReminder(d.key, now())) taken.add(d.key);
  const sending = deliveries.filter((d) => taken.has(d.key));
  for (const d of deliveries) if (!outcome.has(d.key) && !taken.has(d.key)) outcome.set(d.key, 'skipped');
  const marks: ReminderMark[] = [];
  await pool(sending, concurrency, async (d) => {
    try {
      const detail = await d.send();
      marks.push({ key: d.key, status: 'sent', detail });
      outcome.set(d.key, 'sent');
      logLine('reminders', `sent ${d.key}: ${detail}`);
    } catch (err) {
      const permanent = isPermanent(err);
      logError(`reminders ${d.key}${permanent ? ' (permanent)' : ''}`, err);
      marks.push({ key: d.key, status: 'failed', detail: `${permanent ? PERMANENT : ''}${failureText(err)}` });
      outcome.set(d.key, 'failed');
    }
  });
  await repo.markReminders(marks, now());
  return outcome;
}

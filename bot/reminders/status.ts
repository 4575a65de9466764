/**
 * A county's last reminder, from the ledger, for 进度: when, which stage, and whether it failed.
 * Ledger keys of county reminders read `${stage}:${period}:${county}@${target}` (plan.ts, scheduler.ts).
 */
import type { ReminderStage } from '../../shared/schedule/plan.js';
import type { ReminderRecord, Repository } from '../store/types.js';

export interface LastReminder {
  /** When it was last tried (ISO). */
  at: string;
  /** A planned stage, or 'urge' for a supervisor's 催报. */
  stage: ReminderStage | 'urge';
  period: string;
  status: ReminderRecord['status'];
  detail: string;
  /** Claimed over an hour ago and never marked: the process stopped while sending; it is not sent again. */
  stale: boolean;
}

const STALE_MS = 3_600_000;

/** `${stage}:${period}:${county}@…`, or a 催报's `urge:${period}:${county}:${minute}@…`. */
const COUNTY_KEY = /^([a-z0-9-]+):(\d{4}(?:Q[1-4])?):([^@:]+)(?::[^@]*)?@/u;
const NOT_A_COUNTY = new Set(['supervisors', 'all']);

/** Per county, its latest reminder; a failure wins over a success at the same time so it is not hidden. */
export async function lastReminders(repo: Repository, now: Date, period?: string): Promise<Map<string, LastReminder>> {
  const last = new Map<string, LastReminder>();
  for (const r of await repo.reminders()) {
    const m = COUNTY_KEY.exec(r.key);
    if (!m || NOT_A_COUNTY.has(m[3]!) || (period !== undefined && m[2] !== period)) continue;
    const at = r.doneAt ?? r.claimedAt;
    const known = last.get(m[3]!);
    if (known && (known.at > at || (known.at === at && known.status === 'failed'))) continue;
    const stale = r.status === 'claimed' && now.getTime() - Date.parse(r.claimedAt) > STALE_MS;
    last.set(m[3]!, { at, stage: m[1] as ReminderStage, period: m[2]!, status: r.status, detail: r.detail, stale });
  }
  return last;
}

/**
 * What a receipt says besides the check itself, worked out once for the chat card and the API:
 * whether this version counts and what its arrival time means for the county (progress.ts rules),
 * and whether the same bytes were already sent as an earlier version.
 */
import type { Repository, SubmissionRecord } from '../store/types.js';
import { timelinessOf, type Timeliness } from './progress.js';

export interface ReceiptFacts {
  timeliness: Timeliness;
  /** The first earlier version of the same county and quarter with the same SHA-256, if any. */
  sameAs: number | null;
}

export async function receiptFacts(record: SubmissionRecord, repo: Repository): Promise<ReceiptFacts> {
  const versions = await repo.submissions({ county: record.county, period: record.period });
  const same = versions.find((s) => s.version < record.version && s.sha256 === record.sha256);
  return { timeliness: timelinessOf(record, versions), sameAs: same?.version ?? null };
}

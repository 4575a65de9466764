/**
 * Where each county stands for a quarter, from the stored versions. The counted version is the
 * newest accepted one (its data is the county's latest word); a county is on time when any accepted
 * version arrived by the due date, so correcting data after the deadline is not punished as late.
 * Rejected versions never count.
 */
import { rankCounties, type CountyStanding, type RankedCounty } from '../../shared/ranking/score.js';
import type { Repository, SubmissionRecord } from '../store/types.js';
import { counts } from './intake.js';

export type ProgressState = 'on-time' | 'late' | 'rejected' | 'missing';

export interface CountyProgress {
  county: string;
  state: ProgressState;
  /** The version that counts (newest accepted), if any. */
  counted: SubmissionRecord | null;
  /** The newest version of any status. */
  latest: SubmissionRecord | null;
  versions: number;
}

export function countyProgress(repo: Repository, county: string, period: string): CountyProgress {
  const all = repo.submissions({ county, period });
  const accepted = all.filter((s) => counts(s.status));
  const counted = accepted.at(-1) ?? null;
  const state: ProgressState = counted ? (accepted.some((s) => !s.late) ? 'on-time' : 'late') : all.length > 0 ? 'rejected' : 'missing';
  return { county, state, counted, latest: all.at(-1) ?? null, versions: all.length };
}

export function progressOf(repo: Repository, period: string, counties: readonly string[]): CountyProgress[] {
  return counties.map((c) => countyProgress(repo, c, period));
}

export function standingOf(p: CountyProgress): CountyStanding {
  if (!p.counted) return { county: p.county, submission: null };
  return {
    county: p.county,
    submission: {
      late: p.state === 'late',
      institutions: p.counted.institutions,
      unexplainedOutliers: p.counted.unexplainedOutliers,
      values: p.counted.indicators,
    },
  };
}

export function rankingOf(repo: Repository, period: string, counties: readonly string[]): RankedCounty[] {
  return rankCounties(progressOf(repo, period, counties).map(standingOf));
}

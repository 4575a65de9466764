/**
 * Where each county stands for a quarter, from the stored versions. The counted version is the
 * newest accepted one (its data is the county's latest word); a county is on time when any accepted
 * version arrived by the due date, so correcting data after the deadline is not punished as late.
 * Rejected versions never count.
 */
import { rankCounties, type CountyStanding, type RankedCounty } from '../../shared/ranking/score.js';
import type { Repository, SubmissionRecord } from '../store/types.js';
import { countedOf, counts, firstOnTime } from './intake.js';

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

/** A county's standing for a quarter, from its versions of that quarter (in arrival order). */
export function progressFrom(county: string, all: readonly SubmissionRecord[]): CountyProgress {
  const counted = countedOf(all) ?? null;
  const state: ProgressState = counted ? (firstOnTime(all) ? 'on-time' : 'late') : all.length > 0 ? 'rejected' : 'missing';
  return { county, state, counted, latest: all.at(-1) ?? null, versions: all.length };
}

/**
 * What a version's arrival time means for its county, as the statistics count it: a rejected
 * version is not counted at all, so nothing is said about its lateness; a late accepted version
 * leaves the county on time when an earlier accepted version arrived by the due date.
 */
export type Timeliness = { kind: 'not-counted' } | { kind: 'on-time' } | { kind: 'late' } | { kind: 'late-covered'; onTimeVersion: number };

/** `versions`: the county's versions of the record's quarter (any order; later ones are ignored). */
export function timelinessOf(record: SubmissionRecord, versions: readonly SubmissionRecord[]): Timeliness {
  if (!counts(record.status)) return { kind: 'not-counted' };
  if (!record.late) return { kind: 'on-time' };
  const earlier = firstOnTime(versions.filter((s) => s.county === record.county && s.period === record.period && s.version < record.version));
  return earlier ? { kind: 'late-covered', onTimeVersion: earlier.version } : { kind: 'late' };
}

/** The newest accepted version of each quarter: the one the statistics use. */
export function countedVersions(records: readonly SubmissionRecord[]): Set<SubmissionRecord> {
  const byQuarter = new Map<string, SubmissionRecord[]>();
  for (const r of records) {
    const key = `${r.county}\u0000${r.period}`;
    const versions = byQuarter.get(key);
    if (versions) versions.push(r);
    else byQuarter.set(key, [r]);
  }
  return new Set([...byQuarter.values()].flatMap((versions) => countedOf(versions) ?? []));
}

export async function countyProgress(repo: Repository, county: string, period: string): Promise<CountyProgress> {
  return progressFrom(county, await repo.submissions({ county, period }));
}

/** Every county's standing for a quarter: one read of the quarter's versions. */
export async function progressOf(repo: Repository, period: string, counties: readonly string[]): Promise<CountyProgress[]> {
  const byCounty = new Map<string, SubmissionRecord[]>();
  for (const r of await repo.submissions({ period })) {
    const list = byCounty.get(r.county);
    if (list) list.push(r);
    else byCounty.set(r.county, [r]);
  }
  return counties.map((c) => progressFrom(c, byCounty.get(c) ?? []));
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

export async function rankingOf(repo: Repository, period: string, counties: readonly string[]): Promise<RankedCounty[]> {
  return rankCounties((await progressOf(repo, period, counties)).map(standingOf));
}

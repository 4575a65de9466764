/**
 * County ranking for the quarterly notice (通报), domain.md §4. Points stay unrounded; display
 * rounding belongs to whoever prints them.
 */
import { INDICATORS, type IndicatorId } from '../indicators/definitions.js';

export interface RankingWeights {
  onTime: number;
  late: number;
  quality: number;
  nev: number;
  charging: number;
  fixtures: number;
  metering: number;
  food: number;
  energyYoy: number;
  carbonYoy: number;
  /** YoY rise (%) still earning half points */
  yoyTolerancePct: number;
}

export const DEFAULT_RANKING_WEIGHTS: RankingWeights = {
  onTime: 10,
  late: 5,
  quality: 10,
  nev: 15,
  charging: 15,
  fixtures: 10,
  metering: 10,
  food: 10,
  energyYoy: 10,
  carbonYoy: 10,
  yoyTolerancePct: 3,
};

export type ScorePartId = 'timeliness' | 'quality' | 'nev' | 'charging' | 'fixtures' | 'metering' | 'food' | 'energy_yoy' | 'carbon_yoy';

export const SCORE_PART_LABELS: Record<ScorePartId, string> = {
  timeliness: '报送及时性',
  quality: '数据质量',
  nev: '新能源汽车占比',
  charging: '充电桩配建达标',
  fixtures: '节水器具普及率',
  metering: '水计量配备率',
  food: '反食品浪费自查',
  energy_yoy: '人均能耗同比',
  carbon_yoy: '人均碳排放同比',
};

export interface ScorePart {
  id: ScorePartId;
  label: string;
  points: number;
  max: number;
}

export interface CountyStanding {
  county: string;
  /** The counted (latest accepted) submission of the quarter, or null when the county has none. */
  submission: null | {
    late: boolean;
    institutions: number;
    unexplainedOutliers: number;
    /** Indicator values by id (as computed by shared/indicators), null where not computable. */
    values: Partial<Record<IndicatorId, number | null>>;
  };
}

export interface RankedCounty {
  rank: number;
  county: string;
  submitted: boolean;
  late: boolean;
  total: number;
  parts: ScorePart[];
  carbonPerCapita: number | null;
}

/** Same tolerance as definitions.ts `meets`: computed percentages carry floating noise. */
const EPSILON = 1e-9;

/** Targets come from the indicator definitions so a changed target changes the scoring too. */
function target(id: IndicatorId): number {
  const t = INDICATORS.find((d) => d.id === id)?.target;
  if (typeof t !== 'number' || t <= 0) throw new Error(`指标 ${id} 没有可用于评分的目标值`);
  return t;
}

const NEV_TARGET = target('vehicles.nev_share');
const FIXTURE_TARGET = target('water.saving_fixture_rate');
// Both metering levels share one 90% target; domain.md scores their mean against it.
const METER_TARGET = target('water.meter_l2_rate');

type Values = Partial<Record<IndicatorId, number | null>>;

/** A finite number, or null (absent, null, NaN or ±Infinity all mean "not computable"). */
function value(values: Values, id: IndicatorId): number | null {
  const v = values[id];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Full points for a fall, half for a rise within tolerance or no history, none otherwise. */
function yoyPoints(v: number | null, max: number, tolerancePct: number): number {
  if (v === null) return max / 2;
  if (v < -EPSILON) return max;
  return v <= tolerancePct + EPSILON ? max / 2 : 0;
}

function scoreParts(s: CountyStanding, w: RankingWeights): ScorePart[] {
  const part = (id: ScorePartId, points: number, max: number): ScorePart => ({ id, label: SCORE_PART_LABELS[id], points, max });
  const sub = s.submission;
  if (sub === null) {
    // A county with nothing counted earns nothing, not even the "no history" half of the YoY parts.
    return [
      part('timeliness', 0, w.onTime),
      part('quality', 0, w.quality),
      part('nev', 0, w.nev),
      part('charging', 0, w.charging),
      part('fixtures', 0, w.fixtures),
      part('metering', 0, w.metering),
      part('food', 0, w.food),
      part('energy_yoy', 0, w.energyYoy),
      part('carbon_yoy', 0, w.carbonYoy),
    ];
  }
  const v = sub.values;
  const ratio = (id: IndicatorId, denominator: number, cap: boolean): number => {
    const x = value(v, id);
    if (x === null) return 0;
    return cap ? Math.min(1, x / denominator) : x / denominator;
  };
  const quality = sub.institutions > 0 ? Math.max(0, 1 - sub.unexplainedOutliers / sub.institutions) : 0;
  const meters = [value(v, 'water.meter_l2_rate'), value(v, 'water.meter_l3_rate')].filter((x): x is number => x !== null);
  const meterMean = meters.length === 0 ? 0 : meters.reduce((a, b) => a + b, 0) / meters.length;
  return [
    part('timeliness', sub.late ? w.late : w.onTime, w.onTime),
    part('quality', w.quality * quality, w.quality),
    part('nev', w.nev * ratio('vehicles.nev_share', NEV_TARGET, true), w.nev),
    part('charging', w.charging * ratio('charging.compliance_rate', 100, false), w.charging),
    part('fixtures', w.fixtures * ratio('water.saving_fixture_rate', FIXTURE_TARGET, true), w.fixtures),
    part('metering', w.metering * Math.min(1, meterMean / METER_TARGET), w.metering),
    part('food', w.food * ratio('food.self_check_rate', 100, false), w.food),
    part('energy_yoy', yoyPoints(value(v, 'energy.yoy_pct'), w.energyYoy, w.yoyTolerancePct), w.energyYoy),
    part('carbon_yoy', yoyPoints(value(v, 'carbon.yoy_pct'), w.carbonYoy, w.yoyTolerancePct), w.carbonYoy),
  ];
}

function compare(a: Omit<RankedCounty, 'rank'>, b: Omit<RankedCounty, 'rank'>): number {
  if (a.submitted !== b.submitted) return a.submitted ? -1 : 1;
  if (Math.abs(a.total - b.total) > EPSILON) return b.total - a.total;
  const ca = a.carbonPerCapita;
  const cb = b.carbonPerCapita;
  if (ca !== null && cb !== null && Math.abs(ca - cb) > EPSILON) return ca - cb;
  if ((ca === null) !== (cb === null)) return ca === null ? 1 : -1;
  return a.county.localeCompare(b.county, 'zh-Hans-CN');
}

/** Scores and ranks the counties; ranks are 1..n, missing counties last. */
export function rankCounties(standings: readonly CountyStanding[], weights: RankingWeights = DEFAULT_RANKING_WEIGHTS): RankedCounty[] {
  const scored = standings.map((s) => {
    const parts = scoreParts(s, weights);
    return {
      county: s.county,
      submitted: s.submission !== null,
      late: s.submission?.late ?? false,
      total: parts.reduce((sum, p) => sum + p.points, 0),
      parts,
      carbonPerCapita: s.submission === null ? null : value(s.submission.values, 'carbon.per_capita_kg'),
    };
  });
  return scored.sort(compare).map((c, i) => ({ rank: i + 1, ...c }));
}

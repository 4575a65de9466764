/**
 * A known quarter for the notice tests: six counties of 晋城市 whose points are worked out by hand
 * from domain.md §4 (default weights: timeliness 10/5/0, quality 10, nev 15, charging 15, fixtures
 * 10, metering 10, food 10, energy YoY 10, carbon YoY 10).
 *
 *   泽州县 on time, 20 institutions, 2 outliers  10 + 9 + 15 + 15 + 10 + 10 + 10 + 10 + 10 = 99
 *   阳城县 late, no YoY history                   5 + 10 + 15 + 15 + 10 + 10 + 10 + 5 + 5  = 85
 *   陵川县 on time, 1 outlier of 10, no meters    10 + 9 + 15 + 12 + 10 + 0 + 10 + 5 + 10  = 81, carbon 700
 *   城区   on time                                10 + 10 + 12 + 12 + 8 + 9 + 5 + 10 + 5   = 81, carbon 900
 *   高平市 nothing submitted                      0
 *   沁水县 only a rejected version                0
 *
 * 陵川县 and 城区 tie on 81: the lower carbon.per_capita_kg (700) ranks first. The two counties at 0
 * have no carbon value and rank by name (zh-Hans-CN collation: 高 gāo before 沁 qìn).
 */
import { rankCounties, type CountyStanding, type ScorePartId } from '../../../shared/ranking/score.js';
import { draftNotice, type NoticeContent, type NoticeCountyInput, type NoticeInput } from '../../../shared/notice/content.js';
import { WEEKDAYS_ONLY } from '../../../shared/schedule/calendar.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';

export interface FixtureCounty extends NoticeCountyInput {
  institutions: number;
  outliers: number;
}

const COMPLETE = { 'data.completeness': 100, 'coal.units_without_plan': 0 };

export function fixtureCounties(): FixtureCounty[] {
  return [
    {
      county: '城区',
      state: 'on-time',
      receivedAt: '2026-10-10T02:00:00.000Z',
      institutions: 10,
      outliers: 0, // 10 × (1 − 0/10) = 10
      indicators: {
        ...COMPLETE,
        'vehicles.nev_share': 28, // 15 × 28/35 = 12
        'charging.compliance_rate': 80, // 15 × 0.8 = 12
        'water.saving_fixture_rate': 76, // 10 × 76/95 = 8
        'water.meter_l2_rate': 72, // mean(72, 90) = 81 → 10 × 81/90 = 9
        'water.meter_l3_rate': 90,
        'food.self_check_rate': 50, // 5
        'energy.yoy_pct': -2, // fell → 10
        'carbon.yoy_pct': 2.5, // rose ≤ 3 → 5
        'carbon.per_capita_kg': 900,
        'hosting.projects': 0,
        'energy.total_tce': 1234.5678,
      },
    },
    { county: '沁水县', state: 'rejected', receivedAt: null, institutions: 0, outliers: 0, indicators: null },
    {
      county: '阳城县',
      state: 'late', // 5
      receivedAt: '2026-10-17T03:00:00.000Z',
      institutions: 10,
      outliers: 0, // 10
      indicators: {
        ...COMPLETE,
        'coal.units_without_plan': 1, // misses "= 0"
        'vehicles.nev_share': 35, // 15
        'charging.compliance_rate': 100, // 15
        'water.saving_fixture_rate': 95, // 10
        'water.meter_l2_rate': 90, // 10
        'water.meter_l3_rate': 90,
        'food.self_check_rate': 100, // 10
        'energy.yoy_pct': null, // no history → 5
        'carbon.yoy_pct': null, // 5
        'carbon.per_capita_kg': 800,
      },
    },
    {
      county: '陵川县',
      state: 'on-time',
      receivedAt: '2026-10-12T02:00:00.000Z',
      institutions: 10,
      outliers: 1, // 10 × (1 − 1/10) = 9
      indicators: {
        ...COMPLETE,
        'vehicles.nev_share': 35, // 15
        'charging.compliance_rate': 80, // 12
        'water.saving_fixture_rate': 95, // 10
        'water.meter_l2_rate': null, // both null → 0
        'water.meter_l3_rate': null,
        'food.self_check_rate': 100, // 10
        'energy.yoy_pct': 2, // rose ≤ 3 → 5
        'carbon.yoy_pct': -1, // fell → 10
        'carbon.per_capita_kg': 700,
      },
    },
    {
      county: '泽州县',
      state: 'on-time',
      receivedAt: '2026-10-09T02:00:00.000Z',
      institutions: 20,
      outliers: 2, // 10 × (1 − 2/20) = 9
      indicators: {
        ...COMPLETE,
        'vehicles.nev_share': 40, // capped → 15
        'charging.compliance_rate': 100, // 15
        'water.saving_fixture_rate': 96, // capped → 10
        'water.meter_l2_rate': 95, // mean 93.5 → capped 10
        'water.meter_l3_rate': 92,
        'food.self_check_rate': 100, // 10
        'energy.yoy_pct': -1, // 10
        'carbon.yoy_pct': -2, // 10
        'carbon.per_capita_kg': 600,
        'hosting.projects': 1,
      },
    },
    { county: '高平市', state: 'missing', receivedAt: null, institutions: 0, outliers: 0, indicators: null },
  ];
}

export const EXPECTED_ORDER = ['泽州县', '阳城县', '陵川县', '城区', '高平市', '沁水县'];

export const EXPECTED_POINTS: Record<string, Record<ScorePartId, number>> = {
  泽州县: { timeliness: 10, quality: 9, nev: 15, charging: 15, fixtures: 10, metering: 10, food: 10, energy_yoy: 10, carbon_yoy: 10 },
  阳城县: { timeliness: 5, quality: 10, nev: 15, charging: 15, fixtures: 10, metering: 10, food: 10, energy_yoy: 5, carbon_yoy: 5 },
  陵川县: { timeliness: 10, quality: 9, nev: 15, charging: 12, fixtures: 10, metering: 0, food: 10, energy_yoy: 5, carbon_yoy: 10 },
  城区: { timeliness: 10, quality: 10, nev: 12, charging: 12, fixtures: 8, metering: 9, food: 5, energy_yoy: 10, carbon_yoy: 5 },
  高平市: { timeliness: 0, quality: 0, nev: 0, charging: 0, fixtures: 0, metering: 0, food: 0, energy_yoy: 0, carbon_yoy: 0 },
  沁水县: { timeliness: 0, quality: 0, nev: 0, charging: 0, fixtures: 0, metering: 0, food: 0, energy_yoy: 0, carbon_yoy: 0 },
};

export const EXPECTED_TOTALS = [99, 85, 81, 81, 0, 0];

export function standings(counties: readonly FixtureCounty[]): CountyStanding[] {
  return counties.map((c) => ({
    county: c.county,
    submission: c.indicators ? { late: c.state === 'late', institutions: c.institutions, unexplainedOutliers: c.outliers, values: c.indicators } : null,
  }));
}

/** The notice input for a set of counties (2026Q3, due Thursday 15 October 2026). */
export function noticeInput(counties: readonly FixtureCounty[] = fixtureCounties(), extra: Partial<NoticeInput> = {}): NoticeInput {
  return {
    period: '2026Q3',
    due: submissionDue({ year: 2026, quarter: 3 }, WEEKDAYS_ONLY),
    asOf: '2026-10-23T01:30:00.000Z',
    issuer: '晋城市机关事务管理局',
    docNumber: '晋市机管通〔2026〕3号',
    date: '2026-10-23',
    counties: counties.map(({ institutions: _i, outliers: _o, ...c }) => c),
    ranked: rankCounties(standings(counties)),
    revision: 0,
    draft: false,
    ...extra,
  };
}

export function fixtureNotice(extra: Partial<NoticeInput> = {}, counties: readonly FixtureCounty[] = fixtureCounties()): NoticeContent {
  return draftNotice(noticeInput(counties, extra));
}

/** The counted indicators by county, as the .xlsx takes them. */
export function indicatorsByCounty(counties: readonly FixtureCounty[] = fixtureCounties()): Record<string, Record<string, number | null> | null> {
  return Object.fromEntries(counties.map((c) => [c.county, c.indicators]));
}

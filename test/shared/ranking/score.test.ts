/**
 * County ranking of domain.md §4 with default weights (10 timeliness, 10 quality, 15 nev, 15 charging,
 * 10 fixtures, 10 metering, 10 food, 10 + 10 YoY). Every expectation is worked out in the comments.
 */
import assert from 'node:assert/strict';
import type { IndicatorId } from '../../../shared/indicators/definitions.js';
import {
  DEFAULT_RANKING_WEIGHTS,
  rankCounties,
  SCORE_PART_LABELS,
  type CountyStanding,
  type RankedCounty,
  type ScorePartId,
} from '../../../shared/ranking/score.js';

type Values = Partial<Record<IndicatorId, number | null>>;

function standing(county: string, values: Values, opts: { late?: boolean; institutions?: number; outliers?: number } = {}): CountyStanding {
  return {
    county,
    submission: { late: opts.late ?? false, institutions: opts.institutions ?? 10, unexplainedOutliers: opts.outliers ?? 0, values },
  };
}

const missing = (county: string): CountyStanding => ({ county, submission: null });

function only(standing: CountyStanding): RankedCounty {
  const [r] = rankCounties([standing]);
  assert.ok(r);
  return r;
}

function points(r: RankedCounty, id: ScorePartId): number {
  const p = r.parts.find((x) => x.id === id);
  assert.ok(p, `part ${id}`);
  return p.points;
}

const near = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

describe('ranking/score', () => {
  it('scores every part by hand', () => {
    const r = only(
      standing(
        '泽州县',
        {
          'vehicles.nev_share': 28, // 15 × 28/35 = 12
          'charging.compliance_rate': 80, // 15 × 80/100 = 12
          'water.saving_fixture_rate': 76, // 10 × 76/95 = 8
          'water.meter_l2_rate': 72, // mean(72, 90) = 81 → 10 × 81/90 = 9
          'water.meter_l3_rate': 90,
          'food.self_check_rate': 50, // 10 × 50/100 = 5
          'energy.yoy_pct': -2, // fell → 10
          'carbon.yoy_pct': 2.5, // rose ≤ 3 → 5
          'carbon.per_capita_kg': 812.5,
        },
        { institutions: 20, outliers: 3 }, // 10 × (1 − 3/20) = 8.5
      ),
    );
    const expected: Record<ScorePartId, number> = {
      timeliness: 10,
      quality: 8.5,
      nev: 12,
      charging: 12,
      fixtures: 8,
      metering: 9,
      food: 5,
      energy_yoy: 10,
      carbon_yoy: 5,
    };
    assert.deepEqual(
      r.parts.map((p) => p.id),
      Object.keys(expected),
    );
    for (const [id, pts] of Object.entries(expected)) near(points(r, id as ScorePartId), pts);
    near(r.total, 79.5); // 10 + 8.5 + 12 + 12 + 8 + 9 + 5 + 10 + 5
    assert.equal(r.carbonPerCapita, 812.5);
    assert.equal(r.rank, 1);
    assert.equal(r.submitted, true);
  });

  it('labels parts in Chinese and their maxima add up to 100', () => {
    const r = only(standing('城区', {}));
    assert.equal(r.parts.find((p) => p.id === 'nev')?.label, '新能源汽车占比');
    assert.equal(SCORE_PART_LABELS.timeliness, '报送及时性');
    assert.equal(SCORE_PART_LABELS.carbon_yoy, '人均碳排放同比');
    assert.equal(r.parts.reduce((s, p) => s + p.max, 0), 100);
  });

  it('caps nev, fixtures and metering at their targets', () => {
    const r = only(standing('城区', { 'vehicles.nev_share': 50, 'water.saving_fixture_rate': 100, 'water.meter_l2_rate': 95, 'water.meter_l3_rate': 99 }));
    assert.equal(points(r, 'nev'), 15); // 50/35 > 1 → 15, not 21.4
    assert.equal(points(r, 'fixtures'), 10); // 100/95 > 1 → 10
    assert.equal(points(r, 'metering'), 10); // mean 97 > 90 → 10
  });

  it('gives 5 for a late submission and 10 on time', () => {
    assert.equal(points(only(standing('城区', {}, { late: true })), 'timeliness'), 5);
    assert.equal(only(standing('城区', {}, { late: true })).late, true);
    assert.equal(points(only(standing('城区', {})), 'timeliness'), 10);
  });

  it('floors quality at 0 and scores no institutions as 0', () => {
    assert.equal(points(only(standing('城区', {}, { institutions: 4, outliers: 6 })), 'quality'), 0); // 1 − 6/4 < 0 → 0
    assert.equal(points(only(standing('城区', {}, { institutions: 0, outliers: 0 })), 'quality'), 0);
    assert.equal(points(only(standing('城区', {}, { institutions: 4, outliers: 1 })), 'quality'), 7.5); // 10 × 3/4
  });

  it('scores null indicators 0, except YoY (no history) which earns half', () => {
    // 10 on time + 10 quality + 0 + 0 + 0 + 0 + 0 + 5 + 5 = 30
    const nulls = only(
      standing('城区', {
        'vehicles.nev_share': null,
        'charging.compliance_rate': null,
        'water.saving_fixture_rate': null,
        'water.meter_l2_rate': null,
        'water.meter_l3_rate': null,
        'food.self_check_rate': null,
        'energy.yoy_pct': null,
        'carbon.yoy_pct': null,
      }),
    );
    assert.equal(nulls.total, 30);
    assert.equal(points(nulls, 'energy_yoy'), 5);
    assert.equal(points(nulls, 'carbon_yoy'), 5);
    assert.equal(nulls.carbonPerCapita, null);
    // Absent keys behave like null.
    assert.equal(only(standing('城区', {})).total, 30);
  });

  it('scores metering from the level that is present when the other is null', () => {
    assert.equal(points(only(standing('城区', { 'water.meter_l2_rate': null, 'water.meter_l3_rate': 45 })), 'metering'), 5); // 10 × 45/90
    assert.equal(points(only(standing('城区', { 'water.meter_l2_rate': 81 })), 'metering'), 9); // 10 × 81/90
  });

  it('draws the YoY lines at 0 and +3 %', () => {
    const yoy = (v: number): number => points(only(standing('城区', { 'energy.yoy_pct': v, 'carbon.yoy_pct': v })), 'energy_yoy');
    assert.equal(yoy(-0.1), 10);
    assert.equal(yoy(0), 5); // did not fall
    assert.equal(yoy(3), 5);
    assert.equal(yoy(3 + 1e-12), 5); // floating noise on exactly 3 %
    assert.equal(yoy(3.01), 0);
    assert.equal(points(only(standing('城区', { 'carbon.yoy_pct': 3.5 })), 'carbon_yoy'), 0);
  });

  it('gives a missing county 0 in every part, YoY included', () => {
    const r = only(missing('陵川县'));
    assert.equal(r.submitted, false);
    assert.equal(r.late, false);
    assert.equal(r.total, 0);
    assert.equal(r.parts.length, 9);
    for (const p of r.parts) assert.equal(p.points, 0, p.id);
    assert.equal(r.parts.find((p) => p.id === 'nev')?.max, 15);
  });

  it('ranks a missing county below a county that submitted with total 0', () => {
    // With late = 0 and YoY rises of 10 %, a late county with no values and no institutions scores 0.
    const weights = { ...DEFAULT_RANKING_WEIGHTS, late: 0 };
    const zero = standing('高平市', { 'energy.yoy_pct': 10, 'carbon.yoy_pct': 10 }, { late: true, institutions: 0 });
    // 城区 sorts before 高平市 by name, so only the submitted-first rule puts it last.
    const ranked = rankCounties([missing('城区'), zero], weights);
    assert.deepEqual(
      ranked.map((r) => [r.rank, r.county, r.total]),
      [
        [1, '高平市', 0],
        [2, '城区', 0],
      ],
    );
  });

  it('breaks ties by lower carbon per capita, numbers before null', () => {
    // Same values, so the same total 30; only carbon differs.
    const ranked = rankCounties([
      standing('城区', { 'carbon.per_capita_kg': 800 }),
      standing('沁水县', { 'carbon.per_capita_kg': null }),
      standing('阳城县', { 'carbon.per_capita_kg': 650 }),
    ]);
    assert.deepEqual(
      ranked.map((r) => [r.rank, r.county]),
      [
        [1, '阳城县'],
        [2, '城区'],
        [3, '沁水县'],
      ],
    );
  });

  it('breaks remaining ties by county name in pinyin order', () => {
    // 高 (gāo) before 泽 (zé) in zh-Hans-CN; plain code-point order would put 泽 (U+6CFD) before 高 (U+9AD8).
    const ranked = rankCounties([standing('泽州县', { 'carbon.per_capita_kg': 700 }), standing('高平市', { 'carbon.per_capita_kg': 700 })]);
    assert.deepEqual(
      ranked.map((r) => r.county),
      ['高平市', '泽州县'],
    );
  });

  it('sorts by total descending ahead of carbon and name', () => {
    const ranked = rankCounties([
      standing('城区', { 'carbon.per_capita_kg': 100 }), // 30
      standing('泽州县', { 'vehicles.nev_share': 35, 'carbon.per_capita_kg': 900 }), // 30 + 15 = 45
      standing('阳城县', {}, { late: true }), // 30 − 5 = 25
    ]);
    assert.deepEqual(
      ranked.map((r) => [r.rank, r.county, r.total]),
      [
        [1, '泽州县', 45],
        [2, '城区', 30],
        [3, '阳城县', 25],
      ],
    );
  });

  it('treats totals equal up to floating noise as a tie', () => {
    // 泽州县: 30 + 15 × 1/100 + 10 × 4/100 = 30.55, computed as 30.549999999999997;
    // 高平市: 30 + 15 × 3/100 + 10 × 1/100 = 30.55 exactly. A strict comparison would rank 高平市 first;
    // as a tie, 泽州县's lower carbon wins.
    const ranked = rankCounties([
      standing('高平市', { 'charging.compliance_rate': 3, 'food.self_check_rate': 1, 'carbon.per_capita_kg': 700 }),
      standing('泽州县', { 'charging.compliance_rate': 1, 'food.self_check_rate': 4, 'carbon.per_capita_kg': 600 }),
    ]);
    assert.notEqual(ranked[0]?.total, ranked[1]?.total); // the noise is really there
    assert.deepEqual(
      ranked.map((r) => r.county),
      ['泽州县', '高平市'],
    );
  });

  it('applies custom weights to the parts and their maxima', () => {
    const [w] = rankCounties([standing('城区', { 'vehicles.nev_share': 35 })], { ...DEFAULT_RANKING_WEIGHTS, nev: 20 });
    assert.ok(w);
    assert.equal(points(w, 'nev'), 20); // 20 × min(1, 35/35), where the default weight gives 15
    assert.equal(w.parts.find((p) => p.id === 'nev')?.max, 20);
    const [tol] = rankCounties([standing('城区', { 'energy.yoy_pct': 4 })], { ...DEFAULT_RANKING_WEIGHTS, yoyTolerancePct: 5 });
    assert.ok(tol);
    assert.equal(points(tol, 'energy_yoy'), 5); // 4 ≤ 5 → half
  });
});

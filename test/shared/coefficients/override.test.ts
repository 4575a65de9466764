import assert from 'node:assert/strict';
import { DEFAULT_COEFFICIENTS, GRID_FACTORS } from '../../../shared/coefficients/default.js';
import { applyOverride } from '../../../shared/coefficients/override.js';
import { ledgerFactors, type CoefficientSet } from '../../../shared/coefficients/types.js';
import { validateWorkbook } from '../../../shared/engine.js';
import { dataRows, findCell, findRow, getField, sample, setField } from '../helpers.js';

const CHINESE = /[\u4e00-\u9fff]/u;

function ok(json: unknown): CoefficientSet {
  const r = applyOverride(json);
  assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
  return r.set;
}

function problems(json: unknown): string[] {
  const r = applyOverride(json);
  assert.ok(!r.ok, 'the override is rejected');
  assert.ok(r.problems.length >= 1);
  for (const p of r.problems) assert.match(p, CHINESE, `problem in Chinese: ${p}`);
  return r.problems;
}

describe('coefficient overrides', () => {
  describe('valid overrides', () => {
    it('natural gas 1.33 replaces 1.2143 and records where it came from', () => {
      const set = ok({ name: '晋城市 2026 系数', version: '2026.2', kgce: { naturalGas: 1.33 } });
      assert.equal(set.kgce.naturalGas.value, 1.33);
      assert.equal(set.kgce.naturalGas.unit, DEFAULT_COEFFICIENTS.kgce.naturalGas.unit);
      assert.equal(set.kgce.naturalGas.mark, '本地');
      assert.ok(set.kgce.naturalGas.source.includes('晋城市 2026 系数'));
      assert.ok(set.kgce.naturalGas.source.includes('1.2143'), 'names the default it replaced');
      assert.equal(set.id, 'override');
      assert.equal(set.name, '晋城市 2026 系数');
      assert.equal(set.version, '2026.2');
    });

    it('leaves every other coefficient at its default', () => {
      const set = ok({ name: 'x', version: '1', kgce: { naturalGas: 1.33 } });
      assert.deepEqual({ ...set.kgce, naturalGas: null }, { ...DEFAULT_COEFFICIENTS.kgce, naturalGas: null });
      assert.deepEqual(set.co2, DEFAULT_COEFFICIENTS.co2);
      assert.deepEqual(set.density, DEFAULT_COEFFICIENTS.density);
      assert.deepEqual(set.pv, DEFAULT_COEFFICIENTS.pv);
      assert.deepEqual(set.outliers, DEFAULT_COEFFICIENTS.outliers);
    });

    it('does not change the default set', () => {
      ok({ name: 'x', version: '1', kgce: { naturalGas: 1.33 }, gridFactor: '全国2023', outliers: { yoyFloor: { water: 10 } } });
      assert.equal(DEFAULT_COEFFICIENTS.kgce.naturalGas.value, 1.2143);
      assert.equal(DEFAULT_COEFFICIENTS.co2.electricity.value, 0.7096);
      assert.equal(DEFAULT_COEFFICIENTS.outliers.yoyFloor.water.value, 50);
    });

    it('an entry may carry its own source', () => {
      const set = ok({ name: 'x', version: '1', co2: { heat: { value: 100, source: '市发改委 2026 年通知' } } });
      assert.equal(set.co2.heat.value, 100);
      assert.equal(set.co2.heat.source, '市发改委 2026 年通知');
    });

    it('gridFactor picks a published grid factor (华北2023 = 0.6361)', () => {
      const set = ok({ name: 'x', version: '1', gridFactor: '华北2023' });
      assert.equal(set.co2.electricity.value, 0.6361);
      assert.deepEqual(set.co2.electricity, GRID_FACTORS['华北2023']);
      assert.equal(ok({ name: 'x', version: '1', gridFactor: '全国2022' }).co2.electricity.value, 0.5366);
    });

    it('an explicit co2.electricity wins over gridFactor', () => {
      const set = ok({ name: 'x', version: '1', gridFactor: '华北2023', co2: { electricity: 0.6 } });
      assert.equal(set.co2.electricity.value, 0.6);
    });

    it('density changes the per-litre factors: gasoline 1.4714 × 0.75 = 1.10355 kgce/L', () => {
      const set = ok({ name: 'x', version: '1', density: { gasoline: 0.75 } });
      assert.ok(Math.abs(ledgerFactors(set).kgce.gasoline - 1.10355) < 1e-12);
      assert.ok(Math.abs(ledgerFactors(set).co2.gasoline - 2.925 * 0.75) < 1e-12);
      assert.ok(Math.abs(ledgerFactors(set).kgce.diesel - 1.238535) < 1e-12, 'diesel unchanged');
    });

    it('outlier thresholds are used by validation (80 kWh/m² instead of 60)', () => {
      const wb = sample();
      const row = dataRows(wb, '能源资源消费')[0]!;
      const code = getField(wb, '能源资源消费', '统一社会信用代码', row);
      const inst = findRow(wb, '单位名录', (get) => get('统一社会信用代码') === code);
      const area = getField(wb, '单位名录', '建筑面积（m²）', inst) as number;
      setField(wb, '能源资源消费', '电力（kWh）', row, area * 70);
      const cell = findCell(wb, '能源资源消费', '电力（kWh）', row);
      assert.deepEqual(validateWorkbook(wb).issues.map((i) => i.cell), [cell]);
      const set = ok({ name: 'x', version: '1', outliers: { electricityPerAreaQuarter: 80 } });
      assert.deepEqual(validateWorkbook(wb, { coefficients: set }).issues, []);
      assert.equal(set.outliers.waterPerCapitaQuarter.value, 30, 'the other thresholds stay');
      assert.equal(set.outliers.yoyFloor.electricity.value, 1000);
    });

    it('yoyFloor entries are merged one by one', () => {
      const set = ok({ name: 'x', version: '1', outliers: { yoyFloor: { water: 10 } } });
      assert.equal(set.outliers.yoyFloor.water.value, 10);
      assert.equal(set.outliers.yoyFloor.electricity.value, 1000);
      assert.equal(set.outliers.yoyChangePct.value, 50);
    });
  });

  describe('invalid overrides are refused with Chinese problems naming the path', () => {
    it('an unknown top-level key', () => {
      const p = problems({ name: 'x', version: '1', gasFactor: 1.33 });
      assert.equal(p.length, 1);
      assert.ok(p[0]!.startsWith('（顶层）：'), p[0]);
      assert.ok(p[0]!.includes('gasFactor'), p[0]);
    });

    it('an unknown key inside kgce (a misspelt naturalgas)', () => {
      const p = problems({ name: 'x', version: '1', kgce: { naturalgas: 1.33 } });
      assert.equal(p.length, 1);
      assert.ok(p[0]!.startsWith('kgce：'), p[0]);
      assert.ok(p[0]!.includes('naturalgas'), p[0]);
    });

    it('a negative number', () => {
      const p = problems({ name: 'x', version: '1', kgce: { naturalGas: -1.33 } });
      assert.equal(p.length, 1);
      assert.ok(p[0]!.startsWith('kgce.naturalGas：'), p[0]);
    });

    it('zero, and a negative value in an entry object', () => {
      assert.ok(problems({ name: 'x', version: '1', pv: { fullLoadHours: 0 } })[0]!.startsWith('pv.fullLoadHours：'));
      assert.ok(problems({ name: 'x', version: '1', co2: { coal: { value: -5 } } }).some((p) => p.startsWith('co2.coal')));
    });

    it('a number given as text', () => {
      assert.ok(problems({ name: 'x', version: '1', density: { diesel: '0.85' } })[0]!.startsWith('density.diesel：'));
    });

    it('a missing version', () => {
      const p = problems({ name: 'x', kgce: { naturalGas: 1.33 } });
      assert.equal(p.length, 1);
      assert.ok(p[0]!.startsWith('version：'), p[0]);
    });

    it('a missing name and an empty version, both reported', () => {
      const p = problems({ version: '' });
      assert.ok(p.some((x) => x.startsWith('name：')), p.join('\n'));
      assert.ok(p.some((x) => x.startsWith('version：')), p.join('\n'));
    });

    it('an unknown grid factor lists the known ones', () => {
      const p = problems({ name: 'x', version: '1', gridFactor: '山西2023' });
      assert.ok(p[0]!.startsWith('gridFactor：'), p[0]);
      for (const k of Object.keys(GRID_FACTORS)) assert.ok(p[0]!.includes(k), `${p[0]} names ${k}`);
    });

    it('something that is not an object at all', () => {
      for (const json of ['x', 42, null, []]) assert.ok(problems(json)[0]!.startsWith('（顶层）：'), String(json));
    });
  });
});

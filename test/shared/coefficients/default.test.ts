/** The default coefficient table against domain.md §1–2 and §3's PV defaults. */
import assert from 'node:assert/strict';
import { DEFAULT_COEFFICIENTS, GRID_FACTORS } from '../../../shared/coefficients/default.js';
import { ENERGY_ITEMS, ledgerFactors } from '../../../shared/coefficients/types.js';

const near = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

describe('default coefficients (domain.md)', () => {
  const f = ledgerFactors(DEFAULT_COEFFICIENTS);

  it('kgce per ledger unit, GB/T 2589-2020', () => {
    near(f.kgce.electricity, 0.1229);
    near(f.kgce.naturalGas, 1.2143);
    near(f.kgce.coal, 714.3);
    near(f.kgce.gasoline, 1.074122); // 1.4714 kgce/kg × 0.73 kg/L
    near(f.kgce.diesel, 1.238535); // 1.4571 kgce/kg × 0.85 kg/L
    near(f.kgce.lpg, 1.7143);
    near(f.kgce.heat, 34.12);
  });

  it('kgCO2 per ledger unit, grid 山西 2022', () => {
    near(f.co2.electricity, 0.7096);
    near(f.co2.naturalGas, 2.162);
    near(f.co2.coal, 1866);
    near(f.co2.gasoline, 2.13525); // 2.925 × 0.73
    near(f.co2.diesel, 2.6316); // 3.096 × 0.85
    near(f.co2.lpg, 3.101);
    near(f.co2.heat, 110);
  });

  it('every energy item has both factors; PV generation has none', () => {
    assert.deepEqual([...ENERGY_ITEMS].sort(), ['coal', 'diesel', 'electricity', 'gasoline', 'heat', 'lpg', 'naturalGas']);
    assert.ok(!('pvGeneration' in f.kgce));
  });

  it('the published grid factors, and not the 0.5703 trading factor', () => {
    assert.equal(GRID_FACTORS['山西2022']!.value, 0.7096);
    assert.equal(GRID_FACTORS['华北2023']!.value, 0.6361);
    assert.equal(GRID_FACTORS['全国2023']!.value, 0.5306);
    assert.equal(GRID_FACTORS['全国2022']!.value, 0.5366);
    assert.ok(!Object.values(GRID_FACTORS).some((c) => c.value === 0.5703));
  });

  it('PV defaults: 0.10 kW/m² and 1300 h', () => {
    assert.equal(DEFAULT_COEFFICIENTS.pv.densityKwPerM2.value, 0.1);
    assert.equal(DEFAULT_COEFFICIENTS.pv.fullLoadHours.value, 1300);
  });

  it('outlier thresholds of template.md: 60 kWh/m², 30 t/人, ±50 %', () => {
    assert.equal(DEFAULT_COEFFICIENTS.outliers.electricityPerAreaQuarter.value, 60);
    assert.equal(DEFAULT_COEFFICIENTS.outliers.waterPerCapitaQuarter.value, 30);
    assert.equal(DEFAULT_COEFFICIENTS.outliers.yoyChangePct.value, 50);
  });

  it('every coefficient says where it comes from', () => {
    const all = [
      ...Object.values(DEFAULT_COEFFICIENTS.kgce),
      ...Object.values(DEFAULT_COEFFICIENTS.co2),
      ...Object.values(DEFAULT_COEFFICIENTS.density),
      ...Object.values(DEFAULT_COEFFICIENTS.pv),
    ];
    for (const c of all) {
      assert.ok(c.source.length > 0);
      assert.ok(c.unit.length > 0);
      assert.ok(['V', 'S', 'D', '本地'].includes(c.mark));
      assert.ok(c.value > 0);
    }
  });
});

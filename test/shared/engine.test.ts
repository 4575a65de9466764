import assert from 'node:assert/strict';
import { JINCHENG } from '../../shared/counties.js';
import { analyzeWorkbook, identifyWorkbook, validateWorkbook } from '../../shared/engine.js';
import type { Quarter } from '../../shared/period.js';
import { snapshotOf } from '../../shared/validation/history.js';
import { basicRow, removeSheet, sample, setCell, setField } from './helpers.js';

describe('engine', () => {
  describe('every county and quarter', () => {
    for (const county of JINCHENG.counties) {
      for (const quarter of [1, 2, 3, 4] as Quarter[]) {
        it(`a ${county.name} 2026Q${quarter} sample is valid and identified`, () => {
          const wb = sample({ county, period: { year: 2026, quarter }, institutions: 10, seed: 3 });
          const v = validateWorkbook(wb);
          assert.deepEqual(v.issues.map((i) => i.message), []);
          assert.equal(v.workbook.county?.code, county.code);
          assert.deepEqual(identifyWorkbook(wb), { county, period: { year: 2026, quarter } });
        });
      }
    }
  });

  describe('identifyWorkbook', () => {
    it('is null where 基本信息 is invalid or missing', () => {
      const wb = sample();
      setCell(wb, '基本信息', `B${basicRow(wb, '报告季度')}`, '五');
      assert.equal(identifyWorkbook(wb).period, null);
      assert.equal(identifyWorkbook(wb).county?.name, '泽州县');
      removeSheet(wb, '基本信息');
      assert.deepEqual(identifyWorkbook(wb), { county: null, period: null });
    });

    it('accepts a county name without its suffix (泽州)', () => {
      const wb = sample();
      setCell(wb, '基本信息', `B${basicRow(wb, '县（市、区）')}`, '泽州');
      assert.equal(identifyWorkbook(wb).county?.name, '泽州县');
    });
  });

  describe('analyzeWorkbook', () => {
    it('reports the same issues as validateWorkbook, plus indicators', () => {
      const wb = sample();
      setField(wb, '单位名录', '用能人数', 3, -1);
      const v = validateWorkbook(wb);
      const a = analyzeWorkbook(wb);
      assert.deepEqual(a.issues, v.issues);
      assert.deepEqual(a.summary, { errors: 1, warnings: 0 });
      assert.ok(a.indicators.length > 0);
    });

    it('uses history only when it is the same quarter of last year', () => {
      const wb = sample();
      const snap = snapshotOf(validateWorkbook(wb).workbook)!;
      const same = analyzeWorkbook(wb, { history: { ...snap, period: '2025Q3' } });
      assert.equal(same.historyUsed, true);
      // Identical quantities and staff: no change at all.
      for (const id of ['energy.yoy_pct', 'carbon.yoy_pct', 'water.yoy_pct']) {
        const r = same.indicators.find((i) => i.id === id)!;
        assert.ok(r.value !== null && Math.abs(r.value) < 1e-9, `${id} = ${r.value}`);
      }
      const other = analyzeWorkbook(wb, { history: { ...snap, period: '2026Q2' } });
      assert.equal(other.historyUsed, false);
      assert.equal(other.indicators.find((i) => i.id === 'energy.yoy_pct')!.value, null);
    });
  });

  describe('snapshotOf', () => {
    it('holds the period, county, staff and per-institution quantities', () => {
      const wb = sample({ institutions: 5 });
      const snap = snapshotOf(validateWorkbook(wb).workbook)!;
      assert.equal(snap.period, '2026Q3');
      assert.equal(snap.county, '泽州县');
      assert.equal(Object.keys(snap.institutions).length, 5);
      const sum = Object.values(snap.institutions).reduce((s, q) => s + q.electricity, 0);
      assert.equal(snap.totals.electricity, sum);
    });

    it('is null without a period', () => {
      const wb = sample();
      setCell(wb, '基本信息', `B${basicRow(wb, '报告年度')}`, null);
      assert.equal(snapshotOf(validateWorkbook(wb).workbook), null);
    });
  });
});

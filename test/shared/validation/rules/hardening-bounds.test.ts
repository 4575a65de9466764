/**
 * Issue 8, item 4: impossible values. Every number field of the template declares a hard upper
 * bound far beyond any single institution; above it is a `range` error naming the bound, which no
 * 异常说明 clears and which keeps the value out of the indicators. The softer plausibility ranges
 * stay warnings.
 */
import assert from 'node:assert/strict';
import { TEMPLATE_V1, boundLabel } from '../../../../shared/template/v1.js';
import { assertIssue, dataRows, getField, sample, setField } from '../../helpers.js';
import { CODE, CONS, INST, institutionRow, num } from './shared.js';
import { PATHS, analyze, validate } from './hardening-shared.js';

const bounded = TEMPLATE_V1.sheets.flatMap((s) => s.fields.filter((f) => f.hardMax !== undefined).map((f) => ({ sheet: s.name, f })));

describe('hardening: hard bounds per field (issue 8 item 4)', () => {
  it('the template declares a hard bound on every count and quantity of an institution, project or site', () => {
    const keys = bounded.map((b) => b.f.key);
    for (const k of ['staff', 'area', 'parkingSpaces', 'chargingPiles', 'fixturesTotal', 'fixturesSaving', 'meterL2Required', 'meterL3Installed', 'electricity', 'pvGeneration', 'naturalGas', 'coal', 'gasoline', 'diesel', 'lpg', 'heat', 'water', 'nonConventionalWater', 'usableArea', 'installedKw', 'plannedKw', 'quantity', 'units', 'hostedArea', 'contractAmount', 'privateInvestment']) {
      assert.ok(keys.includes(k), k);
    }
    // template.md's rules hold: a bound only narrows a "≥ 0" or "> 0" number, and the rule says it.
    for (const { f } of bounded) {
      assert.ok(f.kind === 'number' || f.kind === 'integer', f.key);
      assert.ok(f.min !== undefined && f.hardMax! > f.min, f.key);
      assert.ok(f.rule.includes(`不超过 ${boundLabel(f.hardMax!)}`), f.rule);
    }
  });

  for (const [path, via] of PATHS) {
    describe(`via ${path}`, () => {
      it('用能人数 999,999,999 is an error naming the bound, not a silent pass', () => {
        const wb = sample();
        const at = setField(wb, INST, '用能人数', 2, 999_999_999);
        const v = validate(via(wb));
        assert.equal(v.issues.length, 1, v.issues.map((i) => i.message).join('\n'));
        assertIssue(v.issues[0], { severity: 'error', code: 'range', sheet: INST, cell: at, field: '用能人数', value: 999_999_999 }, ['超过上限 20 万', '异常说明', '不能通过']);
      });

      it('用能人数 written as text "999,999,999" is the same error', () => {
        const wb = sample();
        const at = setField(wb, INST, '用能人数', 2, '999,999,999');
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.code, i.severity, i.cell]), [['range', 'error', at]]);
      });

      it('1e12 kWh is an error that 异常说明 does not clear, and the city total keeps its size', () => {
        const wb = sample();
        const row = dataRows(wb, CONS)[0]!;
        const at = setField(wb, CONS, '电力（kWh）', row, 1e12);
        setField(wb, CONS, '异常说明', row, '本季度新建数据中心投入使用');
        const a = analyze(via(wb));
        assert.deepEqual(a.explained, []);
        assert.equal(a.issues.length, 1, a.issues.map((i) => i.message).join('\n'));
        assertIssue(a.issues[0], { severity: 'error', code: 'range', sheet: CONS, cell: at, field: '电力（kWh）' }, ['超过上限 2 亿 kWh', '（200000000）']);
        const tce = a.indicators.find((i) => i.id === 'energy.total_tce')!.value!;
        const clean = analyze(sample()).indicators.find((i) => i.id === 'energy.total_tce')!.value!;
        assert.ok(tce < clean, `total ${tce} tce stays below the clean ${clean} tce (the impossible value is left out)`);
      });

      it('every bounded field: above the bound is an error on its cell; at the bound no range error', () => {
        for (const { sheet, f } of bounded) {
          const wb = sample();
          const row = dataRows(wb, sheet)[0]!;
          const at = setField(wb, sheet, f.header, row, f.hardMax! * 10);
          const over = validate(via(wb)).issues.filter((i) => i.code === 'range');
          assert.deepEqual(over.map((i) => [i.severity, i.cell]), [['error', at]], `${sheet} ${f.header}`);
          assert.ok(over[0]!.message.includes(`超过上限 ${boundLabel(f.hardMax!)}`), over[0]!.message);
          const ok = sample();
          setField(ok, sheet, f.header, row, f.hardMax!);
          assert.deepEqual(validate(via(ok)).issues.filter((i) => i.code === 'range'), [], `${sheet} ${f.header} at the bound`);
        }
      });

      it('the softer range stays a warning below the hard bound (61 kWh/m² in a quarter)', () => {
        const wb = sample();
        const row = dataRows(wb, CONS)[0]!;
        const area = num(getField(wb, INST, '建筑面积（m²）', institutionRow(wb, getField(wb, CONS, CODE, row))));
        setField(wb, CONS, '电力（kWh）', row, area * 61);
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.code, i.severity]), [['outlier', 'warning']]);
      });
    });
  }
});

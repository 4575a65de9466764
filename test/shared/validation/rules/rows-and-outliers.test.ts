/**
 * Rules across rows: missing-row, outliers (with history and 异常说明) and issue order and summary.
 * Each test damages the valid sample in one place; see ./shared.ts.
 */
import assert from 'node:assert/strict';
import { snapshotOf, type HistorySnapshot } from '../../../../shared/validation/history.js';
import type { WorkbookInput } from '../../../../shared/table/sheet.js';
import {
  assertIssue,
  assertIssues,
  basicRow,
  dataRows,
  findCell,
  findRow,
  getField,
  sample,
  setCell,
  setField,
  sheet,
} from '../../helpers.js';
import {
  BASIC,
  INST,
  CONS,
  FOOD,
  CODE,
  assertClean,
  expectOnlyIssue,
  institutionRow,
  num,
  validate,
} from './shared.js';

describe('validation rules of template v1 (template.md)', () => {
  describe('missing-row', () => {
    it('an institution without a consumption row: error on its 单位名录 row', () => {
      const wb = sample();
      const code = getField(wb, CONS, CODE, 4);
      sheet(wb, CONS).rows.splice(3, 1);
      const row = institutionRow(wb, code);
      const v = validate(wb);
      assertIssues(v.issues, [`error missing-row ${INST}!A${row}`]);
      const name = getField(wb, INST, '单位名称', row) as string;
      assertIssue(v.issues[0], { severity: 'error', code: 'missing-row', sheet: INST, cell: `A${row}`, field: CODE, value: code as string }, [
        `单位“${name}”在“能源资源消费”中没有数据行`,
      ]);
    });

    it('an institution with a canteen but no self-check: warning on its 单位名录 row', () => {
      const wb = sample();
      const row = findRow(wb, INST, (get) => get('是否设有食堂') === '否');
      setField(wb, INST, '是否设有食堂', row, '是');
      const v = validate(wb);
      assertIssues(v.issues, [`warning missing-row ${INST}!A${row}`]);
      const name = getField(wb, INST, '单位名称', row) as string;
      assertIssue(v.issues[0], { severity: 'warning', code: 'missing-row', sheet: INST, cell: `A${row}`, field: CODE }, [
        `单位“${name}”设有食堂`,
        '2026Q3',
      ]);
    });

    it('an empty 能源资源消费 sheet (headers only) is one missing-row error per institution', () => {
      const wb = sample();
      sheet(wb, CONS).rows.splice(1);
      const v = validate(wb);
      assertIssues(
        v.issues,
        dataRows(wb, INST).map((r) => `error missing-row ${INST}!A${r}`),
      );
    });
  });

  describe('outliers', () => {
    /** The first consumption row and its institution's area and staff. */
    function firstRow(wb: WorkbookInput): { row: number; area: number; staff: number } {
      const row = dataRows(wb, CONS)[0]!;
      const inst = institutionRow(wb, getField(wb, CONS, CODE, row));
      return { row, area: num(getField(wb, INST, '建筑面积（m²）', inst)), staff: num(getField(wb, INST, '用能人数', inst)) };
    }

    it('electricity above 60 kWh/m² in the quarter is a warning on the 电力 cell', () => {
      const wb = sample();
      const { row, area } = firstRow(wb);
      expectOnlyIssue(CONS, '电力（kWh）', row, area * 61, { severity: 'warning', code: 'outlier' }, ['61 kWh/m²', '60 kWh/m²', '异常说明'], wb);
    });

    it('exactly 60 kWh/m² is no warning', () => {
      const wb = sample();
      const { row, area } = firstRow(wb);
      setField(wb, CONS, '电力（kWh）', row, area * 60);
      assertClean(wb);
    });

    it('water above 30 t per person in the quarter is a warning on the 用水量 cell', () => {
      const wb = sample();
      const { row, staff } = firstRow(wb);
      expectOnlyIssue(CONS, '用水量（t）', row, staff * 31, { severity: 'warning', code: 'outlier' }, ['人均用水 31 吨', '30 吨'], wb);
    });

    it('a filled 异常说明 moves the warning to explained', () => {
      const wb = sample();
      const { row, staff } = firstRow(wb);
      const at = setField(wb, CONS, '用水量（t）', row, staff * 31);
      setField(wb, CONS, '异常说明', row, '本季度新建游泳馆投入使用');
      const v = assertClean(wb);
      assert.equal(v.explained.length, 1);
      const e = v.explained[0]!;
      assert.equal(e.code, 'outlier');
      assert.equal(e.severity, 'warning');
      assert.equal(e.cell, at);
      assert.equal(e.explanation, '本季度新建游泳馆投入使用');
    });

    it('异常说明 does not hide errors of the row', () => {
      const wb = sample();
      const { row } = firstRow(wb);
      setField(wb, CONS, '异常说明', row, '说明');
      const at = setField(wb, CONS, '天然气（m³）', row, -3);
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${CONS}!${at}`]);
      assert.deepEqual(v.explained, []);
    });

    describe('year on year, with the same quarter of last year', () => {
      /** This workbook's own quantities, as if submitted for 2025Q3: no change at all. */
      function lastYear(wb: WorkbookInput): HistorySnapshot {
        const snap = snapshotOf(validate(wb).workbook);
        assert.ok(snap);
        return { ...structuredClone(snap), period: '2025Q3' };
      }

      it('unchanged quantities: history used, no warning', () => {
        const wb = sample();
        const v = assertClean(wb, { history: lastYear(wb) });
        assert.equal(v.historyUsed, true);
      });

      it('electricity doubled against last year is a warning on the 电力 cell', () => {
        const wb = sample();
        const history = lastYear(wb);
        const row = dataRows(wb, CONS)[1]!;
        const code = getField(wb, CONS, CODE, row) as string;
        const now = num(getField(wb, CONS, '电力（kWh）', row));
        assert.ok(now / 2 > 1000, 'above the floor');
        history.institutions[code]!.electricity = now / 2;
        const v = validate(wb, { history });
        const at = findCell(wb, CONS, '电力（kWh）', row);
        assertIssues(v.issues, [`warning outlier ${CONS}!${at}`]);
        assertIssue(v.issues[0], { severity: 'warning', code: 'outlier', sheet: CONS, cell: at, field: '电力（kWh）', value: now }, [
          '2025Q3',
          '增加 100%',
          '±50%',
        ]);
        assert.equal(v.historyUsed, true);
      });

      it('a fall by more than half is a warning too; by exactly half is not', () => {
        const wb = sample();
        const history = lastYear(wb);
        const row = dataRows(wb, CONS)[1]!;
        const code = getField(wb, CONS, CODE, row) as string;
        const water = num(getField(wb, CONS, '用水量（t）', row));
        assert.ok(water > 50);
        history.institutions[code]!.water = water * 2; // −50 %: not more than 50 %
        assertClean(wb, { history });
        history.institutions[code]!.water = water * 2.5; // −60 %
        const v = validate(wb, { history });
        assertIssues(v.issues, [`warning outlier ${CONS}!${findCell(wb, CONS, '用水量（t）', row)}`]);
        assert.ok(v.issues[0]!.message.includes('减少 60%'));
      });

      it('no warning when either value is at or below the floor (electricity 1000 kWh)', () => {
        const wb = sample();
        const history = lastYear(wb);
        const row = dataRows(wb, CONS)[1]!;
        const code = getField(wb, CONS, CODE, row) as string;
        history.institutions[code]!.electricity = 1000;
        assertClean(wb, { history });
      });

      it('a filled 异常说明 explains a year-on-year warning', () => {
        const wb = sample();
        const history = lastYear(wb);
        const row = dataRows(wb, CONS)[1]!;
        const code = getField(wb, CONS, CODE, row) as string;
        history.institutions[code]!.electricity = num(getField(wb, CONS, '电力（kWh）', row)) / 3;
        setField(wb, CONS, '异常说明', row, '新院区投用');
        const v = assertClean(wb, { history });
        assert.deepEqual(
          v.explained.map((e) => [e.cell, e.explanation]),
          [[findCell(wb, CONS, '电力（kWh）', row), '新院区投用']],
        );
      });

      for (const [label, change] of [
        ['another quarter of last year', { period: '2025Q2' }],
        ['the same quarter two years ago', { period: '2024Q3' }],
        ['this very quarter', { period: '2026Q3' }],
        ['another county', { county: '高平市' }],
      ] as const) {
        it(`history of ${label} is ignored`, () => {
          const wb = sample();
          const history: HistorySnapshot = { ...lastYear(wb), ...change };
          const row = dataRows(wb, CONS)[1]!;
          history.institutions[getField(wb, CONS, CODE, row) as string]!.electricity = 1500;
          const v = assertClean(wb, { history });
          assert.equal(v.historyUsed, false);
        });
      }
    });
  });

  describe('issue order and summary', () => {
    it('issues come in sheet, row, column order and the summary counts them', () => {
      const wb = sample();
      setField(wb, FOOD, '自查得分', 3, 120); // error
      setField(wb, CONS, '天然气（m³）', 3, -1); // error
      setField(wb, INST, '充电桩数', 5, 999); // warning
      setField(wb, INST, '用能人数', 3, -1); // error
      setField(wb, INST, '单位类型', 3, 'x'); // error
      setCell(wb, BASIC, `B${basicRow(wb, '联系电话')}`, 'x'); // error
      const v = validate(wb);
      assert.deepEqual(
        v.issues.map((i) => `${i.sheet}!${i.cell}`),
        [
          `${BASIC}!B${basicRow(wb, '联系电话')}`,
          `${INST}!${findCell(wb, INST, '单位类型', 3)}`,
          `${INST}!${findCell(wb, INST, '用能人数', 3)}`,
          `${INST}!${findCell(wb, INST, '充电桩数', 5)}`,
          `${CONS}!${findCell(wb, CONS, '天然气（m³）', 3)}`,
          `${FOOD}!${findCell(wb, FOOD, '自查得分', 3)}`,
        ],
      );
      assert.deepEqual(v.summary, { errors: 5, warnings: 1 });
    });
  });
});

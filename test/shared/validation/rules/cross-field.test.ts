/**
 * Rules across fields: cross-field, required when, period and 投用年份.
 * Each test damages the valid sample in one place; see ./shared.ts.
 */
import assert from 'node:assert/strict';
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
} from '../../helpers.js';
import {
  BASIC,
  INST,
  CONS,
  CARS,
  PV,
  EQUIP,
  FOOD,
  CODE,
  assertClean,
  expectOnlyIssue,
  institutionRow,
  num,
  validate,
} from './shared.js';

describe('validation rules of template v1 (template.md)', () => {
  describe('cross-field', () => {
    it('节水型器具数 > 用水器具总数 is an error', () => {
      const wb = sample();
      const total = num(getField(wb, INST, '用水器具总数', 2));
      expectOnlyIssue(INST, '节水型器具数', 2, total + 1, { severity: 'error', code: 'cross-field' }, [`${total + 1}`, `「用水器具总数」的 ${total}`], wb);
    });

    it('节水型器具数 = 用水器具总数 is fine', () => {
      const wb = sample();
      setField(wb, INST, '节水型器具数', 2, getField(wb, INST, '用水器具总数', 2));
      assertClean(wb);
    });

    it('充电桩数 > 配建车位数 is a warning', () => {
      const wb = sample();
      const spaces = num(getField(wb, INST, '配建车位数', 2));
      expectOnlyIssue(INST, '充电桩数', 2, spaces + 1, { severity: 'warning', code: 'cross-field' }, [`「配建车位数」的 ${spaces}`], wb);
    });

    it('a blank 配建车位数 counts as 0 against 充电桩数', () => {
      const wb = sample();
      setField(wb, INST, '配建车位数', 2, null);
      const at = setField(wb, INST, '充电桩数', 2, 3);
      assertIssues(validate(wb).issues, [`warning cross-field ${INST}!${at}`]);
    });

    it('水表实配 > 应配 is a warning (二级 and 三级)', () => {
      const wb = sample();
      const a = setField(wb, INST, '二级水表实配数', 2, num(getField(wb, INST, '二级水表应配数', 2)) + 1);
      const b = setField(wb, INST, '三级水表实配数', 3, num(getField(wb, INST, '三级水表应配数', 3)) + 2);
      const v = validate(wb);
      assertIssues(v.issues, [`warning cross-field ${INST}!${a}`, `warning cross-field ${INST}!${b}`]);
      assert.equal(v.issues.find((i) => i.cell === a)!.field, '二级水表实配数');
      assert.equal(v.issues.find((i) => i.cell === b)!.field, '三级水表实配数');
    });

    it('燃煤 > 0 while 是否使用燃煤 = 否 is an error on the 燃煤 cell', () => {
      const wb = sample();
      const row = findRow(wb, CONS, (get) => getField(wb, INST, '是否使用燃煤', institutionRow(wb, get(CODE))) === '否');
      expectOnlyIssue(CONS, '燃煤（t）', row, 1.5, { severity: 'error', code: 'cross-field' }, ['燃煤 1.5 吨', '“是否使用燃煤”为“否”'], wb);
    });

    it('燃煤 > 0 with 是否使用燃煤 = 是 (and a plan) is fine', () => {
      const wb = sample();
      const row = 2;
      const inst = institutionRow(wb, getField(wb, CONS, CODE, row));
      setField(wb, INST, '是否使用燃煤', inst, '是');
      setField(wb, INST, '燃煤整改计划', inst, '2027 年改为空气源热泵');
      setField(wb, CONS, '燃煤（t）', row, 12);
      assertClean(wb);
    });

    it('是否新能源 = 是 with 汽油 is an error on 能源类型', () => {
      const wb = sample();
      const row = findRow(wb, CARS, (get) => get('是否新能源') === '是');
      expectOnlyIssue(CARS, '能源类型', row, '汽油', { severity: 'error', code: 'cross-field' }, ['“汽油”', '“是否新能源”=“是”'], wb);
    });

    it('是否新能源 = 否 with 纯电动 is an error on 能源类型', () => {
      const wb = sample();
      const row = findRow(wb, CARS, (get) => get('是否新能源') === '是');
      setField(wb, CARS, '是否新能源', row, '否');
      const at = findCell(wb, CARS, '能源类型', row);
      setCell(wb, CARS, at, '纯电动');
      const v = validate(wb);
      assertIssues(v.issues, [`error cross-field ${CARS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'cross-field', sheet: CARS, cell: at, field: '能源类型', value: '纯电动' }, [
        '“纯电动”是新能源类型',
      ]);
    });

    it('其他 agrees with either answer; 柴油 with 否 and 燃料电池 with 是 are fine', () => {
      const wb = sample();
      const rows = dataRows(wb, CARS);
      setField(wb, CARS, '是否新能源', rows[0]!, '是');
      setField(wb, CARS, '能源类型', rows[0]!, '其他');
      setField(wb, CARS, '是否新能源', rows[1]!, '否');
      setField(wb, CARS, '能源类型', rows[1]!, '其他');
      setField(wb, CARS, '是否新能源', rows[2]!, '否');
      setField(wb, CARS, '能源类型', rows[2]!, '柴油');
      setField(wb, CARS, '是否新能源', rows[3]!, '是');
      setField(wb, CARS, '能源类型', rows[3]!, '燃料电池');
      setField(wb, CARS, '车牌号', rows[2]!, '晋E12345');
      setField(wb, CARS, '车牌号', rows[3]!, '晋E·D23456');
      assertClean(wb);
    });

    it('installed PV above area × 0.1 kW/m² is a warning; exactly at the limit is fine', () => {
      const wb = sample();
      const row = dataRows(wb, PV)[0]!;
      setField(wb, PV, '可利用面积（m²）', row, 1000);
      setField(wb, PV, '建设状态', row, '已建成');
      const at = setField(wb, PV, '已建装机（kW）', row, 100);
      assertClean(wb);
      setCell(wb, PV, at, 100.5);
      const v = validate(wb);
      assertIssues(v.issues, [`warning cross-field ${PV}!${at}`]);
      assertIssue(v.issues[0], { severity: 'warning', code: 'cross-field', sheet: PV, cell: at, field: '已建装机（kW）', value: 100.5 }, [
        '100.5 kW',
        '1000 m²',
        '100 kW',
      ]);
    });

    it('行政区划代码 of another county is an error on 基本信息', () => {
      const wb = sample();
      const row = basicRow(wb, '行政区划代码');
      setCell(wb, BASIC, `B${row}`, '140521');
      const v = validate(wb);
      assertIssues(v.issues, [`error cross-field ${BASIC}!B${row}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'cross-field', sheet: BASIC, cell: `B${row}`, field: '行政区划代码', value: '140521' }, [
        '“140521”',
        '140525',
        '泽州县',
      ]);
    });

    for (const [county, code] of [
      ['城区', '140502'],
      ['沁水县', '140521'],
      ['阳城县', '140522'],
      ['陵川县', '140524'],
      ['泽州县', '140525'],
      ['高平市', '140581'],
    ] as const) {
      it(`${county} goes with ${code}`, () => {
        const wb = sample();
        setCell(wb, BASIC, `B${basicRow(wb, '县（市、区）')}`, county);
        setCell(wb, BASIC, `B${basicRow(wb, '行政区划代码')}`, code);
        const v = validate(wb);
        assert.ok(!v.issues.some((i) => i.sheet === BASIC), JSON.stringify(v.issues.filter((i) => i.sheet === BASIC)));
        assert.equal(v.workbook.county?.code, code);
      });
    }
  });

  describe('required when', () => {
    it('燃煤整改计划 when 是否使用燃煤 = 是', () => {
      const wb = sample();
      const row = findRow(wb, INST, (get) => get('是否使用燃煤') === '否' && !get('燃煤整改计划'));
      setField(wb, INST, '是否使用燃煤', row, '是');
      const at = findCell(wb, INST, '燃煤整改计划', row);
      const v = validate(wb);
      assertIssues(v.issues, [`error required ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'required', sheet: INST, cell: at, field: '燃煤整改计划', value: null }, [
        '「是否使用燃煤」为“是”时此项必填',
      ]);
    });

    it('处置计划 when 是否高耗能 = 是', () => {
      const wb = sample();
      const row = findRow(wb, EQUIP, (get) => get('是否高耗能') === '否' && !get('处置计划'));
      setField(wb, EQUIP, '是否高耗能', row, '是');
      const at = findCell(wb, EQUIP, '处置计划', row);
      const v = validate(wb);
      assertIssues(v.issues, [`error required ${EQUIP}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'required', sheet: EQUIP, cell: at, field: '处置计划', value: null }, [
        '「是否高耗能」为“是”时此项必填',
      ]);
    });

    for (const disposal of ['淘汰', '更新', '改造']) {
      it(`计划完成时间 when 处置计划 = ${disposal}`, () => {
        const wb = sample();
        const row = findRow(wb, EQUIP, (get) => !get('计划完成时间'));
        setField(wb, EQUIP, '处置计划', row, disposal);
        const at = findCell(wb, EQUIP, '计划完成时间', row);
        const v = validate(wb);
        assertIssues(v.issues, [`error required ${EQUIP}!${at}`]);
        assertIssue(v.issues[0], { severity: 'error', code: 'required', sheet: EQUIP, cell: at, field: '计划完成时间', value: null }, ['淘汰、更新、改造']);
      });
    }

    it('no 计划完成时间 is needed for 继续使用', () => {
      const wb = sample();
      const row = findRow(wb, EQUIP, (get) => !get('计划完成时间'));
      setField(wb, EQUIP, '处置计划', row, '继续使用');
      assertClean(wb);
    });

    it('整改措施 when 发现问题 is filled', () => {
      const wb = sample();
      const row = findRow(wb, FOOD, (get) => !get('发现问题') && !get('整改措施'));
      setField(wb, FOOD, '发现问题', row, '剩菜较多');
      const at = findCell(wb, FOOD, '整改措施', row);
      const v = validate(wb);
      assertIssues(v.issues, [`error required ${FOOD}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'required', sheet: FOOD, cell: at, field: '整改措施', value: null }, ['已填写「发现问题」']);
    });
  });

  describe('period', () => {
    it('购置日期 outside the report year', () => {
      expectOnlyIssue(CARS, '购置日期', 2, '2025-12-31', { severity: 'error', code: 'period' }, ['“2025-12-31”', '2026 年']);
    });

    it('购置日期 anywhere inside the report year is fine (2026-01-01, 2026-12-31)', () => {
      const wb = sample();
      setField(wb, CARS, '购置日期', 2, '2026-01-01');
      setField(wb, CARS, '购置日期', 3, '2026/12/31');
      assertClean(wb);
    });

    it('自查日期 outside the quarter: error, and the canteen then lacks its self-check', () => {
      const wb = sample();
      const row = dataRows(wb, FOOD)[0]!;
      const code = getField(wb, FOOD, CODE, row);
      const at = setField(wb, FOOD, '自查日期', row, '2026-06-30');
      const v = validate(wb);
      assertIssues(v.issues, [`error period ${FOOD}!${at}`, `warning missing-row ${INST}!A${institutionRow(wb, code)}`]);
      assertIssue(v.issues.find((i) => i.code === 'period'), { severity: 'error', code: 'period', sheet: FOOD, cell: at, field: '自查日期', value: '2026-06-30' }, [
        '2026Q3',
        '2026-07-01 至 2026-09-30',
      ]);
    });

    it('自查日期 on the first and last day of the quarter is fine', () => {
      const wb = sample();
      const [a, b] = dataRows(wb, FOOD);
      setField(wb, FOOD, '自查日期', a!, '2026-07-01');
      setField(wb, FOOD, '自查日期', b!, '2026-09-30');
      assertClean(wb);
    });
  });

  describe('投用年份', () => {
    it('after the report year is a range error naming the report year', () => {
      expectOnlyIssue(EQUIP, '投用年份', 2, 2027, { severity: 'error', code: 'range' }, ['“2027”', '2026']);
    });

    it('the report year itself and 1950 are fine; 1949 is not', () => {
      const wb = sample();
      setField(wb, EQUIP, '投用年份', 2, 2026);
      setField(wb, EQUIP, '投用年份', 3, 1950);
      assertClean(wb);
      const at = setField(wb, EQUIP, '投用年份', 4, 1949);
      assertIssues(validate(wb).issues, [`error range ${EQUIP}!${at}`]);
    });
  });
});

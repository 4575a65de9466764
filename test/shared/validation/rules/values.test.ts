/**
 * Value rules of single cells: required, type, range and enum.
 * Each test damages the valid sample in one place; see ./shared.ts.
 */
import assert from 'node:assert/strict';
import {
  assertIssue,
  assertIssues,
  basicRow,
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
  EQUIP,
  FOOD,
  HOSTING,
  CODE,
  assertClean,
  expectOnlyIssue,
  institutionRow,
  validate,
} from './shared.js';

describe('validation rules of template v1 (template.md)', () => {
  describe('required', () => {
    it('a blank required text cell is an error on that cell', () => {
      expectOnlyIssue(INST, '单位名称', 4, null, { severity: 'error', code: 'required' }, ['未填写', '必填']);
    });

    it('white space only counts as blank', () => {
      const wb = sample();
      const at = setField(wb, INST, '单位类型', 5, ' \u3000 ');
      assertIssues(validate(wb).issues, [`error required ${INST}!${at}`]);
    });

    it('a blank 基本信息 value is an error in column B of its row', () => {
      const wb = sample();
      const row = basicRow(wb, '填报人');
      setCell(wb, BASIC, `B${row}`, '');
      const v = validate(wb);
      assertIssues(v.issues, [`error required ${BASIC}!B${row}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'required', sheet: BASIC, cell: `B${row}`, field: '填报人', value: null });
    });

    it('a missing 基本信息 label is an error naming the label', () => {
      const wb = sample();
      const rows = sheet(wb, BASIC).rows;
      rows.splice(basicRow(wb, '联系电话') - 1, 1);
      const v = validate(wb);
      assertIssues(v.issues, [`error required ${BASIC}!A1`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'required', sheet: BASIC, cell: 'A1', field: '联系电话', namesCell: false }, ['缺少项目“联系电话”']);
    });

    it('blank numeric cells of 能源资源消费 mean 0 and are no error', () => {
      const wb = sample();
      for (const h of ['电力（kWh）', '天然气（m³）', '汽油（L）', '用水量（t）']) setField(wb, CONS, h, 2, null);
      const v = assertClean(wb);
      const r = v.workbook.tables.get(CONS)!.records[0]!;
      assert.equal(r.values['electricity'], 0);
      assert.equal(r.values['water'], 0);
    });

    it('a blank credit code in 能源资源消费 is required', () => {
      const wb = sample();
      const code = getField(wb, CONS, CODE, 3);
      const at = setField(wb, CONS, CODE, 3, null);
      // The institution then has no consumption row either.
      assertIssues(validate(wb).issues, [`error required ${CONS}!${at}`, `error missing-row ${INST}!A${institutionRow(wb, code)}`]);
    });
  });

  describe('type', () => {
    it('text in a number column', () => {
      expectOnlyIssue(INST, '建筑面积（m²）', 2, '约3000平方米', { severity: 'error', code: 'type' }, ['“约3000平方米”', '不是数字']);
    });

    it('3.5 in an integer column', () => {
      expectOnlyIssue(INST, '用能人数', 2, 3.5, { severity: 'error', code: 'type' }, ['“3.5”', '不是整数']);
    });

    it('a date or TRUE in a number column', () => {
      const wb = sample();
      const a = setField(wb, CONS, '天然气（m³）', 2, new Date(Date.UTC(2026, 6, 1)));
      const b = setField(wb, CONS, '汽油（L）', 3, true);
      assertIssues(validate(wb).issues, [`error type ${CONS}!${a}`, `error type ${CONS}!${b}`]);
    });
  });

  describe('range', () => {
    it('a negative quantity', () => {
      expectOnlyIssue(CONS, '天然气（m³）', 4, -0.5, { severity: 'error', code: 'range' }, ['“-0.5”', '超出允许范围']);
    });

    it('a negative count', () => {
      const wb = sample();
      const at = setField(wb, INST, '用能人数', 3, -1);
      assertIssues(validate(wb).issues, [`error range ${INST}!${at}`]);
    });

    it('自查得分 101 (0–100; 100 is fine)', () => {
      const wb = sample();
      const at = setField(wb, FOOD, '自查得分', 2, 101);
      setField(wb, FOOD, '自查得分', 3, 100);
      setField(wb, FOOD, '自查得分', 4, 0);
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${FOOD}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'range', sheet: FOOD, cell: at, field: '自查得分', value: 101 }, ['“101”']);
    });

    it('建筑面积 0 (must be > 0)', () => {
      expectOnlyIssue(INST, '建筑面积（m²）', 2, 0, { severity: 'error', code: 'range' }, ['“0”']);
    });

    it('数量 0 and 覆盖单位数 0 (both ≥ 1); 节能（水）率 over 100', () => {
      const wb = sample();
      const a = setField(wb, EQUIP, '数量', 2, 0);
      const b = setField(wb, HOSTING, '覆盖单位数', 2, 0);
      const c = setField(wb, HOSTING, '节能（水）率（%）', 3, 100.5);
      assertIssues(validate(wb).issues, [`error range ${EQUIP}!${a}`, `error range ${HOSTING}!${b}`, `error range ${HOSTING}!${c}`]);
    });

    it('报告年度 outside 2020–2100', () => {
      const wb = sample();
      const row = basicRow(wb, '报告年度');
      setCell(wb, BASIC, `B${row}`, 2019);
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${BASIC}!B${row}`]);
      assert.equal(v.workbook.period, null);
    });

    it('单位名称 over 100 characters', () => {
      const wb = sample();
      const at = setField(wb, INST, '单位名称', 2, '局'.repeat(101));
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${INST}!${at}`]);
      assert.ok(v.issues[0]!.message.includes('101') && v.issues[0]!.message.includes('100'));
    });
  });

  describe('enum', () => {
    it('a 单位类型 outside the list, with the list in the message', () => {
      expectOnlyIssue(INST, '单位类型', 2, '医馆', { severity: 'error', code: 'enum' }, [
        '“医馆”',
        '党政机关 / 学校 / 医院 / 场馆 / 其他事业单位 / 团体组织',
      ]);
    });

    it('spaces around and inside an enum value are tolerated (“ 学校 ”)', () => {
      const wb = sample();
      setField(wb, INST, '单位类型', 2, ' 学校 ');
      setField(wb, INST, '单位类型', 3, '医\u3000院');
      const v = assertClean(wb);
      assert.equal(v.workbook.tables.get(INST)!.records[0]!.values['type'], '学校');
      assert.equal(v.workbook.tables.get(INST)!.records[1]!.values['type'], '医院');
    });

    it('full-width digits in an enum value (“２级”) are tolerated', () => {
      const wb = sample();
      setField(wb, EQUIP, '能效等级', 2, '２级');
      const v = assertClean(wb);
      assert.equal(v.workbook.tables.get(EQUIP)!.records[0]!.values['efficiencyGrade'], '2级');
    });

    it('a county outside the configured region', () => {
      const wb = sample();
      const row = basicRow(wb, '县（市、区）');
      setCell(wb, BASIC, `B${row}`, '小店区');
      const v = validate(wb);
      assertIssues(v.issues, [`error enum ${BASIC}!B${row}`]);
      assert.ok(v.issues[0]!.message.includes('泽州县'));
      assert.equal(v.workbook.county, null);
    });
  });
});

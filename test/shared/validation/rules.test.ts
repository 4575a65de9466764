/**
 * One block per rule of template.md: each test damages a valid sample (泽州县 2026Q3) in one
 * place and asserts exactly the issue(s) that appear — code, severity, sheet, cell, field, value —
 * and that the Chinese message names the cell and what is wrong.
 */
import assert from 'node:assert/strict';
import { validateWorkbook, type EngineOptions } from '../../../shared/engine.js';
import { snapshotOf, type HistorySnapshot } from '../../../shared/validation/history.js';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import {
  appendRow,
  assertIssue,
  assertIssues,
  basicRow,
  columnOf,
  creditCode,
  dataRows,
  findCell,
  findRow,
  getField,
  keys,
  letterOf,
  removeColumn,
  removeSheet,
  replaceEverywhere,
  rowValues,
  sample,
  setCell,
  setField,
  sheet,
} from '../helpers.js';

const BASIC = '基本信息';
const INST = '单位名录';
const CONS = '能源资源消费';
const CARS = '公务用车';
const PV = '光伏资源';
const EQUIP = '重点用能设备';
const FOOD = '反食品浪费自查';
const HOSTING = '托管项目';

const CODE = '统一社会信用代码';

function validate(wb: WorkbookInput, options: EngineOptions = {}) {
  return validateWorkbook(wb, options);
}

/** Asserts the workbook is valid (the base every test damages). */
function assertClean(wb: WorkbookInput, options: EngineOptions = {}): ReturnType<typeof validate> {
  const v = validate(wb, options);
  assert.deepEqual(
    v.issues.map((i) => `${i.code} ${i.sheet}!${i.cell} ${i.message}`),
    [],
  );
  assert.deepEqual(v.summary, { errors: 0, warnings: 0 });
  return v;
}

/** Sheet row of an institution in 单位名录 by credit code. */
function institutionRow(wb: WorkbookInput, code: CellValue): number {
  return findRow(wb, INST, (get) => get(CODE) === code);
}

function num(v: CellValue): number {
  assert.equal(typeof v, 'number');
  return v as number;
}

describe('validation rules of template v1 (template.md)', () => {
  it('the sample workbook the tests damage is valid', () => {
    const v = assertClean(sample());
    assert.equal(v.workbook.county?.name, '泽州县');
    assert.deepEqual(v.workbook.period, { year: 2026, quarter: 3 });
    assert.equal(v.historyUsed, false);
    assert.deepEqual(v.explained, []);
  });

  describe('sheet-missing', () => {
    for (const name of [BASIC, INST, CONS]) {
      it(`a missing required sheet ${name} is one error at A1`, () => {
        const wb = sample();
        removeSheet(wb, name);
        const v = validate(wb);
        assertIssues(v.issues, [`error sheet-missing ${name}!A1`]);
        assertIssue(v.issues[0], { severity: 'error', code: 'sheet-missing', sheet: name, cell: 'A1', field: null, value: null, namesCell: false }, [
          `缺少必需的工作表“${name}”`,
        ]);
        assert.deepEqual(v.summary, { errors: 1, warnings: 0 });
      });
    }
    for (const name of [PV, EQUIP, HOSTING, CARS]) {
      it(`a missing optional ledger ${name} is one warning`, () => {
        const wb = sample();
        removeSheet(wb, name);
        const v = validate(wb);
        assertIssues(v.issues, [`warning sheet-missing ${name}!A1`]);
        assertIssue(v.issues[0], { severity: 'warning', code: 'sheet-missing', sheet: name, cell: 'A1', field: null, namesCell: false }, [
          `缺少工作表“${name}”`,
          '选填',
        ]);
        assert.deepEqual(v.summary, { errors: 0, warnings: 1 });
      });
    }
  });

  describe('header', () => {
    it('a missing required header is ONE error on the sheet, not one per row', () => {
      const wb = sample();
      assert.ok(dataRows(wb, INST).length >= 10);
      removeColumn(wb, INST, '用能人数');
      const v = validate(wb);
      assertIssues(v.issues, [`error header ${INST}!A1`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'header', sheet: INST, cell: 'A1', field: '用能人数', value: null, namesCell: false }, [
        `工作表“${INST}”第 1 行缺少列“用能人数”`,
      ]);
    });

    it('a missing numeric header of 能源资源消费 is one error too', () => {
      const wb = sample();
      removeColumn(wb, CONS, '电力（kWh）');
      assertIssues(validate(wb).issues, [`error header ${CONS}!A1`]);
    });

    it('the 异常说明 column may be left out', () => {
      const wb = sample();
      removeColumn(wb, CONS, '异常说明');
      assertClean(wb);
    });

    it('reordered columns are still read, and issues point at the moved column', () => {
      const wb = sample();
      for (const s of wb.sheets) if (s.name !== BASIC) for (const r of sheet(wb, s.name).rows) r.reverse();
      assertClean(wb);
      const col = letterOf(wb, INST, '用能人数');
      assert.notEqual(col, 'E', 'the column really moved');
      setField(wb, INST, '用能人数', 3, -2);
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${INST}!${col}3`]);
      assert.equal(v.issues[0]!.field, '用能人数');
    });

    it('extra custom columns to the right are ignored, and so are rows filled only there', () => {
      const wb = sample();
      for (const s of wb.sheets) {
        if (s.name === BASIC) continue;
        sheet(wb, s.name).rows.forEach((r, i) => r.push(i === 0 ? '备注' : 'abc', i === 0 ? '自用（万元）' : -5));
        const width = sheet(wb, s.name).rows[0]!.length;
        const onlyCustom: CellValue[] = new Array<CellValue>(width).fill(null);
        onlyCustom[width - 1] = 'x';
        sheet(wb, s.name).rows.push(onlyCustom);
      }
      assertClean(wb);
    });

    it('full-width parentheses and digits, spaces and letter case in headers are tolerated', () => {
      const wb = sample();
      const head = sheet(wb, INST).rows[0]!;
      head[columnOf(wb, INST, '建筑面积（m²）') - 1] = ' 建筑面积（ｍ２） ';
      head[columnOf(wb, INST, '用能人数') - 1] = '用 能 人 数';
      head[columnOf(wb, INST, '配建车位数') - 1] = '配建车位数\u3000';
      const consHead = sheet(wb, CONS).rows[0]!;
      consHead[columnOf(wb, CONS, '电力（kWh）') - 1] = '电力(KWH)';
      consHead[columnOf(wb, CONS, '天然气（m³）') - 1] = '天然气 (m3)';
      const v = assertClean(wb);
      // The values under the renamed headers were read.
      const first = v.workbook.tables.get(INST)!.records[0]!;
      assert.equal(first.values['area'], getField(sample(), INST, '建筑面积（m²）', 2));
      assert.equal(first.values['staff'], getField(sample(), INST, '用能人数', 2));
      const cons = v.workbook.tables.get(CONS)!.records[0]!;
      assert.equal(cons.values['electricity'], getField(sample(), CONS, '电力（kWh）', 2));
    });

    it('a header with a wrong unit (电力（万kWh）) is reported on that header cell', () => {
      const wb = sample();
      const c = columnOf(wb, CONS, '电力（kWh）');
      const at = findCell(wb, CONS, '电力（kWh）', 1);
      sheet(wb, CONS).rows[0]![c - 1] = '电力（万kWh）';
      const v = validate(wb);
      assertIssues(v.issues, [`error header ${CONS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'header', sheet: CONS, cell: at, field: '电力（kWh）', value: '电力（万kWh）', namesCell: false }, [
        '电力（万kWh）',
        `（${at}）`,
        '模板要求“电力（kWh）”',
      ]);
    });

    it('a repeated header is a warning on the second one; the first is read', () => {
      const wb = sample();
      sheet(wb, INST).rows.forEach((r, i) => r.push(i === 0 ? '用能人数' : -5));
      const width = sheet(wb, INST).rows[0]!.length;
      const at = findCell(wb, INST, '用能人数', 1);
      const v = validate(wb);
      const second = `${String.fromCharCode(64 + width)}1`;
      assertIssues(v.issues, [`warning header ${INST}!${second}`]);
      assert.ok(v.issues[0]!.message.includes(at));
    });
  });

  describe('required', () => {
    it('a blank required text cell is an error on that cell', () => {
      const wb = sample();
      const at = setField(wb, INST, '单位名称', 4, null);
      const v = validate(wb);
      assertIssues(v.issues, [`error required ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'required', sheet: INST, cell: at, field: '单位名称', value: null }, ['未填写', '必填']);
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
      const wb = sample();
      const at = setField(wb, INST, '建筑面积（m²）', 2, '约3000平方米');
      const v = validate(wb);
      assertIssues(v.issues, [`error type ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'type', sheet: INST, cell: at, field: '建筑面积（m²）', value: '约3000平方米' }, [
        '“约3000平方米”',
        '不是数字',
      ]);
    });

    it('3.5 in an integer column', () => {
      const wb = sample();
      const at = setField(wb, INST, '用能人数', 2, 3.5);
      const v = validate(wb);
      assertIssues(v.issues, [`error type ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'type', sheet: INST, cell: at, field: '用能人数', value: 3.5 }, ['“3.5”', '不是整数']);
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
      const wb = sample();
      const at = setField(wb, CONS, '天然气（m³）', 4, -0.5);
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${CONS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'range', sheet: CONS, cell: at, field: '天然气（m³）', value: -0.5 }, ['“-0.5”', '超出允许范围']);
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
      const wb = sample();
      const at = setField(wb, INST, '建筑面积（m²）', 2, 0);
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'range', sheet: INST, cell: at, field: '建筑面积（m²）', value: 0 }, ['“0”']);
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
      const wb = sample();
      const at = setField(wb, INST, '单位类型', 2, '医馆');
      const v = validate(wb);
      assertIssues(v.issues, [`error enum ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'enum', sheet: INST, cell: at, field: '单位类型', value: '医馆' }, [
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

  describe('是/否 columns', () => {
    const forms: [CellValue, boolean][] = [
      ['是', true], ['否', false], ['Y', true], ['N', false], ['y', true], ['n', false],
      ['yes', true], ['no', false], ['YES', true], ['No', false], ['TRUE', true], ['FALSE', false],
      [true, true], [false, false], [1, true], [0, false], ['1', true], ['0', false], [' 是 ', true],
    ];
    for (const [raw, want] of forms) {
      it(`accepts ${JSON.stringify(raw)} as ${want ? '是' : '否'}`, () => {
        const wb = sample();
        setField(wb, INST, '是否中心城区', 2, raw);
        const v = assertClean(wb);
        assert.equal(v.workbook.tables.get(INST)!.records[0]!.values['centralUrban'], want);
      });
    }

    for (const raw of ['有', '无', 2, 'T']) {
      it(`rejects ${JSON.stringify(raw)}`, () => {
        const wb = sample();
        const at = setField(wb, INST, '是否中心城区', 2, raw);
        const v = validate(wb);
        assertIssues(v.issues, [`error enum ${INST}!${at}`]);
        assertIssue(v.issues[0], { severity: 'error', code: 'enum', sheet: INST, cell: at, field: '是否中心城区', value: raw }, [
          `“${String(raw)}”`,
          '是 / 否',
        ]);
      });
    }
  });

  describe('numbers as text', () => {
    const forms: [string, number][] = [
      ['1,234.5', 1234.5],
      ['１２３', 123],
      [' 12 ', 12],
      ['1,234,567', 1234567],
      ['１，２３４．５', 1234.5],
    ];
    for (const [raw, want] of forms) {
      it(`reads ${JSON.stringify(raw)} as ${want}`, () => {
        const wb = sample();
        setField(wb, CONS, '天然气（m³）', 2, raw);
        const v = assertClean(wb);
        assert.equal(v.workbook.tables.get(CONS)!.records[0]!.values['naturalGas'], want);
      });
    }

    it('integer columns read numeric text too', () => {
      const wb = sample();
      setField(wb, INST, '用水器具总数', 2, '１,２００');
      setField(wb, INST, '节水型器具数', 2, '1,100');
      const v = assertClean(wb);
      assert.equal(v.workbook.tables.get(INST)!.records[0]!.values['fixturesTotal'], 1200);
    });

    for (const raw of ['12,34', '1.2.3', '100吨', '--5']) {
      it(`rejects ${JSON.stringify(raw)}`, () => {
        const wb = sample();
        const at = setField(wb, CONS, '天然气（m³）', 2, raw);
        assertIssues(validate(wb).issues, [`error type ${CONS}!${at}`]);
      });
    }
  });

  describe('dates', () => {
    // 2026-08-01 is 20666 days after 1970-01-01, and Excel's serial of 1970-01-01 is 25569.
    const serial = Date.UTC(2026, 7, 1) / 86_400_000 + 25_569;
    it('the serial of 2026-08-01 is 46235', () => assert.equal(serial, 46235));

    const forms: [string, CellValue][] = [
      ['an Excel serial', 46235],
      ['a serial with a time part', 46235.75],
      ['a JS Date', new Date(Date.UTC(2026, 7, 1))],
      ['a JS Date with a morning time', new Date(Date.UTC(2026, 7, 1, 9, 30))],
      ['YYYY-MM-DD', '2026-08-01'],
      ['YYYY-M-D', '2026-8-1'],
      ['YYYY/M/D', '2026/8/1'],
      ['YYYY年M月D日', '2026年8月1日'],
      ['full-width digits', '２０２６年８月１日'],
    ];
    for (const [label, raw] of forms) {
      it(`accepts ${label}`, () => {
        const wb = sample();
        const row = findRow(wb, FOOD, () => true);
        setField(wb, FOOD, '自查日期', row, raw);
        const v = assertClean(wb);
        assert.equal(v.workbook.tables.get(FOOD)!.records[0]!.values['checkDate'], '2026-08-01');
      });
    }

    it('rejects 2026-02-30 (no such day)', () => {
      const wb = sample();
      const at = setField(wb, CARS, '购置日期', 2, '2026-02-30');
      const v = validate(wb);
      assertIssues(v.issues, [`error format ${CARS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'format', sheet: CARS, cell: at, field: '购置日期', value: '2026-02-30' }, [
        '“2026-02-30”',
        '不是有效日期',
      ]);
    });

    it('rejects 2026/13/1 and 2026年2月29日 (not a leap year)', () => {
      const wb = sample();
      const a = setField(wb, CARS, '购置日期', 2, '2026/13/1');
      const b = setField(wb, CARS, '购置日期', 3, '2026年2月29日');
      assertIssues(validate(wb).issues, [`error format ${CARS}!${a}`, `error format ${CARS}!${b}`]);
    });

    it('rejects an invalid JS Date', () => {
      const wb = sample();
      const at = setField(wb, CARS, '购置日期', 2, new Date(Number.NaN));
      assertIssues(validate(wb).issues, [`error type ${CARS}!${at}`]);
    });

    it('rejects Excel serial 60 (the 1900-02-29 that never was)', () => {
      const wb = sample();
      const at = setField(wb, HOSTING, '签约日期', 2, 60);
      assertIssues(validate(wb).issues, [`error type ${HOSTING}!${at}`]);
    });
  });

  describe('format', () => {
    it('a phone number that is neither mobile nor landline', () => {
      const wb = sample();
      const row = basicRow(wb, '联系电话');
      setCell(wb, BASIC, `B${row}`, '12345');
      const v = validate(wb);
      assertIssues(v.issues, [`error format ${BASIC}!B${row}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'format', sheet: BASIC, cell: `B${row}`, field: '联系电话', value: '12345' }, ['“12345”', '格式不正确']);
    });

    for (const phone of ['13812345678', 13912345678, '0356-2020123', '03562020123', '010-12345678']) {
      it(`accepts the phone ${phone}`, () => {
        const wb = sample();
        setCell(wb, BASIC, `B${basicRow(wb, '联系电话')}`, phone);
        assertClean(wb);
      });
    }

    for (const phone of ['12812345678', '1381234567', '356-2020123']) {
      it(`rejects the phone ${phone}`, () => {
        const wb = sample();
        const row = basicRow(wb, '联系电话');
        setCell(wb, BASIC, `B${row}`, phone);
        assertIssues(validate(wb).issues, [`error format ${BASIC}!B${row}`]);
      });
    }

    it('a plate that is not a Chinese plate', () => {
      const wb = sample();
      const at = setField(wb, CARS, '车牌号', 2, '晋E1234');
      const v = validate(wb);
      assertIssues(v.issues, [`error format ${CARS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'format', sheet: CARS, cell: at, field: '车牌号', value: '晋E1234' }, ['“晋E1234”']);
    });

    it('plates with separators and new-energy plates are accepted', () => {
      const wb = sample();
      const nev = findRow(wb, CARS, (get) => get('是否新能源') === '是');
      setField(wb, CARS, '车牌号', nev, '晋E·D12345');
      const fossil = findRow(wb, CARS, (get) => get('是否新能源') === '否');
      setField(wb, CARS, '车牌号', fossil, '晋E 12345');
      assertClean(wb);
    });

    it('a division code that is not 6 digits', () => {
      const wb = sample();
      const row = basicRow(wb, '行政区划代码');
      setCell(wb, BASIC, `B${row}`, '14052');
      const v = validate(wb);
      assertIssues(v.issues, [`error format ${BASIC}!B${row}`]);
      assert.equal(v.issues[0]!.field, '行政区划代码');
    });

    it('a credit code with a character outside the GB 32100 charset (I)', () => {
      const wb = sample();
      const code = getField(wb, CONS, CODE, 2) as string;
      const at = setField(wb, CONS, CODE, 2, `${code.slice(0, 10)}I${code.slice(11)}`);
      assertIssues(validate(wb).issues, [`error format ${CONS}!${at}`, `error missing-row ${INST}!A${institutionRow(wb, code)}`]);
    });
  });

  describe('checksum', () => {
    it('a wrong 18th character in 能源资源消费 names the expected check character', () => {
      const wb = sample();
      const code = getField(wb, CONS, CODE, 3) as string;
      const expected = code[17]!;
      const wrong = expected === '0' ? '1' : '0';
      const bad = code.slice(0, 17) + wrong;
      const at = setField(wb, CONS, CODE, 3, bad);
      const v = validate(wb);
      // The institution's row then has no consumption row either.
      assertIssues(v.issues, [`error checksum ${CONS}!${at}`, `error missing-row ${INST}!A${institutionRow(wb, code)}`]);
      const checksum = v.issues.find((i) => i.code === 'checksum');
      assertIssue(checksum, { severity: 'error', code: 'checksum', sheet: CONS, cell: at, field: CODE, value: bad }, [
        `“${bad}”`,
        `第 18 位应为“${expected}”`,
        `实际为“${wrong}”`,
      ]);
    });

    it('a wrong check character in 单位名录 also orphans the rows that refer to it', () => {
      const wb = sample();
      const row = dataRows(wb, INST).at(-1)!;
      const code = getField(wb, INST, CODE, row) as string;
      const bad = code.slice(0, 17) + (code[17] === 'Y' ? 'X' : 'Y');
      const at = setField(wb, INST, CODE, row, bad);
      const refs: string[] = [];
      for (const s of [CONS, CARS, PV, EQUIP, FOOD]) {
        for (const r of dataRows(wb, s)) if (getField(wb, s, CODE, r) === code) refs.push(`error unknown-ref ${s}!${findCell(wb, s, CODE, r)}`);
      }
      assert.ok(refs.length >= 1);
      assertIssues(validate(wb).issues, [`error checksum ${INST}!${at}`, ...refs]);
    });

    it('lower-case and full-width credit codes are normalised before the check', () => {
      const wb = sample();
      const code = getField(wb, CONS, CODE, 2) as string;
      setField(wb, CONS, CODE, 2, code.toLowerCase());
      setField(wb, INST, CODE, institutionRow(wb, code), ` ${code.normalize('NFKC').replace(/[0-9A-Z]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `);
      // Other sheets still use the plain code and still match.
      assertClean(wb);
    });
  });

  describe('duplicate', () => {
    it('a second consumption row for one institution', () => {
      const wb = sample();
      const row = appendRow(wb, CONS, rowValues(wb, CONS, 2));
      const v = validate(wb);
      const at = findCell(wb, CONS, CODE, row);
      assertIssues(v.issues, [`error duplicate ${CONS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'duplicate', sheet: CONS, cell: at, field: CODE, value: getField(wb, CONS, CODE, 2) as string }, [
        '与第 2 行重复',
      ]);
    });

    it('a credit code registered twice in 单位名录', () => {
      const wb = sample();
      const values = rowValues(wb, INST, 3);
      values['单位名称'] = '泽州县另一个单位';
      const row = appendRow(wb, INST, values);
      assertIssues(validate(wb).issues, [`error duplicate ${INST}!${findCell(wb, INST, CODE, row)}`]);
    });

    it('one plate twice, written with and without separators', () => {
      const wb = sample();
      const plate = getField(wb, CARS, '车牌号', 2) as string;
      const values = rowValues(wb, CARS, 2);
      values['车牌号'] = `${plate.slice(0, 2)}·${plate.slice(2)}`;
      const row = appendRow(wb, CARS, values);
      const v = validate(wb);
      const at = findCell(wb, CARS, '车牌号', row);
      assertIssues(v.issues, [`error duplicate ${CARS}!${at}`]);
      assert.ok(v.issues[0]!.message.includes('第 2 行'));
    });

    it('a project name twice in 托管项目', () => {
      const wb = sample();
      const row = appendRow(wb, HOSTING, rowValues(wb, HOSTING, 2));
      assertIssues(validate(wb).issues, [`error duplicate ${HOSTING}!${findCell(wb, HOSTING, '项目名称', row)}`]);
    });
  });

  describe('unknown-ref', () => {
    it('a vehicle of an institution that is not in 单位名录', () => {
      const wb = sample();
      const stranger = creditCode('12140525MB0000000');
      assert.ok(!dataRows(wb, INST).some((r) => getField(wb, INST, CODE, r) === stranger));
      const values = rowValues(wb, CARS, 2);
      values[CODE] = stranger;
      values['车牌号'] = '晋E·D99999';
      const row = appendRow(wb, CARS, values);
      const v = validate(wb);
      const at = findCell(wb, CARS, CODE, row);
      assertIssues(v.issues, [`error unknown-ref ${CARS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'unknown-ref', sheet: CARS, cell: at, field: CODE, value: stranger }, [
        `“${stranger}”`,
        '“单位名录”中不存在',
      ]);
    });

    for (const s of [PV, EQUIP, FOOD]) {
      it(`also in ${s}`, () => {
        const wb = sample();
        const row = dataRows(wb, s)[0]!;
        const values = rowValues(wb, s, row);
        values[CODE] = creditCode('12140525MB0000000');
        const added = appendRow(wb, s, values);
        const v = validate(wb);
        assert.ok(keys(v.issues).includes(`error unknown-ref ${s}!${findCell(wb, s, CODE, added)}`));
        assert.ok(v.issues.every((i) => i.code === 'unknown-ref' || i.code === 'duplicate'));
      });
    }
  });

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

  describe('cross-field', () => {
    it('节水型器具数 > 用水器具总数 is an error', () => {
      const wb = sample();
      const total = num(getField(wb, INST, '用水器具总数', 2));
      const at = setField(wb, INST, '节水型器具数', 2, total + 1);
      const v = validate(wb);
      assertIssues(v.issues, [`error cross-field ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'cross-field', sheet: INST, cell: at, field: '节水型器具数', value: total + 1 }, [
        `${total + 1}`,
        `「用水器具总数」的 ${total}`,
      ]);
    });

    it('节水型器具数 = 用水器具总数 is fine', () => {
      const wb = sample();
      setField(wb, INST, '节水型器具数', 2, getField(wb, INST, '用水器具总数', 2));
      assertClean(wb);
    });

    it('充电桩数 > 配建车位数 is a warning', () => {
      const wb = sample();
      const spaces = num(getField(wb, INST, '配建车位数', 2));
      const at = setField(wb, INST, '充电桩数', 2, spaces + 1);
      const v = validate(wb);
      assertIssues(v.issues, [`warning cross-field ${INST}!${at}`]);
      assertIssue(v.issues[0], { severity: 'warning', code: 'cross-field', sheet: INST, cell: at, field: '充电桩数', value: spaces + 1 }, [
        `「配建车位数」的 ${spaces}`,
      ]);
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
      const at = setField(wb, CONS, '燃煤（t）', row, 1.5);
      const v = validate(wb);
      assertIssues(v.issues, [`error cross-field ${CONS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'cross-field', sheet: CONS, cell: at, field: '燃煤（t）', value: 1.5 }, [
        '燃煤 1.5 吨',
        '“是否使用燃煤”为“否”',
      ]);
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
      const at = setField(wb, CARS, '能源类型', row, '汽油');
      const v = validate(wb);
      assertIssues(v.issues, [`error cross-field ${CARS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'cross-field', sheet: CARS, cell: at, field: '能源类型', value: '汽油' }, [
        '“汽油”',
        '“是否新能源”=“是”',
      ]);
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
      const wb = sample();
      const at = setField(wb, CARS, '购置日期', 2, '2025-12-31');
      const v = validate(wb);
      assertIssues(v.issues, [`error period ${CARS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'period', sheet: CARS, cell: at, field: '购置日期', value: '2025-12-31' }, [
        '“2025-12-31”',
        '2026 年',
      ]);
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

  describe('region', () => {
    it('a credit code whose chars 3–6 are not 1405 is a warning', () => {
      const wb = sample();
      const row = dataRows(wb, INST).at(-1)!;
      const old = getField(wb, INST, CODE, row) as string;
      // Same code registered in 太原 (140105), with its own valid check character.
      const moved = creditCode(`${old.slice(0, 2)}140105${old.slice(8, 17)}`);
      assert.ok(replaceEverywhere(wb, old, moved) >= 2);
      const v = validate(wb);
      assertIssues(v.issues, [`warning region ${INST}!A${row}`]);
      assertIssue(v.issues[0], { severity: 'warning', code: 'region', sheet: INST, cell: `A${row}`, field: CODE, value: moved }, [
        `“${moved}”`,
        '140105',
        '1405',
      ]);
    });

    it('a code of another county of the same city (1405xx) is no warning', () => {
      const wb = sample();
      const row = dataRows(wb, INST).at(-1)!;
      const old = getField(wb, INST, CODE, row) as string;
      replaceEverywhere(wb, old, creditCode(`${old.slice(0, 2)}140581${old.slice(8, 17)}`));
      assertClean(wb);
    });
  });

  describe('投用年份', () => {
    it('after the report year is a range error naming the report year', () => {
      const wb = sample();
      const at = setField(wb, EQUIP, '投用年份', 2, 2027);
      const v = validate(wb);
      assertIssues(v.issues, [`error range ${EQUIP}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'range', sheet: EQUIP, cell: at, field: '投用年份', value: 2027 }, ['“2027”', '2026']);
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

  describe('报告季度', () => {
    for (const form of ['三', 'Q3', 'q3', '第三季度', '第3季度', '３', '3', 3] as CellValue[]) {
      it(`reads ${JSON.stringify(form)} as quarter 3`, () => {
        const wb = sample();
        setCell(wb, BASIC, `B${basicRow(wb, '报告季度')}`, form);
        const v = assertClean(wb);
        assert.deepEqual(v.workbook.period, { year: 2026, quarter: 3 });
      });
    }

    it('reads 二 as quarter 2 (and then Q3 self-checks are outside the quarter)', () => {
      const wb = sample();
      setCell(wb, BASIC, `B${basicRow(wb, '报告季度')}`, '二');
      const v = validate(wb);
      assert.deepEqual(v.workbook.period, { year: 2026, quarter: 2 });
      assert.ok(v.issues.some((i) => i.code === 'period' && i.sheet === FOOD));
    });

    for (const [form, code] of [
      [5, 'range'],
      ['五', 'enum'],
      ['第五季度', 'enum'],
      [2.5, 'enum'],
    ] as const) {
      it(`rejects ${JSON.stringify(form)}`, () => {
        const wb = sample();
        const row = basicRow(wb, '报告季度');
        setCell(wb, BASIC, `B${row}`, form);
        const v = validate(wb);
        assertIssues(v.issues, [`error ${code} ${BASIC}!B${row}`]);
        assert.equal(v.workbook.period, null);
      });
    }
  });

  describe('blank rows', () => {
    it('are skipped, whether missing, empty or white space only', () => {
      const wb = sample();
      const rows = sheet(wb, INST).rows;
      const width = rows[0]!.length;
      rows.splice(3, 0, [], new Array<CellValue>(width).fill(null), new Array<CellValue>(width).fill('  '));
      const cons = sheet(wb, CONS).rows;
      cons.splice(2, 0, new Array<CellValue>(cons[0]!.length).fill(''));
      cons.push([]);
      const v = assertClean(wb);
      assert.equal(v.workbook.tables.get(INST)!.records.length, dataRows(sample(), INST).length);
    });

    it('shift the addresses of the rows below them', () => {
      const wb = sample();
      sheet(wb, INST).rows.splice(2, 0, []);
      // Former row 3 is now row 4.
      const at = setField(wb, INST, '用能人数', 4, -1);
      assert.ok(at.endsWith('4'));
      assertIssues(validate(wb).issues, [`error range ${INST}!${at}`]);
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
      const at = setField(wb, CONS, '电力（kWh）', row, area * 61);
      const v = validate(wb);
      assertIssues(v.issues, [`warning outlier ${CONS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'warning', code: 'outlier', sheet: CONS, cell: at, field: '电力（kWh）', value: area * 61 }, [
        '61 kWh/m²',
        '60 kWh/m²',
        '异常说明',
      ]);
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
      const at = setField(wb, CONS, '用水量（t）', row, staff * 31);
      const v = validate(wb);
      assertIssues(v.issues, [`warning outlier ${CONS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'warning', code: 'outlier', sheet: CONS, cell: at, field: '用水量（t）', value: staff * 31 }, [
        '人均用水 31 吨',
        '30 吨',
      ]);
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


/**
 * Accepted and rejected value forms: 是/否, numbers as text, dates, format (phone, plate, division code, credit-code charset) and 报告季度.
 * Each test damages the valid sample in one place; see ./shared.ts.
 */
import assert from 'node:assert/strict';
import type { CellValue } from '../../../../shared/table/sheet.js';
import {
  assertIssue,
  assertIssues,
  basicRow,
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
  FOOD,
  HOSTING,
  CODE,
  assertClean,
  expectOnlyIssue,
  institutionRow,
  validate,
} from './shared.js';

describe('validation rules of template v1 (template.md)', () => {
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

    // 有/无, √/× and 对/错 are accepted too (test/shared/validation/office-forms.test.ts).
    for (const raw of ['有的', '无效', 2, 'T']) {
      it(`rejects ${JSON.stringify(raw)}`, () => {
        expectOnlyIssue(INST, '是否中心城区', 2, raw, { severity: 'error', code: 'enum' }, [`“${String(raw)}”`, '是 / 否']);
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
      expectOnlyIssue(CARS, '购置日期', 2, '2026-02-30', { severity: 'error', code: 'format' }, ['“2026-02-30”', '不是有效日期']);
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
      expectOnlyIssue(CARS, '车牌号', 2, '晋E1234', { severity: 'error', code: 'format' }, ['“晋E1234”']);
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
});

/**
 * Structure rules: the sample itself, sheet-missing, headers (names, units, order, extra and repeated columns) and blank rows.
 * Each test damages the valid sample in one place; see ./shared.ts.
 */
import assert from 'node:assert/strict';
import type { CellValue } from '../../../../shared/table/sheet.js';
import {
  assertIssue,
  assertIssues,
  columnOf,
  dataRows,
  findCell,
  getField,
  letterOf,
  removeColumn,
  removeSheet,
  sample,
  setField,
  sheet,
} from '../../helpers.js';
import {
  BASIC,
  INST,
  CONS,
  CARS,
  PV,
  EQUIP,
  HOSTING,
  assertClean,
  validate,
} from './shared.js';

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
});

describe('a title row above the header row', () => {
  it('is one header error that says where the headers are, not one per column', () => {
    const wb = sample();
    const sheet = wb.sheets.find((s) => s.name === INST)!;
    sheet.rows = [['泽州县2026年第三季度公共机构名录'], [], ...sheet.rows];
    const v = validate(wb);
    const onSheet = v.issues.filter((i) => i.sheet === INST);
    assert.equal(onSheet.length, 1, onSheet.map((i) => i.message).join('\n'));
    assert.deepEqual([onSheet[0]!.code, onSheet[0]!.severity, onSheet[0]!.cell, onSheet[0]!.value], ['header', 'error', 'A1', '泽州县2026年第三季度公共机构名录']);
    assert.match(onSheet[0]!.message, /列标题在第 3 行.*请删除第 1–2 行/u);
  });
});

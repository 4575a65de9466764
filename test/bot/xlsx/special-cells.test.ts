/**
 * Cells whose value cannot be read as typed, in real .xlsx files written by exceljs (not by our
 * writer): formulas with cached error results, formulas with no cached result, merged areas and
 * percent number formats (issue 8, items 1, 2, 8 and 10). The same cases as the add-in hands
 * them over are in test/shared/validation/special-cells.test.ts.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Workbook } from 'exceljs';
import JSZip from 'jszip';
import ExcelJS from '../../../bot/xlsx/exceljs.js';
import { readXlsxBuffer, readXlsxFile } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { analyzeWorkbook, type Analysis } from '../../../shared/engine.js';
import type { WorkbookInput } from '../../../shared/table/sheet.js';
import { appendRow, assertIssue, assertIssues, basicRow, findCell, rowValues, sample, setField } from '../../shared/helpers.js';

const DIR = '单位名录';
const USE = '能源资源消费';
const HOST = '托管项目';
const RATE = '节能（水）率（%）';

/** The sample written by our writer, changed with exceljs's full workbook API, saved by exceljs. */
async function edited(input: WorkbookInput, edit: (wb: Workbook) => void, patch?: (xml: string) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsxBuffer(input)) as never);
  edit(wb);
  let data: Buffer = Buffer.from(await wb.xlsx.writeBuffer());
  if (patch) {
    const zip = await JSZip.loadAsync(data);
    for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/u.test(p))) {
      zip.file(path, patch(await zip.file(path)!.async('string')));
    }
    data = await zip.generateAsync({ type: 'nodebuffer' });
  }
  return data;
}

async function analyze(data: Buffer): Promise<Analysis> {
  return analyzeWorkbook(await readXlsxBuffer(data));
}

const indicator = (a: Analysis, id: string): number | null => a.indicators.find((i) => i.id === id)!.value;

describe('bot/xlsx: cells whose value cannot be read as typed (issue 8)', () => {
  describe('Excel error values (item 1)', () => {
    it('a formula whose cached result is #DIV/0! or #N/A is an error naming it, and 综合能耗 does not use it', async () => {
      const input = sample();
      const power = findCell(input, USE, '电力（kWh）', 2);
      const gas = findCell(input, USE, '天然气（m³）', 3);
      const data = await edited(input, (wb) => {
        const ws = wb.getWorksheet(USE)!;
        ws.getCell(power).value = { formula: 'A1/0', result: { error: '#DIV/0!' } } as never;
        ws.getCell(gas).value = { formula: 'VLOOKUP(A3,单位名录!A:B,9,FALSE)', result: { error: '#N/A' } } as never;
      });
      const a = await analyze(data);
      assertIssues(a.issues, [`error type ${USE}!${power}`, `error type ${USE}!${gas}`]);
      assertIssue(a.issues.find((i) => i.cell === power), { severity: 'error', code: 'type', sheet: USE, cell: power, field: '电力（kWh）', value: '#DIV/0!' }, ['#DIV/0!', '除数为 0']);
      assertIssue(a.issues.find((i) => i.cell === gas), { severity: 'error', code: 'type', sheet: USE, cell: gas, field: '天然气（m³）', value: '#N/A' }, ['#N/A', '查找不到']);
      // The values are not used: 综合能耗 is what it is with both cells empty.
      const without = sample();
      setField(without, USE, '电力（kWh）', 2, null);
      setField(without, USE, '天然气（m³）', 3, null);
      assert.equal(indicator(a, 'energy.total_tce'), indicator(analyzeWorkbook(without), 'energy.total_tce'));
    });

    it('any error value, typed or computed, in required, optional, text and 基本信息 fields', async () => {
      const input = sample();
      const name = findCell(input, DIR, '单位名称', 3);
      const chargers = findCell(input, DIR, '充电桩数', 4);
      const rate = findCell(input, HOST, RATE, 2);
      const phone = `B${basicRow(input, '联系电话')}`;
      const data = await edited(input, (wb) => {
        wb.getWorksheet(DIR)!.getCell(name).value = { error: '#REF!' } as never;
        wb.getWorksheet(DIR)!.getCell(chargers).value = { formula: 'SUMM(H4)', result: { error: '#NAME?' } } as never;
        wb.getWorksheet(HOST)!.getCell(rate).value = { formula: 'SQRT(-1)', result: { error: '#NUM!' } } as never;
        wb.getWorksheet('基本信息')!.getCell(phone).value = { error: '#VALUE!' } as never;
      });
      const a = await analyze(data);
      assertIssues(a.issues, [`error type ${DIR}!${name}`, `error type ${DIR}!${chargers}`, `error type ${HOST}!${rate}`, `error type 基本信息!${phone}`]);
      const says = (cell: string, parts: string[]): void => assert.ok(parts.every((p) => a.issues.find((i) => i.cell === cell)!.message.includes(p)), cell);
      says(name, ['#REF!', '被删除']);
      says(chargers, ['#NAME?', '拼写']);
      says(rate, ['#NUM!']);
      says(phone, ['#VALUE!']);
    });
  });

  describe('formulas without a cached value (item 2)', () => {
    it('says 公式尚未计算 on a required cell and on a cell where blank means 0, neither read as blank or 0', async () => {
      const input = sample();
      const people = findCell(input, DIR, '用能人数', 2);
      const power = findCell(input, USE, '电力（kWh）', 3);
      const data = await edited(input, (wb) => {
        wb.getWorksheet(DIR)!.getCell(people).value = { formula: 'SUM(E3:E4)' } as never;
        wb.getWorksheet(USE)!.getCell(power).value = { formula: 'B2*2' } as never;
      });
      const parts = await Promise.all((await JSZip.loadAsync(data)).file(/sheet\d+\.xml$/u).map((f) => f.async('string')));
      assert.ok(parts.some((xml) => xml.includes('<f>SUM(E3:E4)</f></c>')), 'the file holds the formula and no result');
      const a = await analyze(data);
      assertIssues(a.issues, [`error type ${DIR}!${people}`, `error type ${USE}!${power}`]);
      for (const [sheet, cell, field] of [[DIR, people, '用能人数'], [USE, power, '电力（kWh）']] as const) {
        assertIssue(a.issues.find((i) => i.cell === cell && i.sheet === sheet), { severity: 'error', code: 'type', sheet, cell, field, value: null }, ['公式尚未计算：请在 Excel 或 WPS 中打开并保存后再校验']);
      }
    });

    it('an empty cached value (<v/>, as openpyxl writes formulas) is uncalculated too', async () => {
      const input = sample();
      const power = findCell(input, USE, '电力（kWh）', 4);
      const data = await edited(
        input,
        (wb) => {
          wb.getWorksheet(USE)!.getCell(power).value = { formula: 'B2+B3', result: 424242 } as never;
        },
        (xml) => xml.replace('<f>B2+B3</f><v>424242</v>', '<f>B2+B3</f><v/>'),
      );
      const a = await analyze(data);
      assertIssues(a.issues, [`error type ${USE}!${power}`]);
      assert.match(a.issues[0]!.message, /公式尚未计算/u);
    });

    it('a formula whose cached result is 0, "" or FALSE keeps that result (exceljs drops falsy results)', async () => {
      const input = sample();
      const people = findCell(input, DIR, '用能人数', 5);
      const data = await edited(input, (wb) => {
        wb.getWorksheet(DIR)!.getCell(people).value = { formula: 'E6*0', result: 0 } as never;
      });
      const back = await readXlsxBuffer(data);
      assert.equal(back.sheets.find((s) => s.name === DIR)!.rows[4]![4], 0);
      const a = analyzeWorkbook(back);
      assert.deepEqual(a.issues.filter((i) => i.sheet === DIR && i.cell === people), []);
    });
  });

  describe('merged cells (item 8)', () => {
    it('one error per merged area, at its top-left cell, instead of 未填写 on each covered cell', async () => {
      const input = sample();
      const kind = findCell(input, DIR, '单位类型', 2).replace(/\d+$/u, '');
      const power = findCell(input, USE, '电力（kWh）', 5).replace(/\d+$/u, '');
      const data = await edited(input, (wb) => {
        wb.getWorksheet(DIR)!.mergeCells(`${kind}2:${kind}4`); // required: today two 未填写
        wb.getWorksheet(USE)!.mergeCells(`${power}5:${power}7`); // blank = 0: today silently 0
      });
      const a = await analyze(data);
      assertIssues(a.issues, [`error format ${DIR}!${kind}2`, `error format ${USE}!${power}5`]);
      assertIssue(a.issues[0], { severity: 'error', code: 'format', sheet: DIR, cell: `${kind}2`, field: '单位类型' }, [`${kind}2:${kind}4`, '合并单元格：请取消合并并在每个单元格填写']);
      assertIssue(a.issues[1], { severity: 'error', code: 'format', sheet: USE, cell: `${power}5`, field: '电力（kWh）' }, [`${power}5:${power}7`, '合并单元格：请取消合并并在每个单元格填写']);
    });

    it('in 基本信息 too; a merge that covers no cell the engine reads is not reported', async () => {
      const input = sample();
      const code = basicRow(input, '行政区划代码');
      const year = basicRow(input, '报告年度');
      const data = await edited(input, (wb) => {
        const basic = wb.getWorksheet('基本信息')!;
        basic.mergeCells(`B${code}:C${code}`); // value and an unread cell: nothing lost
        basic.mergeCells(`B${year}:B${year + 1}`); // hides 报告季度
        wb.getWorksheet(DIR)!.mergeCells('Z2:Z6'); // beyond the table
      });
      const a = await analyze(data);
      assertIssues(a.issues, [`error format 基本信息!B${year}`]);
      assert.match(a.issues[0]!.message, new RegExp(`B${year}:B${year + 1} 是合并单元格`, 'u'));
    });
  });

  it('a workbook saved by LibreOffice Calc: computed errors, a merged area and a percent cell', async () => {
    // test/fixtures/README.md says how it was made.
    const file = fileURLToPath(new URL('../../fixtures/libreoffice-陵川县-2026Q2-special-cells.xlsx', import.meta.url));
    const a = analyzeWorkbook(await readXlsxFile(file));
    assertIssues(a.issues, [`error type ${USE}!B2`, `error type ${USE}!D3`, `error format ${DIR}!C3`]);
    assert.deepEqual(
      a.issues.map((i) => i.value),
      ['党政机关', '#DIV/0!', '#N/A'],
    );
    assert.deepEqual(a.workbook.tables.get(HOST)!.records.map((r) => r.values['savingRate']), [9.7, 6.9]);
  });

  describe('percent cells (item 10)', () => {
    it('a percent-formatted 0.097 in a % field reads as 9.7; text "9.2%" and "9.2％" as 9.2', async () => {
      const input = sample();
      const base = rowValues(input, HOST, 2);
      const rows = [2, 3, appendRow(input, HOST, { ...base, 项目名称: '泽州县合同节水项目（补录一）' }), appendRow(input, HOST, { ...base, 项目名称: '泽州县合同节水项目（补录二）' })];
      const cells = rows.map((r) => findCell(input, HOST, RATE, r));
      const data = await edited(input, (wb) => {
        const ws = wb.getWorksheet(HOST)!;
        ws.getCell(cells[0]!).value = 0.097;
        ws.getCell(cells[0]!).numFmt = '0.0%';
        ws.getCell(cells[1]!).value = '9.2%';
        ws.getCell(cells[2]!).value = '9.2％';
        ws.getCell(cells[3]!).value = 6.5;
        ws.getCell(cells[3]!).numFmt = '0.0"%"'; // a quoted % is only text: shows 6.5%
      });
      const a = await analyze(data);
      assert.deepEqual(a.issues, []);
      const records = a.workbook.tables.get(HOST)!.records;
      assert.deepEqual(
        rows.map((r) => records.find((x) => x.row === r)!.values['savingRate']),
        [9.7, 9.2, 9.2, 6.5],
      );
    });

    it('a percent-formatted value above 100 % is out of range, shown as the user sees it', async () => {
      const input = sample();
      const cell = findCell(input, HOST, RATE, 2);
      const data = await edited(input, (wb) => {
        const ws = wb.getWorksheet(HOST)!;
        ws.getCell(cell).value = 1.5;
        ws.getCell(cell).numFmt = '0%';
      });
      const a = await analyze(data);
      assertIssues(a.issues, [`error range ${HOST}!${cell}`]);
      assertIssue(a.issues[0], { severity: 'error', code: 'range', sheet: HOST, cell, field: RATE, value: '150%' }, ['“150%”']);
    });
  });
});

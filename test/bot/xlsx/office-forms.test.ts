/**
 * Issue 8, items 14 and 15 on the .xlsx path: sample workbooks written to real .xlsx files (our
 * writer, then edited and saved again by exceljs as a second tool), read back by the bot's reader.
 * Dates arrive as text, as Excel dates and as Excel date-times; a totals row holds SUM formulas
 * with their cached results, as Excel saves them. The add-in path has its twins in
 * test/shared/validation/office-forms.test.ts and long-values.test.ts.
 */
import assert from 'node:assert/strict';
import type * as X from 'exceljs';
import ExcelJS from '../../../bot/xlsx/exceljs.js';
import { readXlsxBuffer } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { analyzeWorkbook, validateWorkbook } from '../../../shared/engine.js';
import { validateJson } from '../../../shared/report/json.js';
import { ECHO_LIMIT } from '../../../shared/table/sheet.js';
import type { WorkbookInput } from '../../../shared/table/sheet.js';
import { basicRow, columnOf, dataRows, findCell, findRow, getField, sample, setCell, setField, sheet } from '../../shared/helpers.js';

const INST = '单位名录';
const CONS = '能源资源消费';
const FOOD = '反食品浪费自查';
const CARS = '公务用车';
const PV = '光伏资源';
const BASIC = '基本信息';

/** Writes with our writer, lets exceljs edit the file as a second tool, and reads it back. */
async function roundTrip(wb: WorkbookInput, edit?: (book: X.Workbook) => void): Promise<WorkbookInput> {
  let buffer = await xlsxBuffer(wb);
  if (edit) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as never);
    edit(book);
    buffer = Buffer.from(await book.xlsx.writeBuffer());
  }
  return readXlsxBuffer(buffer);
}

function lines(v: ReturnType<typeof validateWorkbook>): string[] {
  return v.issues.map((i) => `${i.severity} ${i.code} ${i.sheet}!${i.cell} ${i.message}`);
}

describe('.xlsx files with the forms offices write (items 14 and 15)', () => {
  it('dates as text (2026.8.1, 20260801, 2026年8月1日 10:30), as an 8-digit number and as Excel date-times', async () => {
    const wb = sample();
    const food = dataRows(wb, FOOD);
    assert.ok(food.length >= 3, 'the sample has three self-checks');
    setField(wb, FOOD, '自查日期', food[0]!, '2026.8.1');
    setField(wb, FOOD, '自查日期', food[1]!, 20260802);
    setField(wb, FOOD, '自查日期', food[2]!, new Date(Date.UTC(2026, 7, 3, 17, 45))); // written as a serial with a fraction
    const car = dataRows(wb, CARS)[0]!;
    setField(wb, CARS, '购置日期', car, '2026年8月1日 10:30');
    const filled = `B${basicRow(wb, '填报日期')}`;
    const read = await roundTrip(wb, (book) => {
      // exceljs as a second tool: a date-time cell with its own number format, and a text date-time.
      const cell = book.getWorksheet(BASIC)!.getCell(filled);
      cell.value = new Date(Date.UTC(2026, 9, 9, 9, 30));
      cell.numFmt = 'yyyy/m/d h:mm';
      book.getWorksheet(CARS)!.getCell(findCell(wb, CARS, '购置日期', car + 1)).value = '2026-08-02 08:00';
    });
    assert.ok(getField(read, FOOD, '自查日期', food[2]!) instanceof Date, 'the reader gives the date-time as a Date');
    // In the template's date-formatted column the reader turns 20260802 into a Date in the year 57372.
    assert.ok(getField(read, FOOD, '自查日期', food[1]!) instanceof Date, 'the 8-digit number comes as a Date');
    const v = validateWorkbook(read);
    assert.deepEqual(lines(v), []);
    const foodRecords = v.workbook.tables.get(FOOD)!.records;
    assert.deepEqual(food.slice(0, 3).map((r) => foodRecords.find((x) => x.row === r)!.values['checkDate']), ['2026-08-01', '2026-08-02', '2026-08-03']);
    const cars = v.workbook.tables.get(CARS)!.records;
    assert.equal(cars.find((x) => x.row === car)!.values['purchaseDate'], '2026-08-01');
    assert.equal(cars.find((x) => x.row === car + 1)!.values['purchaseDate'], '2026-08-02');
    assert.equal(v.workbook.basic.values['filledDate'], '2026-10-09');
  });

  it('2026.9.31 is refused, naming the day that does not exist', async () => {
    const wb = sample();
    const row = dataRows(wb, FOOD)[0]!;
    const at = setField(wb, FOOD, '自查日期', row, '2026.9.31');
    const v = validateWorkbook(await roundTrip(wb));
    const issue = v.issues.find((i) => i.sheet === FOOD && i.cell === at)!;
    assert.equal(issue.code, 'format');
    assert.match(issue.message, /2026 年 9 月没有 31 日/u);
  });

  it('date-times with Z, +08:00, 下午 and PM are their day; a two-digit year is refused with the 20xx suggestion', async () => {
    const wb = sample();
    const food = dataRows(wb, FOOD);
    const forms = ['2026-08-01T10:00:00Z', '2026-08-02T10:00:00+08:00', '2026/8/3 下午3:05'];
    forms.forEach((f, i) => setField(wb, FOOD, '自查日期', food[i]!, f));
    const car = dataRows(wb, CARS)[0]!;
    const at = setField(wb, CARS, '购置日期', car, '26.8.1');
    const v = validateWorkbook(await roundTrip(wb, (book) => {
      book.getWorksheet(CARS)!.getCell(findCell(wb, CARS, '购置日期', dataRows(wb, CARS)[1]!)).value = '2026-08-02 9:00 PM';
    }));
    assert.deepEqual(lines(v).filter((l) => !l.includes(`${CARS}!${at}`)), []);
    const dates = v.workbook.tables.get(FOOD)!.records.slice(0, 3).map((r) => r.values['checkDate']);
    assert.deepEqual(dates, ['2026-08-01', '2026-08-02', '2026-08-03']);
    const issue = v.issues.find((i) => i.cell === at)!;
    assert.match(issue.message, /年份只写了两位.*是否为 2026-08-01？/u);
  });

  it('投用年份 as a date cell, as 2015 typed into a date-formatted cell and as “2015年6月” is 2015', async () => {
    const EQUIP = '重点用能设备';
    const wb = sample();
    const rows = dataRows(wb, EQUIP).slice(0, 3);
    setField(wb, EQUIP, '投用年份', rows[2]!, '2015年6月');
    const read = await roundTrip(wb, (book) => {
      const ws = book.getWorksheet(EQUIP)!;
      ws.getCell(findCell(wb, EQUIP, '投用年份', rows[0]!)).value = new Date(Date.UTC(2015, 5, 1));
      const typed = ws.getCell(findCell(wb, EQUIP, '投用年份', rows[1]!));
      typed.value = 2015;
      typed.numFmt = 'yyyy/m/d';
    });
    assert.ok(getField(read, EQUIP, '投用年份', rows[1]!) instanceof Date, 'the reader gives 2015 in a date cell as a Date (1905-07-07)');
    const v = validateWorkbook(read);
    assert.deepEqual(lines(v), []);
    const years = v.workbook.tables.get(EQUIP)!.records.filter((r) => rows.includes(r.row)).map((r) => r.values['commissionYear']);
    assert.deepEqual(years, [2015, 2015, 2015]);
  });

  it('自查得分 0.92 formatted 0% and “92%” typed as text are both 92 (review)', async () => {
    const wb = sample();
    const rows = dataRows(wb, FOOD).slice(0, 2);
    setField(wb, FOOD, '自查得分', rows[1]!, '92%');
    const read = await roundTrip(wb, (book) => {
      const cell = book.getWorksheet(FOOD)!.getCell(findCell(wb, FOOD, '自查得分', rows[0]!));
      cell.value = 0.92;
      cell.numFmt = '0%';
    });
    const v = validateWorkbook(read);
    assert.deepEqual(lines(v), []);
    assert.deepEqual(v.workbook.tables.get(FOOD)!.records.slice(0, 2).map((r) => r.values['score']), [92, 92]);
  });

  it('报告年度 “２０２６年”, 是否使用燃煤 “无”, 是否设有食堂 “√”', async () => {
    const wb = sample();
    setCell(wb, BASIC, `B${basicRow(wb, '报告年度')}`, '２０２６年');
    const coalFree = findRow(wb, INST, (get) => get('是否使用燃煤') === '否');
    setField(wb, INST, '是否使用燃煤', coalFree, '无');
    const canteen = findRow(wb, INST, (get) => get('是否设有食堂') === '是');
    setField(wb, INST, '是否设有食堂', canteen, '√');
    const v = validateWorkbook(await roundTrip(wb));
    assert.deepEqual(lines(v), []);
    assert.deepEqual(v.workbook.period, { year: 2026, quarter: 3 });
    const records = v.workbook.tables.get(INST)!.records;
    assert.equal(records.find((r) => r.row === coalFree)!.values['usesCoal'], false);
    assert.equal(records.find((r) => r.row === canteen)!.values['canteen'], true);
  });

  it('建设状态 “已建” is refused with “是否为“已建成”？”', async () => {
    const wb = sample();
    const row = dataRows(wb, PV)[0]!;
    const at = setField(wb, PV, '建设状态', row, '已建');
    const v = validateWorkbook(await roundTrip(wb));
    assert.deepEqual(v.issues.map((i) => `${i.code} ${i.sheet}!${i.cell}`), [`enum ${PV}!${at}`]);
    assert.match(v.issues[0]!.message, /是否为“已建成”？/u);
  });

  it('a 合计 row of SUM formulas at the bottom is one error and is not counted', async () => {
    const wb = sample();
    const clean = analyzeWorkbook(await roundTrip(wb));
    const rows = dataRows(wb, CONS);
    const last = rows[rows.length - 1]!;
    const totalRow = last + 1;
    const head = sheet(wb, CONS).rows[0]!;
    const read = await roundTrip(wb, (book) => {
      const ws = book.getWorksheet(CONS)!;
      ws.getRow(totalRow).getCell(1).value = '合  计';
      head.forEach((h, i) => {
        if (i === 0 || typeof h !== 'string' || h === '异常说明') return;
        const c = columnOf(wb, CONS, h);
        const letter = ws.getColumn(c).letter;
        let sum = 0;
        for (const r of rows) sum += Number(getField(wb, CONS, h, r) ?? 0);
        ws.getRow(totalRow).getCell(c).value = { formula: `SUM(${letter}2:${letter}${last})`, result: sum } as X.CellFormulaValue;
      });
    });
    const a = analyzeWorkbook(read);
    assert.deepEqual(a.issues.map((i) => `${i.severity} ${i.code} ${i.sheet}!${i.cell} ${i.field}`), [`error format ${CONS}!A${totalRow} 统一社会信用代码`]);
    assert.ok(a.issues[0]!.message.includes(`第 ${totalRow} 行是合计行：请删除，合计由系统计算`), a.issues[0]!.message);
    assert.deepEqual(a.indicators, clean.indicators);
  });

  it('a 1 MB text cell and an Infinity number cell: cut value, the value the message shows, small JSON', async () => {
    const wb = sample();
    const long = setField(wb, CONS, '天然气（m³）', 2, `约${'多'.repeat(1024 * 1024)}`);
    const inf = setField(wb, CONS, '电力（kWh）', 3, 1);
    const read = await roundTrip(wb, (book) => {
      // A producer that writes <v>Infinity</v> (exceljs does so for Infinity; parseFloat reads it back).
      book.getWorksheet(CONS)!.getCell(inf).value = Number.POSITIVE_INFINITY;
    });
    const v = validateWorkbook(read);
    const json = JSON.stringify(validateJson(v));
    assert.ok(json.length < 5000, `JSON of ${json.length} characters`);
    const issues = (JSON.parse(json) as { issues: { cell: string; value: unknown; message: string }[] }).issues;
    assert.deepEqual(issues.map((i) => i.cell).sort(), [inf, long].sort());
    const longIssue = issues.find((i) => i.cell === long)!;
    assert.equal(longIssue.value, `约${'多'.repeat(ECHO_LIMIT - 1)}…`);
    assert.ok(longIssue.message.includes(`“${String(longIssue.value)}”`));
    const infIssue = issues.find((i) => i.cell === inf)!;
    assert.equal(infIssue.value, 'Infinity');
    assert.ok(infIssue.message.includes('“Infinity”'), infIssue.message);
  });
});

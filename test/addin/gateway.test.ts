/**
 * The Excel gateway (addin/excel/) against the fake Excel: what it reads is what the engine reads
 * from Range.values; its requests stay within the sync budget and the payload size; its marks go
 * on the problem cells and come off again without touching the user's own formatting, notes and
 * comments; its fallbacks follow the Excel version.
 */
import assert from 'node:assert/strict';
import { ExcelHost } from '../../addin/excel/host.js';
import { FILLS, MARK_FORMULA, MARK_PREFIX, MAX_FILL_GROUPS } from '../../addin/excel/marks.js';
import { missingFeatures } from '../../addin/excel/capabilities.js';
import { analyzeWorkbook } from '../../shared/engine.js';
import { JINCHENG } from '../../shared/counties.js';
import { generateSample } from '../../shared/sample/generate.js';
import { TEMPLATE_V1 } from '../../shared/template/v1.js';
import { parseCellAddress } from '../../shared/table/address.js';
import { asRangeValues } from '../shared/validation/range-values.js';
import { removeColumn, removeSheet, setCell } from '../shared/helpers.js';
import { createFakeOffice, FakeBook, installGlobals, type FakeOffice } from './fake-excel/index.js';
import { plantedWorkbook } from './planted.js';
import { summaryText } from '../../addin/taskpane/pane.js';

const MB4 = 4 * 1024 * 1024;

interface Setup {
  book: FakeBook;
  fake: FakeOffice;
  host: ExcelHost;
  restore: () => void;
}

function setUp(book: FakeBook, apiVersion = '1.18'): Setup {
  const fake = createFakeOffice(book, { apiVersion, partitionKey: 'user-1' });
  const restore = installGlobals(fake);
  return { book, fake, host: new ExcelHost(), restore };
}

/** One check as the pane runs it: read, engine, marks and result sheet; the costs of each half. */
async function check(s: Setup) {
  s.fake.resetStats();
  const input = await s.host.readTemplate(TEMPLATE_V1);
  const read = s.fake.stats();
  const analysis = analyzeWorkbook(input);
  s.fake.resetStats();
  const report = await s.host.showCheck({
    marks: analysis.issues.map((i) => ({ sheet: i.sheet, cell: i.cell, severity: i.severity, text: i.message })),
    issues: analysis.issues,
    summary: summaryText(analysis.summary.errors, analysis.summary.warnings),
  });
  return { input, analysis, read, write: s.fake.stats(), report };
}

const ours = (book: FakeBook, sheet: string) => book.sheet(sheet).conditionalFormats.filter((f) => f.formula === MARK_FORMULA);
const covers = (f: { areas: { top: number; left: number; bottom: number; right: number }[] }, cell: string): boolean => {
  const p = parseCellAddress(cell)!;
  return f.areas.some((a) => a.top <= p.row && p.row <= a.bottom && a.left <= p.column && p.column <= a.right);
};

describe('add-in gateway on the fake Excel', function () {
  this.timeout(120_000);
  let s: Setup | undefined;
  afterEach(() => {
    s?.restore();
    s = undefined;
  });

  for (const institutions of [60, 2000, 20000]) {
    it(`${institutions} institutions: reads what Range.values gives, within the sync budget and under 4 MB a request`, async () => {
      const { input, cells } = plantedWorkbook(institutions);
      s = setUp(FakeBook.fromWorkbookInput(input));
      const r = await check(s);
      const expected = analyzeWorkbook(asRangeValues(input));
      assert.deepEqual(r.analysis.issues, expected.issues, 'the same issues as the engine on Range.values');
      for (const c of cells) assert.ok(r.analysis.issues.some((i) => i.sheet === c.sheet && i.cell === c.cell), `${c.what} at ${c.sheet}!${c.cell}`);
      for (const st of [r.read, r.write]) {
        assert.ok(st.maxRequestBytes < MB4, `request ${st.maxRequestBytes} bytes`);
        assert.ok(st.maxResponseBytes < MB4, `response ${st.maxResponseBytes} bytes`);
      }
      if (institutions <= 2000) {
        assert.ok(r.read.syncs <= 3, `read in ${r.read.syncs} syncs`);
        assert.ok(r.write.syncs <= 3, `marks and result sheet in ${r.write.syncs} syncs`);
      } else {
        // Larger books take more requests, each under the size limit: syncs grow with bytes, not cells.
        assert.ok(r.read.syncs > 3 && r.read.syncs < 30, `read in ${r.read.syncs} syncs`);
      }
      const again = await check(s);
      assert.ok(institutions > 2000 || again.write.syncs <= 3, `second check writes in ${again.write.syncs} syncs`);
    });
  }

  for (const institutions of [2000, 20000]) {
    it(`${institutions} institutions with a mistake on every row: every request still under 4 MB (review)`, async function () {
      const { input } = plantedWorkbook(institutions);
      const dir = input.sheets.find((x) => x.name === '单位名录')!;
      const header = dir.rows[0] as string[];
      const [code, kind, area] = ['统一社会信用代码', '单位类型', '建筑面积（m²）'].map((h) => header.indexOf(h));
      dir.rows.forEach((row, i) => {
        if (i === 0 || !row) return;
        const cells = row as unknown[];
        if (i % 3 === 0) cells[kind!] = '机关';
        else if (i % 3 === 1) cells[area!] = -5;
        else cells[code!] = `${String(cells[code!]).slice(0, 17)}${String(cells[code!]).endsWith('0') ? '1' : '0'}`;
      });
      s = setUp(FakeBook.fromWorkbookInput(input));
      const r = await check(s);
      assert.ok(r.analysis.issues.length >= institutions, `${r.analysis.issues.length} issues`);
      assert.ok(r.write.maxRequestBytes < MB4, `largest write request ${r.write.maxRequestBytes} bytes`);
      assert.ok(r.write.maxResponseBytes < MB4);
      assert.ok(ours(s.book, '单位名录').length <= 2 * MAX_FILL_GROUPS, `${ours(s.book, '单位名录').length} fill formats on one sheet`);
      assert.equal(s.book.sheet('校验结果').cell(`A${r.analysis.issues.length + 2}`).value, r.analysis.issues.length, 'every issue listed');
      const again = await check(s);
      assert.ok(again.write.maxRequestBytes < MB4, `second run: ${again.write.maxRequestBytes} bytes`);
    });
  }

  it('a template sheet named with a stray space ("单位名录 ") is marked, linked and selected under its real name (review)', async () => {
    const { input, cells } = plantedWorkbook();
    input.sheets.find((x) => x.name === '单位名录')!.name = '单位名录 ';
    s = setUp(FakeBook.fromWorkbookInput(input));
    const r = await check(s);
    const c = cells.find((x) => x.sheet === '单位名录')!;
    assert.ok(ours(s.book, '单位名录 ').some((f) => covers(f, c.cell)), 'filled');
    assert.ok(s.book.sheet('单位名录 ').cell(c.cell).note?.content.startsWith(MARK_PREFIX), 'explained');
    const n = r.analysis.issues.findIndex((i) => i.sheet === '单位名录' && i.cell === c.cell);
    assert.equal(s.book.sheet('校验结果').cell(`D${n + 3}`).formula, `=HYPERLINK("#'单位名录 '!${c.cell}","单位名录!${c.cell}")`);
    await s.host.select('单位名录', c.cell);
    assert.deepEqual(s.book.selection, { sheet: '单位名录 ', address: c.cell });
  });

  it('a comment of the user on a problem cell stays, and the explanation goes to 校验结果 (review)', async () => {
    const { input, cells } = plantedWorkbook();
    const book = FakeBook.fromWorkbookInput(input);
    book.addUserComment(cells[0]!.sheet, cells[0]!.cell, '财务科：代码待核');
    s = setUp(book);
    const r = await check(s);
    assert.equal(r.report.onlyInSheet, 1);
    assert.equal(book.sheet(cells[0]!.sheet).cell(cells[0]!.cell).note, undefined);
    assert.deepEqual([...book.comments.values()].map((x) => x.content), ['财务科：代码待核']);
  });

  it('marks each problem cell with a fill and a note, and lists every issue with a link in 校验结果', async () => {
    const { input, cells } = plantedWorkbook();
    s = setUp(FakeBook.fromWorkbookInput(input));
    const r = await check(s);
    for (const c of cells) {
      const severity = r.analysis.issues.find((i) => i.sheet === c.sheet && i.cell === c.cell)!.severity;
      assert.ok(ours(s.book, c.sheet).some((f) => covers(f, c.cell) && f.fill === FILLS[severity]), `fill on ${c.sheet}!${c.cell}`);
      const note = s.book.sheet(c.sheet).cell(c.cell).note;
      assert.ok(note?.content.startsWith(MARK_PREFIX), `note on ${c.sheet}!${c.cell}`);
      assert.ok(note!.content.includes(r.analysis.issues.find((i) => i.cell === c.cell && i.sheet === c.sheet)!.message));
    }
    assert.equal(r.report.explained, new Set(r.analysis.issues.map((i) => `${i.sheet}!${i.cell}`)).size);
    const result = s.book.sheet('校验结果');
    assert.match(String(result.cell('A1').value), /发现 \d+ 个错误/u);
    assert.deepEqual(result.values('A2:G2')[0], ['序号', '严重程度', '工作表', '单元格', '列（项目）', '原值', '说明']);
    r.analysis.issues.forEach((issue, n) => {
      assert.equal(result.cell(`G${n + 3}`).value, issue.message);
      assert.equal(result.cell(`D${n + 3}`).formula, `=HYPERLINK("#${issue.sheet}!${issue.cell}","${issue.sheet}!${issue.cell}")`);
    });
    assert.equal(result.cell(`A${r.analysis.issues.length + 3}`).value, '', 'no rows beyond the issues');
  });

  it('keeps the user’s fills, notes and comments; a second run removes only its own marks', async () => {
    const { input, cells } = plantedWorkbook();
    const book = FakeBook.fromWorkbookInput(input);
    const [code, area] = cells;
    book.setUserFill(code!.sheet, code!.cell, '#00B0F0'); // on a problem cell
    book.setUserFill('单位名录', 'B10', '#92D050'); // elsewhere
    book.addUserNote(area!.sheet, area!.cell, '待财务科确认'); // the user's note on a problem cell
    book.addUserNote('单位名录', 'B11', '联系人：王五');
    book.addUserComment('能源资源消费', 'C5', '请核对');
    s = setUp(book);
    const first = await check(s);
    assert.equal(book.sheet(code!.sheet).cell(code!.cell).fill, '#00B0F0', 'a fill of the user is not overwritten (the mark is a conditional format)');
    assert.equal(book.sheet(area!.sheet).cell(area!.cell).note?.content, '待财务科确认', 'the user’s note stays');
    assert.equal(first.report.onlyInSheet, 1, 'that cell’s explanation is only in 校验结果');

    // The user fixes the workbook; the next check leaves nothing of the add-in on the sheets.
    const original = generateSample({ county: JINCHENG.counties[4]!, period: { year: 2026, quarter: 3 }, institutions: 60, seed: 3 });
    for (const c of cells) {
      const sheet = original.sheets.find((x) => x.name === c.sheet)!;
      const p = parseCellAddress(c.cell)!;
      const value = sheet.rows[p.row - 1]![p.column - 1];
      book.sheet(c.sheet).edit(p.row, p.column).value = value === null || value === undefined ? '' : (value as string | number);
    }
    const second = await check(s);
    assert.deepEqual(second.analysis.issues, []);
    for (const name of ['单位名录', '能源资源消费']) {
      assert.deepEqual(ours(book, name), [], `no marks left on ${name}`);
      for (const [, cell] of book.sheet(name).cells) assert.ok(!cell.note?.content.startsWith(MARK_PREFIX), 'no note of the add-in left');
    }
    assert.equal(book.sheet(code!.sheet).cell(code!.cell).fill, '#00B0F0');
    assert.equal(book.sheet('单位名录').cell('B10').fill, '#92D050');
    assert.equal(book.sheet(area!.sheet).cell(area!.cell).note?.content, '待财务科确认');
    assert.equal(book.sheet('单位名录').cell('B11').note?.content, '联系人：王五');
    assert.deepEqual([...book.comments.values()].map((c) => c.content), ['请核对']);
    assert.match(String(book.sheet('校验结果').cell('A1').value), /未发现问题/u);
  });

  it('text from the workbook goes into 校验结果 as text, never as a formula', async () => {
    const { input } = plantedWorkbook();
    setCell(input, '单位名录', 'C7', '=HYPERLINK("http://evil.example","点我")');
    s = setUp(FakeBook.fromWorkbookInput(input));
    const r = await check(s);
    const n = r.analysis.issues.findIndex((i) => i.sheet === '单位名录' && i.cell === 'C7');
    assert.ok(n >= 0, 'the formula-like text is refused as a 单位类型');
    const cell = s.book.sheet('校验结果').cell(`F${n + 3}`);
    assert.equal(cell.formula, undefined);
    assert.equal(cell.numberFormat, '@');
    assert.ok(String(cell.value).includes('HYPERLINK'));
  });

  it('插入模板 keeps the user’s note and drop-down where a new header goes, and still writes the header (review)', async () => {
    const { input } = plantedWorkbook();
    removeColumn(input, '单位名录', '是否使用燃煤');
    removeColumn(input, '单位名录', '燃煤整改计划');
    const book = FakeBook.fromWorkbookInput(input);
    const width = (input.sheets.find((x) => x.name === '单位名录')!.rows[0] ?? []).length;
    const next = String.fromCharCode(64 + width + 1);
    book.addUserNote('单位名录', `${next}1`, '备用列');
    book.sheet('单位名录').edit(5, width + 1).validation = { list: { inCellDropDown: true, source: '甲,乙' } };
    s = setUp(book);
    const report = await s.host.insertTemplate(TEMPLATE_V1);
    assert.deepEqual(report.headersAdded.map((h) => h.header), ['是否使用燃煤', '燃煤整改计划']);
    assert.equal(book.sheet('单位名录').cell(`${next}1`).value, '是否使用燃煤');
    assert.equal(book.sheet('单位名录').cell(`${next}1`).note?.content, '备用列', 'the user’s note stays');
    assert.deepEqual(book.sheet('单位名录').cell(`${next}5`).validation, { list: { inCellDropDown: true, source: '甲,乙' } }, 'the user’s validation stays');
    const after = String.fromCharCode(64 + width + 2);
    assert.match(book.sheet('单位名录').cell(`${after}1`).note?.content ?? '', /示例/u, 'the next new header gets its note');
  });

  it('older Excel: comments instead of notes (1.10), then only the result sheet and one range per area (1.8)', async () => {
    const { input, cells } = plantedWorkbook();
    s = setUp(FakeBook.fromWorkbookInput(input), '1.10');
    assert.ok(missingFeatures(s.host.capabilities).some((t) => t.includes('改用批注')));
    const first = await check(s);
    const issueCells = new Set(first.analysis.issues.map((i) => `${i.sheet}!${i.cell}`)).size;
    assert.ok(issueCells >= cells.length);
    const mine = () => [...s!.book.comments.values()].filter((c) => c.content.startsWith(MARK_PREFIX)).length;
    assert.equal(mine(), issueCells);
    await check(s); // and they are replaced, not added twice
    assert.equal(mine(), issueCells);
    s.restore();

    s = setUp(FakeBook.fromWorkbookInput(input), '1.8');
    assert.ok(missingFeatures(s.host.capabilities).some((t) => t.includes('只列在“校验结果”')));
    const r = await check(s);
    assert.equal(r.report.explained, 0);
    assert.ok(r.report.onlyInSheet > 0);
    for (const c of cells) assert.ok(ours(s.book, c.sheet).some((f) => covers(f, c.cell)), `fill on ${c.cell} without RangeAreas`);
    assert.ok(r.write.syncs <= 3);
  });

  it('selects a cell, writes 指标汇总 with its state formatting and chart, and inserts the template without overwriting data', async () => {
    const { input } = plantedWorkbook();
    removeColumn(input, '单位名录', '配建车位数');
    removeSheet(input, '托管项目');
    const book = FakeBook.fromWorkbookInput(input);
    s = setUp(book);
    await s.host.readTemplate(TEMPLATE_V1);
    await s.host.select('能源资源消费', 'C7');
    assert.deepEqual(book.selection, { sheet: '能源资源消费', address: 'C7' });

    const analysis = analyzeWorkbook(input);
    await s.host.showIndicators(analysis.indicators, '泽州县 2026年第3季度');
    const sheet = book.sheet('指标汇总');
    assert.equal(sheet.cell('A3').value, analysis.indicators[0]!.name);
    const last = analysis.indicators.length + 2;
    const states = sheet.conditionalFormats.filter((f) => f.areas.length === 1 && f.areas[0]!.top === 3 && f.areas[0]!.bottom === last);
    assert.equal(states.length, 2, '达标 and 未达标 formats on exactly the indicator rows');
    assert.equal(sheet.charts.length, 1);

    const before = book.sheet('单位名录').values('A1:C5');
    const report = await s.host.insertTemplate(TEMPLATE_V1);
    assert.deepEqual(report.sheetsAdded, ['托管项目']);
    assert.deepEqual(report.headersAdded, [{ sheet: '单位名录', header: '配建车位数' }]);
    assert.deepEqual(book.sheet('单位名录').values('A1:C5'), before, 'data untouched');
    const hosting = book.sheet('托管项目');
    assert.deepEqual(hosting.values('A1:I1')[0], TEMPLATE_V1.sheets.find((x) => x.name === '托管项目')!.fields.map((f) => f.header));
    assert.match(hosting.cell('B1').note?.content ?? '', /示例/u);
    assert.deepEqual(hosting.cell('B2').validation, { list: { inCellDropDown: true, source: '能源费用托管,合同节水管理,合同能源管理' } });
    const again = await s.host.insertTemplate(TEMPLATE_V1);
    assert.deepEqual(again, { sheetsAdded: [], headersAdded: [] }, 'a second insertion changes nothing');
  });
});

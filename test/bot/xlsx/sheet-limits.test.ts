import assert from 'node:assert/strict';
import { readXlsxBuffer, WorkbookReadError } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { entriesOf, textOf, withEntry, zipOf, type RawEntry } from './zip-writer.js';

/** Rows and columns past Excel's 1,048,576 × 16,384 are damage, found as the sheet is read. */
describe('row and column references beyond what Excel can hold', () => {
  let good: RawEntry[];
  const UNITS = 'xl/worksheets/sheet3.xml';
  let xml: string;
  /** The last row of 单位名录 (12 institutions + header). */
  const LAST = 13;
  before(async () => {
    good = await entriesOf(await xlsxBuffer(generateSample({ county: JINCHENG.counties[5]!, period: { year: 2026, quarter: 4 }, institutions: 12, seed: 2 })));
    xml = textOf(good, UNITS);
    assert.match(xml, new RegExp(`<row r="${LAST}"`, 'u'));
  });

  /** The last row renumbered: its <row r> and every cell reference in it. */
  function renumberLastRow(to: string, cellsToo = true): string {
    const at = xml.indexOf(`<row r="${LAST}"`);
    const end = xml.indexOf('</row>', at);
    let row = xml.slice(at, end).replace(`<row r="${LAST}"`, `<row r="${to}"`);
    if (cellsToo) row = row.replace(new RegExp(`r="([A-Z]+)${LAST}"`, 'gu'), `r="$1${to}"`);
    return xml.slice(0, at) + row + xml.slice(end);
  }

  async function refused(sheetXml: string, message: RegExp): Promise<void> {
    await assert.rejects(readXlsxBuffer(zipOf(withEntry(good, UNITS, sheetXml))), (err: unknown) => {
      assert.ok(err instanceof WorkbookReadError, String(err));
      assert.equal(err.reason, 'corrupt');
      assert.match(err.message, /已损坏：工作表“单位名录”中的/u);
      assert.match(err.message, message);
      return true;
    });
  }

  // Before: exceljs built a sparse row array of a billion entries and the engine walked it (a minute of CPU).
  it('a row numbered 999,999,999', async () => {
    await refused(renumberLastRow('999999999'), /行号 999999999 超出了 Excel 的最大行数 1,048,576/u);
  });

  it('a row numbered 1,048,577, with or without its cells', async () => {
    await refused(renumberLastRow('1048577'), /最大行数/u);
    await refused(renumberLastRow('1048577', false), /最大行数/u);
  });

  it('a cell in column XFE, or with a reference too long to be a column', async () => {
    const at = xml.lastIndexOf(`<c r="`, xml.indexOf('</row>', xml.indexOf(`<row r="${LAST}"`)));
    const cell = /<c r="([A-Z]+)\d+"/u.exec(xml.slice(at))!;
    await refused(xml.slice(0, at) + xml.slice(at).replace(`r="${cell[1]}${LAST}"`, `r="XFE${LAST}"`), /最大列 XFD/u);
    await refused(xml.slice(0, at) + xml.slice(at).replace(`r="${cell[1]}${LAST}"`, `r="ZZZZZ${LAST}"`), /无法识别/u);
  });

  it('rows out of order or repeated (the later would overwrite the earlier)', async () => {
    await refused(renumberLastRow('5'), /重复或顺序颠倒/u);
  });

  it('still reads the last row and column Excel has', async () => {
    const at = xml.indexOf('</sheetData>');
    const edge = `${xml.slice(0, at)}<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>${xml.slice(at)}`;
    const wb = await readXlsxBuffer(zipOf(withEntry(good, UNITS, edge)));
    const rows = wb.sheets.find((s) => s.name === '单位名录')!.rows;
    assert.equal(rows.length, 1_048_576);
    assert.equal(rows[1_048_575]?.[16_383], 7);
  });
});

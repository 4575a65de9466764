/**
 * Issue 8 review: what a cell stores must be what it means. A shared formula's later cell saved
 * without a result is "公式尚未计算", not a blank (which counted as 0); a number, shared-string
 * index or boolean whose stored text is not one ("12abc", "1 234", "0x10") is damage, never the
 * number exceljs's parseFloat makes of it.
 */
import assert from 'node:assert/strict';
import { readXlsxBuffer, WorkbookReadError } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { entriesOf, textOf, withEntry, zipOf, type RawEntry } from './zip-writer.js';

/** 能源资源消费 in the sample's package. */
const USE = 'xl/worksheets/sheet4.xml';

describe('stored cell values (issue 8 review)', () => {
  let good: RawEntry[];
  before(async () => {
    good = await entriesOf(await xlsxBuffer(generateSample({ county: JINCHENG.counties[0]!, period: { year: 2026, quarter: 3 }, institutions: 6, seed: 5 })));
    assert.match(textOf(good, USE), /<c r="B2"/u, 'B2 of 能源资源消费 is in sheet4.xml');
  });

  /** The sample with cells of 能源资源消费 replaced by raw XML. */
  function withCells(cells: Record<string, string>): Buffer {
    let xml = textOf(good, USE);
    for (const [ref, cell] of Object.entries(cells)) {
      const re = new RegExp(`<c r="${ref}"(?:[^>]*/>|[^>]*>.*?</c>)`, 'u');
      assert.ok(re.test(xml), ref);
      xml = xml.replace(re, cell);
    }
    return zipOf(withEntry(good, USE, xml));
  }

  it('a shared formula’s later cell without a cached result is “公式尚未计算” on its cell, not 0', async () => {
    const file = withCells({ B2: '<c r="B2"><f t="shared" ref="B2:B3" si="0">C2*2+16232</f><v>16232</v></c>', B3: '<c r="B3"><f t="shared" si="0"/></c>' });
    const a = analyzeWorkbook(await readXlsxBuffer(file));
    const b3 = a.issues.filter((i) => i.sheet === '能源资源消费' && i.cell === 'B3');
    assert.equal(b3.length, 1, a.issues.map((i) => `${i.cell} ${i.message}`).join('\n'));
    assert.match(b3[0]!.message, /公式尚未计算/u);
    assert.equal(a.summary.errors, 1);
  });

  for (const [label, cell] of [
    ['"12abc" in a number cell', '<c r="B2"><v>12abc</v></c>'],
    ['"1 234" in a number cell', '<c r="B2"><v>1 234</v></c>'],
    ['"0x10" in a number cell', '<c r="B2"><v>0x10</v></c>'],
    ['"12abc" as a formula’s cached number', '<c r="B2"><f>C2*2</f><v>12abc</v></c>'],
    ['"3x" as a shared-string index', '<c r="B2" t="s"><v>3x</v></c>'],
    ['"yes" as a boolean', '<c r="B2" t="b"><v>yes</v></c>'],
  ] as const) {
    it(`${label} is damage naming the cell`, async () => {
      await assert.rejects(readXlsxBuffer(withCells({ B2: cell })), (err: unknown) => {
        assert.ok(err instanceof WorkbookReadError);
        assert.equal(err.reason, 'corrupt');
        assert.match(err.message, /单元格 B2 保存的数值无法识别/u);
        return true;
      });
    });
  }

  it('a cached formula error in a cell saved without "r" names its error, not 公式尚未计算 (review)', async () => {
    // Row 3 of 能源资源消费 rewritten with cells that carry no reference, as some producers write them.
    let xml = textOf(good, USE);
    const row = /<row r="3"[^>]*>.*?<\/row>/u.exec(xml)![0];
    const cells = [...row.matchAll(/<c r="([A-Z]+)3"([^>]*?)(\/>|>(.*?)<\/c>)/gu)];
    const rebuilt = cells
      .map((m) => (m[1] === 'B' ? '<c t="e"><f>C3/0</f><v>#DIV/0!</v></c>' : `<c${m[2]}${m[3]}`))
      .join('');
    xml = xml.replace(row, `<row r="3">${rebuilt}</row>`);
    assert.equal(cells[1]![1], 'B', 'column B is the second cell of the row');
    const a = analyzeWorkbook(await readXlsxBuffer(zipOf(withEntry(good, USE, xml))));
    const b3 = a.issues.filter((i) => i.sheet === '能源资源消费' && i.cell === 'B3');
    assert.equal(b3.length, 1, a.issues.map((i) => `${i.cell} ${i.message}`).join('\n'));
    assert.match(b3[0]!.message, /#DIV\/0!/u);
  });

  it('numbers as spreadsheet programs store them are read: 1.5E+3, -0.25, .5, 7.', async () => {
    const file = withCells({ B2: '<c r="B2"><v>1.5E+3</v></c>', B3: '<c r="B3"><v>-0.25</v></c>', B4: '<c r="B4"><v>.5</v></c>', B5: '<c r="B5"><v>7.</v></c>' });
    const sheet = (await readXlsxBuffer(file)).sheets.find((s) => s.name === '能源资源消费')!;
    assert.deepEqual([2, 3, 4, 5].map((r) => sheet.rows[r - 1]![1]), [1500, -0.25, 0.5, 7]);
  });
});

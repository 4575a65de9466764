import assert from 'node:assert/strict';
import { SheetXmlScan } from '../../../bot/xlsx/cell-notes.js';

const SHEET = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" s="3" t="e"><f>A1/0</f><v>#DIV/0!</v></c>',
  "<c r='C2' t='e'><f>IF(A2>0,NA(),1)</f><v>#N/A</v></c><c r=\"D2\" t=\"e\"><v>#REF!</v></c>",
  '<c r="E2" t="e"/><c r="F2"><f>SUM(A1:A3)</f></c><c r="G2" t="str"><f>"单位"&amp;A2</f><v>单位一</v></c></row>',
  '</sheetData><mergeCells count="2"><mergeCell ref="C3:C5"/><mergeCell ref=\'A7:B7\'/></mergeCells></worksheet>',
].join('');

async function scanned(chunks: string[] | Buffer[]): Promise<{ scan: SheetXmlScan; passed: string }> {
  const scan = new SheetXmlScan();
  async function* source(): AsyncGenerator<Buffer | string> {
    yield* chunks;
  }
  const out: (Buffer | string)[] = [];
  for await (const chunk of scan.tee(source())) out.push(chunk);
  return { scan, passed: Buffer.concat(out.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString('utf8') };
}

describe('bot/xlsx SheetXmlScan', () => {
  it('finds merged areas and the error texts of formula cells, wherever the chunks break, passing bytes unchanged', async () => {
    const bytes = Buffer.from(SHEET, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      for (const second of [cut + 7, cut + 40]) {
        const chunks = [bytes.subarray(0, cut), bytes.subarray(cut, second), bytes.subarray(second)].filter((b) => b.length > 0);
        const { scan, passed } = await scanned(chunks);
        assert.equal(passed, SHEET);
        assert.deepEqual(scan.merges, ['C3:C5', 'A7:B7'], `cut at ${cut}, ${second}`);
        // D2 is a typed error (exceljs reads its text itself), E2 has no value: neither is a formula error.
        assert.deepEqual([...scan.formulaErrors], [['B2', '#DIV/0!'], ['C2', '#N/A']], `cut at ${cut}, ${second}`);
      }
    }
  });
});

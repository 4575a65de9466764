import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readXlsxFile, WorkbookReadError } from '../../../bot/xlsx/read.js';
import { JINCHENG } from '../../../shared/counties.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { generateSample } from '../../../shared/sample/generate.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

describe('workbooks saved by another spreadsheet program (LibreOffice Calc 7.4)', () => {
  it('reads a LibreOffice .xlsx to the same result as the generator’s own workbook', async () => {
    const fromLibreOffice = analyzeWorkbook(await readXlsxFile(fixture('libreoffice-高平市-2026Q1.xlsx')));
    const gaoping = JINCHENG.counties.find((c) => c.name === '高平市')!;
    const original = analyzeWorkbook(generateSample({ county: gaoping, period: { year: 2026, quarter: 1 }, institutions: 8, seed: 21 }));
    assert.deepEqual(fromLibreOffice.summary, { errors: 0, warnings: 0 }, fromLibreOffice.issues.map((i) => i.message).join('\n'));
    assert.equal(fromLibreOffice.workbook.county?.name, '高平市');
    assert.deepEqual(fromLibreOffice.workbook.period, { year: 2026, quarter: 1 });
    assert.deepEqual(fromLibreOffice.indicators, original.indicators);
  });

  it('recognises a real legacy .xls and says how to convert it', async () => {
    await assert.rejects(readXlsxFile(fixture('libreoffice-高平市-2026Q1.xls')), (err: unknown) => {
      assert.ok(err instanceof WorkbookReadError);
      assert.equal(err.reason, 'legacy-xls');
      assert.match(err.message, /另存为 → Excel 工作簿/u);
      return true;
    });
  });
});

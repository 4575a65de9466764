import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readXlsxBuffer, readXlsxFile } from '../../../bot/xlsx/read.js';
import { JINCHENG } from '../../../shared/counties.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { generateSample } from '../../../shared/sample/generate.js';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import { guideSheet } from '../../../shared/template/blank.js';
import { EXCEL_STYLE, OPENPYXL_STYLE, otherProducerXlsx, type ProducerStyle } from './other-producer.js';
import { entriesOf, textOf, withEntry, zipOf } from './zip-writer.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

/** Rows as values only, trailing blanks and blank rows dropped, for comparing two readings. */
function plain(wb: WorkbookInput, sheet: string): (CellValue | null)[][] {
  const rows = wb.sheets.find((s) => s.name === sheet)?.rows ?? [];
  return rows.map((r) => {
    const cells = [...(r ?? [])].map((v) => (v === undefined || v === '' ? null : v));
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
}

describe('workbooks as other programs write them (same data, same result)', () => {
  // The sample as the engine takes it, which is also what the add-in hands over from Range.values.
  const sample = generateSample({ county: JINCHENG.counties[3]!, period: { year: 2026, quarter: 3 }, institutions: 20, seed: 11 });
  const direct = analyzeWorkbook(sample);
  const styles: [string, ProducerStyle][] = [
    ['openpyxl (inline strings as character references)', OPENPYXL_STYLE],
    ['Excel / WPS (shared strings after the sheets, a style on every cell)', EXCEL_STYLE],
    ['inline strings, no <dimension>, no r on rows and cells', { strings: 'inline', cellRefs: false, dimension: false }],
    ['shared strings, no r on rows and cells', { strings: 'shared', cellRefs: false, dimension: false }],
  ];

  for (const [name, style] of styles) {
    it(name, async () => {
      const read = await readXlsxBuffer(await otherProducerXlsx({ sheets: [guideSheet(JINCHENG), ...sample.sheets] }, style));
      for (const sheet of sample.sheets) assert.deepEqual(plain(read, sheet.name), plain(sample, sheet.name), sheet.name);
      const fromFile = analyzeWorkbook(read);
      assert.deepEqual(fromFile.summary, direct.summary, fromFile.issues.map((i) => i.message).join('\n'));
      assert.deepEqual(fromFile.indicators, direct.indicators);
    });
  }

  it('keeps every run of an inline string with formatting, and leaves out phonetic guides', async () => {
    const entries = await entriesOf(await otherProducerXlsx({ sheets: sample.sheets }, { strings: 'inline', cellRefs: true, dimension: false }));
    // 单位名录 is the second sheet here (no guide sheet); B2 is the first institution's name.
    const part = 'xl/worksheets/sheet2.xml';
    const xml = textOf(entries, part).replace(
      /<c r="B2"([^>]*)t="inlineStr"><is>.*?<\/is><\/c>/u,
      '<c r="B2"$1t="inlineStr"><is><r><t>阳城县</t></r><r><rPr><b/></rPr><t xml:space="preserve">第一 中学</t></r><rPh sb="0" eb="1"><t>ヨウ</t></rPh></is></c>',
    );
    assert.match(xml, /第一 中学/u);
    const read = await readXlsxBuffer(zipOf(withEntry(entries, part, xml)));
    assert.equal(read.sheets.find((s) => s.name === '单位名录')?.rows[1]?.[1], '阳城县第一 中学');
  });

  it('reads indented (pretty-printed) sheets and shared strings without the indentation', async () => {
    const entries = await entriesOf(await otherProducerXlsx({ sheets: sample.sheets }, EXCEL_STYLE));
    let changed = entries;
    for (const part of ['xl/worksheets/sheet2.xml', 'xl/sharedStrings.xml']) changed = withEntry(changed, part, textOf(changed, part).replace(/></gu, '>\n    <'));
    const read = await readXlsxBuffer(zipOf(changed));
    assert.deepEqual(plain(read, '单位名录'), plain(sample, '单位名录'));
  });

  it('reads a file saved by openpyxl 3.0.9 (fixture)', async () => {
    const wb = await readXlsxFile(fixture('openpyxl-阳城县-2026Q2.xlsx'));
    const a = analyzeWorkbook(wb);
    assert.deepEqual(a.summary, { errors: 0, warnings: 0 }, a.issues.map((i) => i.message).join('\n'));
    assert.equal(a.workbook.county?.name, '阳城县');
    assert.deepEqual(a.workbook.period, { year: 2026, quarter: 2 });
    assert.equal(wb.sheets.find((s) => s.name === '单位名录')?.rows.length, 9);
  });
});

import assert from 'node:assert/strict';
import { readXlsxBuffer, WorkbookReadError } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { entriesOf, textOf, withEntry, zipOf, type RawEntry } from './zip-writer.js';

/** Damaged XML inside a zip that is itself intact (every CRC-32 and size right). */
describe('damaged parts inside a valid zip', () => {
  let good: RawEntry[];
  /** The part of 单位名录 (the guide sheet is sheet1, 基本信息 sheet2). */
  const UNITS = 'xl/worksheets/sheet3.xml';
  before(async () => {
    good = await entriesOf(await xlsxBuffer(generateSample({ county: JINCHENG.counties[1]!, period: { year: 2026, quarter: 2 }, institutions: 12, seed: 5 })));
  });

  const half = (s: string): string => s.slice(0, Math.floor(s.length / 2));

  async function assertCorrupt(entries: RawEntry[], sheet?: string): Promise<void> {
    await assert.rejects(readXlsxBuffer(zipOf(entries)), (err: unknown) => {
      assert.ok(err instanceof WorkbookReadError, String(err));
      assert.equal(err.reason, 'corrupt', err.message);
      assert.match(err.message, /已损坏/u);
      if (sheet) assert.match(err.message, new RegExp(`工作表“${sheet}”`, 'u'));
      return true;
    });
  }

  it('still reads the intact rebuilt workbook', async () => {
    const wb = await readXlsxBuffer(zipOf(good));
    assert.equal(wb.sheets.find((s) => s.name === '单位名录')?.rows.length, 13);
  });

  it('a sheet cut in half', async () => {
    await assertCorrupt(withEntry(good, UNITS, half(textOf(good, UNITS))), '单位名录');
  });

  it('a sheet cut right after a complete row', async () => {
    const xml = textOf(good, UNITS);
    const at = xml.indexOf('</row>', xml.length / 2) + '</row>'.length;
    await assertCorrupt(withEntry(good, UNITS, xml.slice(0, at)), '单位名录');
  });

  it('an empty sheet part', async () => {
    await assertCorrupt(withEntry(good, UNITS, ''), '单位名录');
  });

  it('sharedStrings cut short', async () => {
    await assertCorrupt(withEntry(good, 'xl/sharedStrings.xml', half(textOf(good, 'xl/sharedStrings.xml'))));
  });

  it('sharedStrings malformed (a tag closed out of order)', async () => {
    await assertCorrupt(withEntry(good, 'xl/sharedStrings.xml', textOf(good, 'xl/sharedStrings.xml').replace('</t></si>', '</si></t>')));
  });

  it('sharedStrings well-formed but with fewer strings than the sheets use', async () => {
    const xml = textOf(good, 'xl/sharedStrings.xml');
    const items = xml.split('</si>');
    const kept = items.slice(0, Math.floor(items.length / 2)).join('</si>') + '</si></sst>';
    await assertCorrupt(withEntry(good, 'xl/sharedStrings.xml', kept));
  });

  it('xl/_rels/workbook.xml.rels missing', async () => {
    await assertCorrupt(withEntry(good, 'xl/_rels/workbook.xml.rels', null));
  });

  it('garbage [Content_Types].xml', async () => {
    await assertCorrupt(withEntry(good, '[Content_Types].xml', 'PK\u0003\u0004 this is not xml <<<'));
    await assertCorrupt(withEntry(good, '[Content_Types].xml', '<?xml version="1.0"?><html><body>not a package</body></html>'));
    await assertCorrupt(withEntry(good, '[Content_Types].xml', half(textOf(good, '[Content_Types].xml'))));
  });

  it('a sheet relationship pointing to a part that is not there', async () => {
    const rels = textOf(good, 'xl/_rels/workbook.xml.rels').replace('worksheets/sheet3.xml', 'worksheets/sheet99.xml');
    await assertCorrupt(withEntry(good, 'xl/_rels/workbook.xml.rels', rels), '单位名录');
  });

  it('a sheet declared in workbook.xml without a relationship', async () => {
    const book = textOf(good, 'xl/workbook.xml').replace(/(<sheet [^>]*name="单位名录"[^>]*r:id=")[^"]+"/u, '$1rId999"');
    await assertCorrupt(withEntry(good, 'xl/workbook.xml', book), '单位名录');
  });

  it('workbook.xml, styles.xml or the rels cut short', async () => {
    for (const part of ['xl/workbook.xml', 'xl/styles.xml', 'xl/_rels/workbook.xml.rels']) {
      await assertCorrupt(withEntry(good, part, half(textOf(good, part))));
    }
  });
});

/**
 * Issue 8 review: SpreadsheetML written with a namespace prefix ("<x:worksheet xmlns:x=…>",
 * "<x:c>"), as the Open XML SDK and tools built on it may write it. Excel opens such files;
 * the reader used to see empty sheets (70 made-up "missing" errors) or call the file damaged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readXlsxBuffer } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { entriesOf, textOf, withEntry, zipOf, type RawEntry } from './zip-writer.js';

const NAMESPACES = [
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://schemas.openxmlformats.org/package/2006/relationships',
  'http://schemas.openxmlformats.org/package/2006/content-types',
];

/** One XML part with its default OOXML namespace bound to `prefix` and every unprefixed element name prefixed. */
function prefixed(xml: string, prefix: string): string {
  const uri = NAMESPACES.find((u) => xml.includes(`xmlns="${u}"`));
  if (!uri) return xml;
  return xml.replace(`xmlns="${uri}"`, `xmlns:${prefix}="${uri}"`).replace(/<(\/?)([A-Za-z][\w]*)(?=[\s>/])/gu, `<$1${prefix}:$2`);
}

async function prefixedPackage(xlsx: Buffer, prefix: string): Promise<{ bytes: Buffer; parts: number }> {
  let entries: RawEntry[] = await entriesOf(xlsx);
  let parts = 0;
  for (const { name } of [...entries]) {
    if (!/\.(xml|rels)$/u.test(name)) continue;
    const before = textOf(entries, name);
    const after = prefixed(before, prefix);
    if (after !== before) parts++;
    entries = withEntry(entries, name, after);
  }
  return { bytes: zipOf(entries), parts };
}

const brief = (a: ReturnType<typeof analyzeWorkbook>): unknown => ({
  county: a.workbook.county?.name,
  period: a.workbook.period,
  issues: a.issues.map((i) => [i.severity, i.code, `${i.sheet}!${i.cell}`, i.message]),
  indicators: a.indicators,
});

describe('SpreadsheetML with a namespace prefix (issue 8 review)', () => {
  for (const prefix of ['x', 'ss']) {
    it(`a sample workbook with every part prefixed “${prefix}:” reads to the same result as the original`, async () => {
      const original = await xlsxBuffer(generateSample({ county: JINCHENG.counties[1]!, period: { year: 2026, quarter: 2 }, institutions: 12, seed: 4 }));
      const { bytes, parts } = await prefixedPackage(original, prefix);
      assert.ok(parts >= 10, `parts prefixed: ${parts}`);
      const want = analyzeWorkbook(await readXlsxBuffer(original));
      const got = analyzeWorkbook(await readXlsxBuffer(bytes));
      assert.deepEqual(got.summary, { errors: 0, warnings: 0 }, got.issues.slice(0, 5).map((i) => i.message).join('\n'));
      assert.deepEqual(brief(got), brief(want));
    });
  }

  it('merges and cached formula errors are still found in a prefixed LibreOffice file', async () => {
    const file = readFileSync(fileURLToPath(new URL('../../fixtures/libreoffice-陵川县-2026Q2-special-cells.xlsx', import.meta.url)));
    const want = analyzeWorkbook(await readXlsxBuffer(file));
    const kinds = (a: ReturnType<typeof analyzeWorkbook>): string[] => a.issues.map((i) => `${i.code} ${i.sheet}!${i.cell}`);
    assert.ok(want.issues.some((i) => i.message.includes('#DIV/0!')) && want.issues.some((i) => i.message.includes('合并单元格')), kinds(want).join('\n'));
    const got = analyzeWorkbook(await readXlsxBuffer((await prefixedPackage(file, 'x')).bytes));
    assert.deepEqual(brief(got), brief(want));
  });
});

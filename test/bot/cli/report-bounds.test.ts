/** `jieneng validate` on a real .xlsx with thousands of mistakes: the report lists the first of each kind and counts the rest. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { SHEET } from '../../../shared/template/v1.js';
import { cli, tempDir } from '../helpers.js';

/** n institutions, each with 建筑面积 missing and text in 用能人数, and a negative 电力. */
async function manyMistakes(file: string, n: number): Promise<string> {
  const input = generateSample({ county: JINCHENG.counties[4]!, period: { year: 2026, quarter: 3 }, institutions: n, seed: 5 });
  const edit = (sheet: string, header: string, value: string | number | null): void => {
    const rows = input.sheets.find((s) => s.name === sheet)!.rows as unknown[][];
    const c = rows[0]!.indexOf(header);
    for (const row of rows.slice(1)) row[c] = value;
  };
  edit(SHEET.institutions, '建筑面积（m²）', null);
  edit(SHEET.institutions, '用能人数', '很多');
  edit(SHEET.consumption, '电力（kWh）', -5);
  await writeFile(file, await xlsxBuffer(input, { guide: false }));
  return file;
}

interface Report {
  summary: { errors: number; warnings: number };
  issues: unknown[];
  issueCount: number;
  issuesTruncated: boolean;
  issueGroups: { count: number; listed: number; cells: string }[];
}

describe('jieneng validate on a workbook with thousands of mistakes', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  let small: string;
  let large: string;
  before(async () => {
    ({ dir, cleanup } = await tempDir());
    small = await manyMistakes(join(dir, '错-300.xlsx'), 300);
    large = await manyMistakes(join(dir, '错-1200.xlsx'), 1200);
  });
  after(async () => cleanup());

  it('lists 10 of each kind by default, in text and JSON alike, and counts every one', async () => {
    const json = await cli(['validate', large, '--format', 'json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out) as Report;
    assert.equal(report.summary.errors, 3600);
    assert.equal(report.issueCount, 3600);
    assert.equal(report.issuesTruncated, true);
    assert.deepEqual(report.issueGroups.map((g) => [g.count, g.listed]), [[1200, 10], [1200, 10], [1200, 10]]);
    assert.equal(report.issues.length, 30);
    const text = await cli(['validate', large]);
    assert.equal(text.code, 1);
    assert.equal((text.out.match(/\[错误\]/gu) ?? []).length, 30);
    assert.match(text.out, /……同类问题另有 1190 处未列出：F12–F1201。/u);
  });

  it('grows with the kinds of mistakes, not with the rows that repeat them', async () => {
    for (const format of ['text', 'json']) {
      const a = (await cli(['validate', small, '--format', format])).out.length;
      const b = (await cli(['validate', large, '--format', format])).out.length;
      assert.ok(b / a < 1.05, `${format}: ${a} → ${b} characters for 4× the mistakes`);
    }
  });
});

import assert from 'node:assert/strict';
import { JINCHENG } from '../../../shared/counties.js';
import { validateWorkbook } from '../../../shared/engine.js';
import { generateSample } from '../../../shared/sample/generate.js';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import { isoDateToSerial } from '../../../shared/values/coerce.js';

/** What Office.js hands over as Range.values: "" for empty cells, dates as serial numbers. */
function asRangeValues(input: WorkbookInput): WorkbookInput {
  const cell = (v: CellValue): CellValue =>
    v === null || v === undefined ? '' : v instanceof Date ? isoDateToSerial(v.toISOString().slice(0, 10)) : v;
  return { sheets: input.sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => (r ?? []).map(cell)) })) };
}

describe('shared/ table model fed by Excel ranges', () => {
  const county = JINCHENG.counties.find((c) => c.name === '阳城县')!;
  const input = generateSample({ county, period: { year: 2026, quarter: 2 }, institutions: 40, seed: 11 });

  it('validates Range.values (empty strings, date serials) exactly like the reader’s values', () => {
    const fromRanges = validateWorkbook(asRangeValues(input));
    assert.deepEqual(fromRanges.summary, { errors: 0, warnings: 0 });
    assert.equal(fromRanges.workbook.county?.name, '阳城县');
    assert.deepEqual(fromRanges.workbook.period, { year: 2026, quarter: 2 });
  });

  it('reports addresses in sheet coordinates when a range starts right of column A', () => {
    const ranged = asRangeValues(input);
    // The 单位名录 range starts at column C (two empty columns on the left), as usedRange would give.
    const sheet = ranged.sheets.find((s) => s.name === '单位名录')!;
    sheet.originColumn = 3;
    const rows = sheet.rows as CellValue[][];
    rows[4]![4] = '很多'; // 用能人数 is the 5th column of the template: here column G
    const v = validateWorkbook(ranged);
    assert.equal(v.summary.errors, 1, v.issues.map((i) => i.message).join('\n'));
    const issue = v.issues[0]!;
    assert.deepEqual([issue.sheet, issue.cell, issue.row, issue.column, issue.field, issue.code], ['单位名录', 'G5', 5, 'G', '用能人数', 'type']);
  });
});

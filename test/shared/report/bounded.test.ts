/**
 * Reports of workbooks with many mistakes: each group (same sheet, column and kind) lists its first
 * N issues and counts the rest, in text and JSON alike, and building a report takes time linear in
 * the issues. Workbooks as the add-in hands them over (Excel's Range.values: empty cells are "").
 */
import assert from 'node:assert/strict';
import { validateWorkbook, type Validation } from '../../../shared/engine.js';
import { ISSUES_PER_GROUP, validateJson } from '../../../shared/report/json.js';
import { validationText } from '../../../shared/report/text.js';
import { SHEET } from '../../../shared/template/v1.js';
import { asRangeValues } from '../validation/range-values.js';
import { columnOf, dataRows, sample, sheet } from '../helpers.js';

const TEMPLATE_KEYS = ['template', 'county', 'period', 'summary', 'issues', 'explained'];
const ISSUE_KEYS = ['severity', 'code', 'sheet', 'cell', 'row', 'column', 'field', 'value', 'message'];

/** n institutions, every one with three mistakes: 建筑面积 empty, 用能人数 text, 电力 negative. */
function manyMistakes(n: number): Validation {
  const input = sample({ institutions: n });
  const directory = sheet(input, SHEET.institutions);
  const area = columnOf(input, SHEET.institutions, '建筑面积（m²）') - 1;
  const staff = columnOf(input, SHEET.institutions, '用能人数') - 1;
  for (const r of dataRows(input, SHEET.institutions)) {
    directory.rows[r - 1]![area] = null;
    directory.rows[r - 1]![staff] = '很多';
  }
  const consumption = sheet(input, SHEET.consumption);
  const kwh = columnOf(input, SHEET.consumption, '电力（kWh）') - 1;
  for (const r of dataRows(input, SHEET.consumption)) consumption.rows[r - 1]![kwh] = -5;
  return validateWorkbook(asRangeValues(input));
}

/** The fastest of a few runs, in ms: the least disturbed by other work on the machine. */
function fastest(work: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('report bounds (text and JSON)', function () {
  this.timeout(120_000);
  let small: Validation;
  let large: Validation;
  before(() => {
    small = manyMistakes(500);
    large = manyMistakes(2000);
  });

  it('lists the first issues of each group and counts the rest, in text and JSON alike', () => {
    assert.equal(large.issues.length, 6000);
    const json = validateJson(large);
    assert.deepEqual(Object.keys(json).slice(0, TEMPLATE_KEYS.length), TEMPLATE_KEYS, 'template.md’s keys first, in its order');
    for (const i of json.issues) assert.deepEqual(Object.keys(i), ISSUE_KEYS);
    assert.deepEqual(json.summary, large.summary, 'the summary counts every issue');
    assert.equal(json.issueCount, 6000);
    assert.equal(json.issuesTruncated, true);
    assert.deepEqual(
      json.issueGroups.map((g) => [g.sheet, g.field, g.code, g.count, g.listed]),
      [
        [SHEET.institutions, '用能人数', 'type', 2000, ISSUES_PER_GROUP],
        [SHEET.institutions, '建筑面积（m²）', 'required', 2000, ISSUES_PER_GROUP],
        [SHEET.consumption, '电力（kWh）', 'range', 2000, ISSUES_PER_GROUP],
      ],
    );
    assert.equal(json.issues.length, 3 * ISSUES_PER_GROUP);
    assert.deepEqual(json.issues.slice(0, 2).map((i) => i.cell), ['E2', 'F2'], 'in sheet, row, column order');
    assert.equal(json.issueGroups[1]!.cells, 'F2–F2001');

    const text = validationText(large);
    assert.match(text, /发现 6000 个错误/u);
    assert.match(text, /【单位名录】错误 4000 个，警告 0 个/u);
    assert.equal((text.match(/\[错误\]/gu) ?? []).length, 3 * ISSUES_PER_GROUP, 'the text lists what the JSON lists');
    assert.match(text, /同类问题另有 1990 处未列出：F12–F2001。/u);
    assert.match(text, /加 --limit all 全部列出/u);
  });

  it('lists a chosen number per group, or all of them', () => {
    const three = validateJson(large, { limit: 3 });
    assert.equal(three.issues.length, 9);
    assert.ok(three.issueGroups.every((g) => g.listed === 3));
    assert.equal((validationText(large, { limit: 3 }).match(/\[错误\]/gu) ?? []).length, 9);
    const all = validateJson(large, { limit: null });
    assert.equal(all.issues.length, 6000);
    assert.equal(all.issuesTruncated, false);
    assert.equal((validationText(large, { limit: null }).match(/\[错误\]/gu) ?? []).length, 6000);
    assert.doesNotMatch(validationText(large, { limit: null }), /未列出/u);
  });

  it('grows with the kinds of mistakes, not with the rows that repeat them', () => {
    assert.equal(large.issues.length, 4 * small.issues.length);
    const size = (v: Validation) => ({ text: validationText(v).length, json: JSON.stringify(validateJson(v), null, 2).length });
    const a = size(small);
    const b = size(large);
    // Only the counts and the last row numbers get longer ("1990" for "490").
    assert.ok(b.text / a.text < 1.05, `text ${a.text} → ${b.text}`);
    assert.ok(b.json / a.json < 1.05, `json ${a.json} → ${b.json}`);
  });

  it('takes time linear in the issues, even when it lists them all', () => {
    // 4× the issues: linear work takes about 4×; the old per-issue copy of the list took 16×.
    for (const [label, report] of [
      ['text, all listed', (v: Validation) => validationText(v, { limit: null })],
      ['text', (v: Validation) => validationText(v)],
      ['json, all listed', (v: Validation) => JSON.stringify(validateJson(v, { limit: null }))],
    ] as const) {
      report(large); // warm up
      const ratio = fastest(() => report(large)) / fastest(() => report(small));
      assert.ok(ratio < 8, `${label}: 4× the issues took ${ratio.toFixed(1)}× the time`);
    }
  });
});

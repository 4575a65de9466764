/**
 * Values echoed back to the user (issue 8, item 14): a huge cell is cut to a readable length with
 * "…" in the message and in the issue's JSON `value`, and NaN / Infinity reach JSON as the text
 * the message shows, not as null. On the add-in's input path (Range.values); the .xlsx path is in
 * test/bot/xlsx/office-forms.test.ts.
 */
import assert from 'node:assert/strict';
import { validateWorkbook } from '../../../shared/engine.js';
import { validateJson } from '../../../shared/report/json.js';
import { ECHO_LIMIT } from '../../../shared/table/sheet.js';
import { basicRow, dataRows, sample, setCell, setField, sheet } from '../helpers.js';
import { asRangeValues } from './range-values.js';

const MB = 1024 * 1024;

function jsonOf(v: ReturnType<typeof validateWorkbook>): string {
  return JSON.stringify(validateJson(v));
}

describe('long values and NaN / Infinity in messages and JSON (item 14), as Range.values hands them over', () => {
  it(`a 1 MB cell in a number column is echoed as its first ${ECHO_LIMIT} characters and “…”`, () => {
    const wb = sample();
    const huge = `12吨${'很'.repeat(MB)}`;
    const at = setField(wb, '能源资源消费', '天然气（m³）', 2, huge);
    const v = validateWorkbook(asRangeValues(wb));
    assert.deepEqual(v.issues.map((i) => `${i.code} ${i.cell}`), [`type ${at}`]);
    const issue = v.issues[0]!;
    const cut = `${huge.slice(0, ECHO_LIMIT)}…`;
    assert.equal(issue.value, cut);
    assert.ok(issue.message.includes(`“${cut}”`), issue.message);
    assert.ok(issue.message.length < 300, `message of ${issue.message.length} characters`);
    assert.ok(jsonOf(v).length < 3000, `JSON of ${jsonOf(v).length} characters`);
  });

  it('a 1 MB 单位名称 (too long) keeps its length in the message and a cut value', () => {
    const wb = sample();
    const at = setField(wb, '单位名录', '单位名称', 3, '局'.repeat(MB));
    const v = validateWorkbook(asRangeValues(wb));
    const issue = v.issues.find((i) => i.cell === at && i.sheet === '单位名录')!;
    assert.equal(issue.code, 'range');
    assert.ok(issue.message.includes(`长度为 ${MB} 个字`), issue.message);
    assert.equal(issue.value, `${'局'.repeat(ECHO_LIMIT)}…`);
    assert.ok(jsonOf(v).length < 10_000, `JSON of ${jsonOf(v).length} characters`);
  });

  it('a 1 MB header text with a wrong unit is cut in the header message', () => {
    const wb = sample();
    const head = sheet(wb, '能源资源消费').rows[0]!;
    const c = head.indexOf('电力（kWh）');
    head[c] = `电力（${'万'.repeat(MB)}）`;
    const v = validateWorkbook(asRangeValues(wb));
    const issue = v.issues.find((i) => i.code === 'header')!;
    assert.ok(issue.message.length < 400, `message of ${issue.message.length} characters`);
    assert.ok(issue.message.includes('…'), issue.message);
    assert.ok(jsonOf(v).length < 10_000, `JSON of ${jsonOf(v).length} characters`);
  });

  it('1 MB cells in a date and in a choice column are refused at once (no quadratic parsing)', () => {
    const wb = sample();
    const row = dataRows(wb, '反食品浪费自查')[0]!;
    const date = setField(wb, '反食品浪费自查', '自查日期', row, `2026${' '.repeat(MB)}x`);
    const choice = setField(wb, '光伏资源', '建设状态', dataRows(wb, '光伏资源')[0]!, '已'.repeat(MB));
    const started = performance.now();
    const v = validateWorkbook(asRangeValues(wb));
    assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
    assert.equal(v.issues.find((i) => i.cell === date && i.sheet === '反食品浪费自查')?.code, 'format');
    assert.equal(v.issues.find((i) => i.cell === choice && i.sheet === '光伏资源')?.code, 'enum');
    assert.ok(jsonOf(v).length < 10_000, `JSON of ${jsonOf(v).length} characters`);
  });

  it('characters outside the BMP are never cut in half', () => {
    const wb = sample();
    const at = setField(wb, '能源资源消费', '天然气（m³）', 2, '𠀀'.repeat(ECHO_LIMIT + 5));
    const issue = validateWorkbook(asRangeValues(wb)).issues.find((i) => i.cell === at)!;
    assert.equal(issue.value, `${'𠀀'.repeat(ECHO_LIMIT)}…`);
  });

  it(`a value of exactly ${ECHO_LIMIT} characters is echoed whole`, () => {
    const wb = sample();
    const text = 'x'.repeat(ECHO_LIMIT);
    const at = setField(wb, '能源资源消费', '天然气（m³）', 2, text);
    const issue = validateWorkbook(asRangeValues(wb)).issues.find((i) => i.cell === at)!;
    assert.equal(issue.value, text);
  });

  const nonFinite: [string, number | string, string][] = [
    ['a numeric NaN', Number.NaN, 'NaN'],
    ['a numeric Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['a numeric -Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
    ['the text “1e999”', '1e999', '1e999'],
    ['the text “-1E999”', '-1E999', '-1E999'],
  ];
  for (const [label, raw, shown] of nonFinite) {
    it(`${label} in a number column: JSON value is "${shown}", as in the message`, () => {
      const wb = sample();
      const at = setField(wb, '能源资源消费', '电力（kWh）', 2, raw);
      const v = validateWorkbook(asRangeValues(wb));
      assert.deepEqual(v.issues.map((i) => `${i.severity} ${i.cell}`), [`error ${at}`]);
      const fromJson = (JSON.parse(jsonOf(v)) as { issues: { value: unknown; message: string }[] }).issues[0]!;
      assert.equal(fromJson.value, shown);
      assert.ok(fromJson.message.includes(`“${shown}”`), fromJson.message);
      assert.doesNotMatch(fromJson.message, /不是数字（可填/u, 'a number too large is not “not a number”');
    });
  }

  it('Infinity in 报告年度 reaches JSON as "Infinity"', () => {
    const wb = sample();
    const a1 = `B${basicRow(wb, '报告年度')}`;
    setCell(wb, '基本信息', a1, Number.POSITIVE_INFINITY);
    const v = validateWorkbook(asRangeValues(wb));
    const fromJson = (JSON.parse(jsonOf(v)) as { issues: { cell: string; value: unknown; message: string }[] }).issues.find((i) => i.cell === a1)!;
    assert.equal(fromJson.value, 'Infinity');
    assert.ok(fromJson.message.includes('“Infinity”'), fromJson.message);
  });
});

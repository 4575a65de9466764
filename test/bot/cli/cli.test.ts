import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readXlsxFile } from '../../../bot/xlsx/read.js';
import { writeXlsx } from '../../../bot/xlsx/write.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { ISSUE_CODES } from '../../../shared/validation/issues.js';
import { INDICATORS } from '../../../shared/indicators/definitions.js';
import { GUIDE_SHEET } from '../../../shared/template/blank.js';
import { cli, setCell, tempDir, withoutSheet } from '../helpers.js';

const ISSUE_KEYS = ['severity', 'code', 'sheet', 'cell', 'row', 'column', 'field', 'value', 'message'];
const noStackTrace = (text: string): void => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/u, 'no stack trace for users');

describe('jieneng command line', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let good: string;
  before(async () => {
    ({ dir, cleanup } = await tempDir());
    good = join(dir, '泽州县-2026Q3.xlsx');
    const r = await cli(['sample', '--county', '泽州县', '--period', '2026Q3', '--institutions', '25', '--seed', '3', '--out', good]);
    assert.equal(r.code, 0, r.err);
  });
  after(async () => cleanup());

  /** A copy of the good sample with cells changed, written as a real .xlsx. */
  async function damaged(name: string, edits: [sheet: string, cell: string, value: string | number | null][], drop?: string): Promise<string> {
    let input = await readXlsxFile(good);
    input = withoutSheet(input, GUIDE_SHEET);
    if (drop) input = withoutSheet(input, drop);
    for (const [sheet, cell, value] of edits) setCell(input, sheet, cell, value);
    const file = join(dir, name);
    await writeXlsx(input, file, { guide: false });
    return file;
  }

  it('sample writes a workbook that validates with no problems (exit 0)', async () => {
    const r = await cli(['validate', good]);
    assert.equal(r.code, 0);
    assert.match(r.out, /未发现问题，可以提交/u);
    assert.match(r.out, /县（市、区）：泽州县/u);
  });

  it('validate reports a damaged workbook by sheet and cell, in Chinese (exit 1)', async () => {
    const file = await damaged('bad.xlsx', [
      ['单位名录', 'F3', null], // 建筑面积 blank
      ['单位名录', 'E4', '八十五'], // 用能人数 not a number
      ['能源资源消费', 'B2', -5], // 电力 negative
      ['基本信息', 'B6', '12345'], // 联系电话
    ]);
    const r = await cli(['validate', file]);
    assert.equal(r.code, 1);
    assert.match(r.out, /发现 4 个错误/u);
    assert.match(r.out, /【单位名录】错误 2 个/u);
    assert.match(r.out, /单位名录 F3「建筑面积（m²）」未填写/u);
    assert.match(r.out, /单位名录 E4「用能人数」的值“八十五”不是整数/u);
    assert.match(r.out, /能源资源消费 B2「电力（kWh）」的值“-5”超出允许范围/u);
    assert.match(r.out, /基本信息 B6「联系电话」的值“12345”格式不正确/u);
    // Sheets appear in template order.
    assert.ok(r.out.indexOf('【基本信息】') < r.out.indexOf('【单位名录】'));
    assert.ok(r.out.indexOf('【单位名录】') < r.out.indexOf('【能源资源消费】'));
  });

  it('validate --format json has exactly the shape of template.md', async () => {
    const file = await damaged('bad-json.xlsx', [['单位名录', 'A3', 'X1140525MB0000000Y']], '光伏资源');
    const r = await cli(['validate', file, '--format', 'json']);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    // template.md's keys first and in its order; then the counts of a report that lists the first issues of each group.
    assert.deepEqual(Object.keys(json), ['template', 'county', 'period', 'summary', 'issues', 'explained', 'issueCount', 'issuesTruncated', 'issueGroups', 'explainedCount']);
    assert.equal(json['template'], 'v1');
    assert.equal(json['county'], '泽州县');
    assert.equal(json['period'], '2026Q3');
    const issues = json['issues'] as Record<string, unknown>[];
    const summary = json['summary'] as { errors: number; warnings: number };
    assert.deepEqual(Object.keys(summary), ['errors', 'warnings']);
    assert.equal(summary.errors, issues.filter((i) => i['severity'] === 'error').length);
    assert.equal(summary.warnings, issues.filter((i) => i['severity'] === 'warning').length);
    assert.equal(json['issueCount'], issues.length);
    assert.equal(json['issuesTruncated'], false);
    for (const i of issues) {
      assert.deepEqual(Object.keys(i), ISSUE_KEYS);
      assert.ok((ISSUE_CODES as readonly string[]).includes(i['code'] as string));
      assert.equal(i['cell'], `${i['column']}${i['row']}`);
    }
    const missing = issues.find((i) => i['code'] === 'sheet-missing');
    assert.deepEqual(missing && { severity: missing['severity'], sheet: missing['sheet'], cell: missing['cell'] }, { severity: 'warning', sheet: '光伏资源', cell: 'A1' });
    const bad = issues.find((i) => i['sheet'] === '单位名录' && i['cell'] === 'A3');
    assert.ok(bad, 'the damaged credit code is reported at A3');
    assert.equal(bad['field'], '统一社会信用代码');
    assert.equal(bad['value'], 'X1140525MB0000000Y');
  });

  it('indicators --format json lists every indicator of domain.md and matches the engine', async () => {
    const r = await cli(['indicators', good, '--format', 'json']);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out) as { indicators: { id: string; value: number | null; pass: boolean | null }[]; coefficients: { version: string } };
    assert.deepEqual(json.indicators.map((i) => i.id), INDICATORS.map((d) => d.id));
    for (const i of json.indicators) assert.deepEqual(Object.keys(i), ['id', 'name', 'value', 'unit', 'target', 'comparator', 'pass']);
    const engine = analyzeWorkbook(await readXlsxFile(good));
    assert.deepEqual(json.indicators, JSON.parse(JSON.stringify(engine.indicators)));
    assert.equal(json.coefficients.version, '2026.1');
  });

  it('indicators text shows values with two decimals and target status', async () => {
    const r = await cli(['indicators', good]);
    assert.equal(r.code, 0);
    assert.match(r.out, /新增及更新公务用车新能源汽车占比\s+[\d,]+\.\d{2}\s+%\s+≥ 35%\s+(达标|未达标)/u);
    assert.match(r.out, /同比指标需要上年同期报表/u);
  });

  it('--history computes year-on-year indicators from last year’s same quarter', async () => {
    const last = join(dir, '泽州县-2025Q3.xlsx');
    assert.equal((await cli(['sample', '--county', '泽州县', '--period', '2025Q3', '--institutions', '25', '--seed', '3', '--out', last])).code, 0);
    const r = await cli(['indicators', good, '--history', last, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { indicators: { id: string; value: number | null }[] };
    const yoy = json.indicators.find((i) => i.id === 'energy.yoy_pct')!;
    assert.equal(typeof yoy.value, 'number');
    const wrong = await cli(['indicators', good, '--history', good]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /同比需要泽州县 2025Q3（上年同期）的报表/u);
  });

  it('--coefficients applies a valid override and explains an invalid one (exit 2)', async () => {
    const ok = join(dir, 'coef.json');
    await writeFile(ok, JSON.stringify({ name: '测试口径', version: 't1', gridFactor: '华北2023' }));
    const base = JSON.parse((await cli(['indicators', good, '--format', 'json'])).out) as { indicators: { id: string; value: number }[] };
    const over = JSON.parse((await cli(['indicators', good, '--format', 'json', '--coefficients', ok])).out) as { indicators: { id: string; value: number }[]; coefficients: { name: string } };
    assert.equal(over.coefficients.name, '测试口径');
    const pick = (x: typeof base, id: string) => x.indicators.find((i) => i.id === id)!.value;
    assert.ok(pick(over, 'carbon.total_t') < pick(base, 'carbon.total_t'), 'a lower grid factor lowers carbon');
    assert.equal(pick(over, 'energy.total_tce'), pick(base, 'energy.total_tce'));

    const bad = join(dir, 'coef-bad.json');
    await writeFile(bad, JSON.stringify({ version: 'x', co2: { electricity: -1, steam: 2 } }));
    const r = await cli(['indicators', good, '--coefficients', bad]);
    assert.equal(r.code, 2);
    assert.match(r.err, /系数文件.*有 \d+ 处问题/u);
    assert.match(r.err, /co2\.electricity/u);
    assert.match(r.err, /name/u);
    noStackTrace(r.err);

    const broken = join(dir, 'coef-broken.json');
    await writeFile(broken, '{ "name": "x",\n  "version": }');
    const r2 = await cli(['coefficients', '--coefficients', broken]);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /不是有效的 JSON（第 2 行/u);
  });

  it('unreadable files give a clear Chinese message and exit 2, never a stack trace', async () => {
    const csv = join(dir, 'data.csv');
    await writeFile(csv, '单位名称,电力\n');
    for (const [file, message] of [
      [csv, /不是 Excel 工作簿/u],
      [join(dir, 'missing.xlsx'), /不存在/u],
    ] as const) {
      const r = await cli(['validate', file]);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      noStackTrace(r.err);
      assert.equal(r.out, '');
    }
    const half = join(dir, 'half.xlsx');
    await writeFile(half, (await readFile(good)).subarray(0, 4000));
    const r = await cli(['indicators', half]);
    assert.equal(r.code, 2);
    assert.match(r.err, /已损坏/u);
  });

  it('usage mistakes exit 2 with the command’s help', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /没有“frobnicate”这个命令/u],
      [['validate'], /缺少要处理的文件/u],
      [['validate', good, '--format', 'xml'], /--format 只能是 text 或 json/u],
      [['validate', good, '--colour'], /没有选项 --colour/u],
      [['sample', '--county', '北京', '--period', '2026Q3'], /不是晋城市所辖县/u],
      [['sample', '--county', '泽州县', '--period', '2026-3'], /--period 应为“年份Q季度”/u],
      [['sample', '--county', '泽州县', '--period', '2026Q3', '--institutions', '0'], /--institutions 应为 1–200000 之间的整数/u],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.match(r.err, /用法：jieneng/u);
    }
  });

  it('template and sample refuse to overwrite without --force', async () => {
    const out = join(dir, 'tpl.xlsx');
    assert.equal((await cli(['template', '--out', out])).code, 0);
    const again = await cli(['template', '--out', out]);
    assert.equal(again.code, 2);
    assert.match(again.err, /已存在。如需覆盖请加 --force/u);
    assert.equal((await cli(['template', '--out', out, '--force'])).code, 0);
    const r = await cli(['validate', out, '--format', 'json']);
    assert.equal(JSON.parse(r.out).summary.errors, 8, 'an empty template only lacks 基本信息 values and institutions');
  });

  it('demo writes six county workbooks that validate, plus one with mistakes', async () => {
    const demoDir = join(dir, 'demo');
    const r = await cli(['demo', '--dir', demoDir, '--period', '2026Q3']);
    assert.equal(r.code, 0, r.err);
    for (const county of ['城区', '沁水县', '阳城县', '陵川县', '泽州县', '高平市']) {
      assert.match(r.out, new RegExp(`${county}\\s+\\d+\\s+0\\s+0`, 'u'), `${county} has 0 errors and 0 warnings`);
      const v = await cli(['validate', join(demoDir, `${county}-2026Q3.xlsx`)]);
      assert.equal(v.code, 0);
    }
    const broken = await cli(['validate', join(demoDir, '示例-有错误-2026Q3.xlsx'), '--format', 'json']);
    assert.equal(broken.code, 1);
    const issues = JSON.parse(broken.out).issues as { code: string; sheet: string; message: string }[];
    assert.deepEqual([...new Set(issues.map((i) => i.code))].sort(), ['checksum', 'format', 'required', 'type', 'unknown-ref']);
    // The registry typo makes the other sheets' (correct) codes unknown; each says which row is the likely culprit.
    const refs = issues.filter((i) => i.code === 'unknown-ref');
    assert.ok(refs.length > 0 && refs.every((i) => /单位名录第 3 行的代码.*可能是同一单位/u.test(i.message)), refs.map((i) => i.message).join('\n'));
  });

  it('demo picks the last ended quarter from the clock', async () => {
    const demoDir = join(dir, 'demo-clock');
    const r = await cli(['demo', '--dir', demoDir], new Date('2027-02-10T01:00:00Z'));
    assert.equal(r.code, 0);
    assert.match(r.out, /2026年第4季度/u);
  });
});

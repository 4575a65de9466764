/**
 * bot/submissions/intake.ts in process: the compact CheckedWorkbook (the first 1,000 issues, all
 * of them counted and grouped), what a stored record keeps, and the JSON body's syntax and shape
 * errors with the API's messages.
 */
import assert from 'node:assert/strict';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import { checkPayload, intake, ISSUE_ANSWER_LIMIT, STORED_ISSUES, type IntakeOutcome, type Payload } from '../../../bot/submissions/intake.js';
import { JINCHENG } from '../../../shared/counties.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { groupIssues } from '../../../shared/report/groups.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { snapshotOf } from '../../../shared/validation/history.js';
import { sample, setCell, setField } from '../../shared/helpers.js';
import { sheetsJson } from './helpers.js';

const NOW = new Date('2026-10-10T02:00:00Z');
const ZEZHOU = JINCHENG.counties[4]!;

function submit(payload: Payload, repo = memoryStore()): Promise<IntakeOutcome> {
  return intake({ county: '泽州县', sender: { kind: 'token', id: '泽州县', name: null }, via: 'api', payload, now: NOW }, { repo, calendar: CHINA_CALENDAR });
}

describe('bot/submissions/intake', function () {
  this.timeout(60_000);

  it('answers with the first 1,000 issues in the engine order, all of them counted and grouped, and stores 20', async function () {
    const input = generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 1200, seed: 5 });
    for (let r = 2; r <= 1201; r++) setField(input, '单位名录', '用能人数', r, '很多人');
    setField(input, '单位名录', '建筑面积（m²）', 700, -5);
    const all = analyzeWorkbook(input).issues;
    assert.equal(all.length, 1201);

    const outcome = await submit({ kind: 'json', data: sheetsJson(input) });
    assert.equal(outcome.kind, 'stored');
    const { checked, record } = outcome as Extract<IntakeOutcome, { kind: 'stored' }>;
    assert.equal(checked.issues.length, ISSUE_ANSWER_LIMIT);
    assert.deepEqual(checked.issues, all.slice(0, ISSUE_ANSWER_LIMIT));
    assert.equal(checked.issueCount, 1201);
    assert.deepEqual(checked.issueCounts, { type: 1200, range: 1 });
    assert.deepEqual(checked.groups, groupIssues(all));
    assert.deepEqual(checked.summary, { errors: 1201, warnings: 0 });
    assert.equal(checked.institutions, 1200);
    assert.equal(checked.snapshot, null, 'a rejected workbook leaves no history');
    assert.deepEqual(record.issues, all.slice(0, STORED_ISSUES));
    assert.equal(record.issueCount, 1201);
    assert.equal(record.status, 'rejected');
    assert.equal(record.history, null);
    assert.doesNotThrow(() => structuredClone(checked), 'structured-clone friendly');
  });

  it("keeps an accepted workbook's history snapshot and its indicators", async function () {
    const repo = memoryStore();
    const input = sample();
    const outcome = await submit({ kind: 'json', data: sheetsJson(input) }, repo);
    assert.equal(outcome.kind, 'stored');
    const { checked, record } = outcome as Extract<IntakeOutcome, { kind: 'stored' }>;
    assert.equal(record.status, 'accepted');
    assert.deepEqual(checked.snapshot, snapshotOf(analyzeWorkbook(input).workbook));
    assert.deepEqual(await repo.history(record), checked.snapshot);
    assert.ok(checked.indicators.length > 0);
    assert.deepEqual(record.indicators, Object.fromEntries(checked.indicators.map((i) => [i.id, i.value])));
    assert.deepEqual(checked.issueCounts, {});
    assert.equal(checked.issueCount, 0);
  });

  it('checks a workbook whose 基本信息 names no county, without storing it or computing indicators', async function () {
    const repo = memoryStore();
    const input = sample();
    setCell(input, '基本信息', 'B1', null);
    const outcome = await submit({ kind: 'json', data: sheetsJson(input) }, repo);
    assert.equal(outcome.kind, 'unidentified');
    const { checked } = outcome as Extract<IntakeOutcome, { kind: 'unidentified' }>;
    assert.equal(checked.county, null);
    assert.deepEqual(checked.indicators, []);
    assert.equal(checked.snapshot, null);
    assert.ok((checked.issueCounts['required'] ?? 0) >= 1);
    assert.equal((await repo.submissions()).length, 0);
  });

  it("gives a JSON body's syntax and shape errors as unreadable, with the API's Chinese messages", async function () {
    const check = (text: string) =>
      checkPayload({ payload: { kind: 'json', data: Buffer.from(text) }, county: '泽州县', today: '2026-10-10', region: JINCHENG }, async () => assert.fail('no history for a body that is not read'));
    const garbage = await check('{"sheets": {"基本信息": [[1, 2]');
    assert.equal(garbage.kind, 'unreadable');
    assert.equal(garbage.kind === 'unreadable' && garbage.reason, 'bad-json');
    assert.match(garbage.kind === 'unreadable' ? garbage.message : '', /^请求体不是有效的 JSON.*。请检查括号、引号和逗号是否成对、完整。$/u);
    const shape = await check('{"sheets": {"基本信息": "泽州县"}}');
    assert.deepEqual(shape, {
      kind: 'unreadable',
      reason: 'bad-shape',
      message:
        'JSON 内容不符合要求（位置：sheets → 基本信息）。格式应为 {"sheets": {"基本信息": [["县（市、区）", "泽州县"], …], "单位名录": [[表头…], [第 2 行…]]}}，单元格只能是文本、数字、布尔值或 null。',
    });
  });
});

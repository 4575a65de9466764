/**
 * Adaptive Cards: only the elements every Teams client renders (no Table), markdown from users
 * neutralised, and bounded size however many issues a workbook has.
 */
import assert from 'node:assert/strict';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import type { AdaptiveCard, ColumnSet, TextBlock } from '../../../bot/chat/cards/elements.js';
import { card, plain, row, text } from '../../../bot/chat/cards/elements.js';
import { helpCard } from '../../../bot/chat/cards/help.js';
import { mySubmissionsCard, progressCard, rankingCard } from '../../../bot/chat/cards/progress.js';
import { CARD_ISSUES, submissionCard, type ReceiptContext } from '../../../bot/chat/cards/submission.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import type { Repository, SubmissionRecord } from '../../../bot/store/types.js';
import { intake, ISSUE_ANSWER_LIMIT, type CheckedWorkbook, type IntakeOutcome } from '../../../bot/submissions/intake.js';
import { receiptFacts } from '../../../bot/submissions/receipt.js';
import type { IssueGroup } from '../../../shared/report/groups.js';
import { countyProgress, progressOf } from '../../../bot/submissions/progress.js';
import { JINCHENG } from '../../../shared/counties.js';
import type { RankedCounty } from '../../../shared/ranking/score.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';

const NOW = new Date('2026-10-12T02:00:00.000Z');
const ZEZHOU = JINCHENG.counties.find((c) => c.name === '泽州县')!;
const COUNTIES = JINCHENG.counties.map((c) => c.name);
// messageBack is the Teams part of a button's data (elements.ts command()), not an element.
const ALLOWED_TYPES = new Set(['Action.Submit', 'ActionSet', 'messageBack', 'AdaptiveCard', 'TextBlock', 'FactSet', 'ColumnSet', 'Column', 'Container', 'Action.OpenUrl']);
const LINK = '[点我](http://x)';

type Node = Record<string, unknown>;

/** Every object in a card, depth first. */
function nodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (value !== null && typeof value === 'object') {
    out.push(value as Node);
    for (const v of Object.values(value)) nodes(v, out);
  }
  return out;
}

function texts(c: AdaptiveCard): string[] {
  const out: string[] = [];
  for (const n of nodes(c.body)) {
    if (n['type'] === 'TextBlock') out.push(n['text'] as string);
    if (typeof n['title'] === 'string' && typeof n['value'] === 'string') out.push(n['title'], n['value']);
  }
  return out;
}

/** The table rows of a card: each ColumnSet (top level) as its cell texts; the header first. */
function tableRows(c: AdaptiveCard): string[][] {
  return c.body.filter((e): e is ColumnSet => e.type === 'ColumnSet').map((r) => r.columns.map((col) => (col.items[0] as TextBlock).text));
}

/** The checks every card must pass. */
function assertRenderable(c: AdaptiveCard): void {
  assert.equal(c.type, 'AdaptiveCard');
  assert.equal(c.version, '1.4');
  assert.ok(c.fallbackText.length > 0);
  for (const n of nodes(c)) {
    if (typeof n['type'] === 'string') {
      assert.notEqual(n['type'], 'Table', 'Teams does not render Table everywhere');
      assert.ok(ALLOWED_TYPES.has(n['type']), `unexpected element ${n['type']}`);
    }
    if (n['type'] === 'Column') {
      const w = n['width'];
      assert.ok((typeof w === 'number' && w > 0) || w === 'auto' || w === 'stretch', `column width ${String(w)}`);
    }
    if (n['type'] === 'TextBlock') assert.equal(n['wrap'], true);
  }
}

function setField(input: WorkbookInput, sheet: string, header: string, row: number, value: CellValue): void {
  const s = input.sheets.find((x) => x.name === sheet)!;
  const rows = s.rows as CellValue[][];
  const col = rows[0]!.indexOf(header);
  assert.ok(col >= 0, `${header} on ${sheet}`);
  rows[row - 1]![col] = value;
}

/** The workbook as the API's JSON body. */
function sheetsJson(input: WorkbookInput): string {
  const sheets: Record<string, unknown[]> = {};
  for (const s of input.sheets) sheets[s.name] = s.rows.map((r) => (r ? r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null))) : null));
  return JSON.stringify({ sheets });
}

/** What the receipt adds, worked out from the store as the handler does; no link unless given. */
async function context(repo: Repository, record: SubmissionRecord, reportUrl: string | null = null): Promise<ReceiptContext> {
  return { ...(await receiptFacts(record, repo)), reportUrl };
}

/** A checked workbook with `kinds` groups of errors, 3 each, without running the engine. */
function manyKinds(kinds: number): CheckedWorkbook {
  const groups: IssueGroup[] = Array.from({ length: kinds }, (_, k) => ({
    severity: 'error',
    code: 'required',
    sheet: '能源资源消费',
    column: `C${k}`,
    field: `字段${k}`,
    count: 3,
    cells: `C${k}2–C${k}4`,
    message: `「字段${k}」未填写，此项为必填。`,
    sameMessage: true,
  }));
  return { county: '泽州县', period: '2026Q3', summary: { errors: kinds * 3, warnings: 0 }, explained: 0, unexplainedOutliers: 0, institutions: 3, indicators: [], issues: [], issueCount: kinds * 3, issueCounts: { required: kinds * 3 }, groups, snapshot: null };
}

async function submit(repo: Repository, input: WorkbookInput): Promise<Extract<IntakeOutcome, { kind: 'stored' }>> {
  const outcome = await intake(
    {
      county: '泽州县',
      sender: { kind: 'member', id: 'msteams:u1', name: '张三' },
      via: 'chat',
      payload: { kind: 'json', data: Buffer.from(sheetsJson(input)) },
      now: NOW,
    },
    { repo, calendar: CHINA_CALENDAR },
  );
  assert.equal(outcome.kind, 'stored');
  return outcome as Extract<IntakeOutcome, { kind: 'stored' }>;
}

describe('bot/chat/cards', () => {
  describe('plain()', () => {
    it('turns markdown links and emphasis into harmless full-width look-alikes and keeps Chinese', () => {
      const out = plain(LINK);
      assert.doesNotMatch(out, /[[\]]/u);
      assert.ok(out.includes('点我'));
      assert.equal(out, '［点我］(http://x)');
      assert.equal(plain('**粗体** _斜体_ `代码` <b>x</b> # 标题 a|b'), '＊＊粗体＊＊ ＿斜体＿ ｀代码｀ ＜b＞x＜/b＞ ＃ 标题 a｜b');
      assert.equal(plain('第一行\r\n第二行\n第三行'), '第一行 第二行 第三行');
      assert.equal(plain('泽州县 2026年第三季度'), '泽州县 2026年第三季度');
    });
  });

  describe('elements', () => {
    it('a table row has one column per cell with the given relative widths, stretch past them', () => {
      const r = row(['a', 'b', text('c')], [2, 3]);
      assert.deepEqual(
        r.columns.map((c) => c.width),
        [2, 3, 'stretch'],
      );
      assertRenderable(card([r], 'x'));
    });
  });

  describe('submissionCard', () => {
    let stored: Extract<IntakeOutcome, { kind: 'stored' }>;
    let repo: Repository;

    before(async function () {
      this.timeout(60_000);
      // A real workbook with 1,000 institutions, six fields of each broken with a 300-character
      // value: the engine quotes the value, so every message is over 300 characters.
      const input = generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 1000, seed: 3 });
      const long = '长'.repeat(300);
      for (let r = 2; r <= 1001; r++) {
        for (const f of ['单位类型', '是否中心城区', '是否设有食堂', '是否使用燃煤', '用能人数', '建筑面积（m²）']) setField(input, '单位名录', f, r, `${long}${r}`);
      }
      setField(input, '单位名录', '单位类型', 2, `${LINK}${long}`);
      repo = memoryStore();
      stored = await submit(repo, input);
    });

    it('had thousands of long issues, of which the answer carries the first 1,000', () => {
      const { checked } = stored;
      assert.ok(checked.issueCount >= 6000, `${checked.issueCount} issues`);
      assert.equal(checked.issues.length, ISSUE_ANSWER_LIMIT);
      // Each value is 300+ characters: messages and values echo it cut to 60 with “…”.
      assert.ok(checked.issues.every((i) => typeof i.value === 'string' && i.value.endsWith('…') && i.value.length <= 61 && i.message.includes('…')));
      assert.equal(stored.record.status, 'rejected');
    });

    it('shows six thousand identical mistakes as six lines, one per column, and stays under 100 KB', async () => {
      const { record, checked, due } = stored;
      const c = submissionCard(record, checked, due, await context(repo, record));
      assertRenderable(c);
      const size = Buffer.byteLength(JSON.stringify(c), 'utf8');
      assert.ok(size < 100 * 1024, `card is ${size} bytes`);
      const rows = tableRows(c);
      assert.deepEqual(rows[0], ['位置', '问题']);
      assert.equal(rows.length - 1, 6, 'one row per sheet, column and kind');
      for (const [where, what] of rows.slice(1)) {
        assert.match(where!, /^单位名录 [A-Z]+2–[A-Z]+1001$/u);
        assert.match(what!, /^共 1000 处：/u);
      }
      assert.equal(texts(c).some((t) => t.includes('另有')), false, 'nothing is hidden');
      assert.ok(texts(c).some((t) => t.includes('未通过')));
      assert.ok(c.fallbackText.includes('泽州县 2026Q3 第 1 版'));
    });

    it('neutralises markdown that came from a cell', async () => {
      const c = submissionCard(stored.record, stored.checked, stored.due, await context(repo, stored.record));
      const all = texts(c);
      assert.ok(
        all.some((t) => t.includes('［点我］(http://x)')),
        'the quoted cell value is shown in full-width brackets',
      );
      for (const t of all) assert.doesNotMatch(t, /[[\]]/u, t.slice(0, 80));
    });

    it('thirty blanks in one column read as one line, and the other mistakes are listed beside them', async () => {
      const input = generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 40, seed: 3 });
      for (let r = 2; r <= 31; r++) setField(input, '单位名录', '建筑面积（m²）', r, null);
      setField(input, '单位名录', '用能人数', 35, '很多人');
      const own = memoryStore();
      const { record, checked, due } = await submit(own, input);
      const rows = tableRows(submissionCard(record, checked, due, await context(own, record)));
      assert.equal(rows.length - 1, 2);
      assert.equal(rows[1]![0], '单位名录 F2–F31');
      assert.match(rows[1]![1]!, /^共 30 处：「建筑面积（m²）」未填写/u);
      assert.match(rows[2]![0]!, /^单位名录 [A-Z]+35$/u);
      assert.match(rows[2]![1]!, /很多人/u);
    });

    it('past 20 kinds: lists 20, counts the rest and points to the full list behind a link', async () => {
      const { record, due } = stored;
      const checked = manyKinds(25);
      const url = 'https://jieneng.example.gov.cn/reports/x.xlsx?exp=1&sig=abc';
      const c = submissionCard(record, checked, due, await context(repo, record, url));
      assertRenderable(c);
      assert.equal(tableRows(c).length - 1, CARD_ISSUES);
      assert.equal(CARD_ISSUES, 20);
      assert.ok(texts(c).includes('另有 5 类、15 个问题未列出：完整清单见下方“下载问题清单”。'), texts(c).join('\n'));
      assert.deepEqual(c.actions?.[0], { type: 'Action.OpenUrl', title: '下载问题清单', url });
      assert.ok(c.actions?.some((a) => a.type === 'Action.Submit' && a.data.jieneng === '我的提交'));
      const without = submissionCard(record, checked, due, await context(repo, record));
      assert.ok(!without.actions?.some((a) => a.type === 'Action.OpenUrl'), 'no link where no server hands one out');
      assert.ok(texts(without).some((t) => t.includes('改正以上问题后重新提交，会列出其余的')));
    });

    it('an accepted workbook shows no issue table but the key indicators', async () => {
      const own = memoryStore();
      const ok = await submit(own, generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 12, seed: 3 }));
      assert.equal(ok.record.status, 'accepted');
      const c = submissionCard(ok.record, ok.checked, ok.due, await context(own, ok.record, 'https://x/r'));
      assertRenderable(c);
      assert.equal(tableRows(c).length, 0);
      assert.ok(!c.actions?.some((a) => a.type === 'Action.OpenUrl'), 'no issue list to download');
      assert.deepEqual(c.actions?.map((a) => a.title), ['我的提交'], 'an accepted receipt offers only the versions, not the template');
      assert.ok(texts(c).some((t) => t.includes('已受理')));
      assert.ok(texts(c).includes('主要指标'));
      assert.equal(texts(c).some((t) => t.includes('另有')), false);
    });
  });

  describe('rankingCard', () => {
    it('lists six counties in rank order', () => {
      const order = ['高平市', '城区', '泽州县', '阳城县', '沁水县', '陵川县'];
      const ranked: RankedCounty[] = order.map((county, i) => ({
        rank: i + 1,
        county,
        submitted: i < 4,
        late: i === 3,
        total: 90 - i * 10,
        parts: i < 4 ? [{ id: 'nev', label: '新能源汽车占比', points: 15 - i, max: 15 }] : [],
        carbonPerCapita: null,
      }));
      const c = rankingCard('2026Q3', ranked);
      assertRenderable(c);
      const rows = tableRows(c);
      assert.deepEqual(rows[0], ['名次', '县区', '总分', '报送']);
      assert.deepEqual(
        rows.slice(1).map((r) => [r[0], r[1]]),
        order.map((county, i) => [`${i + 1}`, county]),
      );
      assert.deepEqual(
        rows.slice(1).map((r) => r[3]),
        ['按时', '按时', '按时', '逾期', '未报送', '未报送'],
      );
      assert.ok(texts(c).some((t) => t.includes('2026年第3季度')));
      assert.ok(c.fallbackText.startsWith('2026年第3季度排名：1.高平市'));
    });
  });

  describe('progressCard', () => {
    it("a reporter's card lists exactly their county, without the city summary", async () => {
      const repo = memoryStore();
      await submit(repo, generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 12, seed: 3 }));
      const due = submissionDue({ year: 2026, quarter: 3 }, CHINA_CALENDAR);
      const c = progressCard('2026Q3', due, [await countyProgress(repo, '泽州县', '2026Q3')], 'county');
      assertRenderable(c);
      const rows = tableRows(c);
      assert.equal(rows.length, 2, 'header and one county');
      assert.equal(rows[1]![0], '泽州县');
      assert.equal(rows[1]![1], '按时报送');
      assert.equal(texts(c).some((t) => t.startsWith('已报送')), false);
      assert.ok(texts(c).includes('截止日期：2026年10月15日'));
    });

    it("the city's card lists every county and sums them up", async () => {
      const repo = memoryStore();
      await submit(repo, generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 12, seed: 3 }));
      const due = submissionDue({ year: 2026, quarter: 3 }, CHINA_CALENDAR);
      const c = progressCard('2026Q3', due, await progressOf(repo, '2026Q3', COUNTIES), 'city');
      assertRenderable(c);
      assert.deepEqual(
        tableRows(c)
          .slice(1)
          .map((r) => r[0]),
        COUNTIES,
      );
      assert.ok(texts(c).some((t) => t.startsWith('已报送 1 个') && t.includes('未报送 5 个')));
    });

    it('notes an uncovered calendar year', async () => {
      const due = submissionDue({ year: 2026, quarter: 4 }, CHINA_CALENDAR);
      const c = progressCard('2026Q4', due, await progressOf(memoryStore(), '2026Q4', COUNTIES), 'city');
      assert.equal(
        texts(c).some((t) => t.includes('尚未收录')),
        !CHINA_CALENDAR.covers(2027),
      );
    });
  });

  describe('other cards', () => {
    it('help and my-submissions cards use only renderable elements', async () => {
      assertRenderable(helpCard(undefined));
      assertRenderable(helpCard({ channelId: 'c', userId: 'u', name: null, role: 'reporter', county: '泽州县', boundAt: NOW.toISOString() }));
      assertRenderable(helpCard({ channelId: 'c', userId: 'u', name: null, role: 'supervisor', county: null, boundAt: NOW.toISOString() }));
      const repo = memoryStore();
      assert.ok(texts(mySubmissionsCard('泽州县', [])).some((t) => t.includes('还没有提交记录')));
      await submit(repo, generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 12, seed: 3 }));
      const mine = mySubmissionsCard('泽州县', (await repo.submissions({ county: '泽州县' })));
      assertRenderable(mine);
      assert.ok(texts(mine).includes('报告期：2026年第3季度 第 1 版（计入统计）'));
    });
  });
});

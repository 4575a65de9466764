/**
 * Every card the bot sends, built by the real card builders from real data (workbooks through
 * intake, ranking and notices from the notice fixture, reminders from the planner), realistic
 * (the six demo counties) and worst case (long county names, 30 counties, many issue kinds, a
 * rejected receipt). The browser render test draws each of them.
 */
import assert from 'node:assert/strict';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import type { AdaptiveCard } from '../../../bot/chat/cards/elements.js';
import { addinCard, tokenCard } from '../../../bot/chat/cards/addin.js';
import { helpCard } from '../../../bot/chat/cards/help.js';
import { noticeCard } from '../../../bot/chat/cards/notice.js';
import { mySubmissionsCard, progressCard, rankingCard } from '../../../bot/chat/cards/progress.js';
import { submissionCard, unidentifiedCard } from '../../../bot/chat/cards/submission.js';
import { templateCard } from '../../../bot/chat/cards/template.js';
import { welcomeCard } from '../../../bot/chat/cards/welcome.js';
import { reminderCard, uncoveredYearReplies } from '../../../bot/reminders/messages.js';
import { urgeMessage } from '../../../bot/reminders/urge.js';
import { hashSecret } from '../../../bot/access/access.js';
import { handleMessage } from '../../../bot/chat/handle.js';
import type { LastReminder } from '../../../bot/reminders/status.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import type { Member, Repository, SubmissionRecord } from '../../../bot/store/types.js';
import { intake, type CheckedWorkbook, type IntakeOutcome } from '../../../bot/submissions/intake.js';
import { progressOf, type CountyProgress } from '../../../bot/submissions/progress.js';
import { receiptFacts } from '../../../bot/submissions/receipt.js';
import { JINCHENG } from '../../../shared/counties.js';
import { rankCounties } from '../../../shared/ranking/score.js';
import type { IssueGroup } from '../../../shared/report/groups.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { planReminders, type ReminderStage } from '../../../shared/schedule/plan.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import { fixtureCounties, fixtureNotice, standings, type FixtureCounty } from '../../shared/notice/fixture.js';

export interface CardSample {
  /** File-name safe: test/artifacts/cards/<name>-<width>.png */
  name: string;
  card: AdaptiveCard;
}

const NOW = new Date('2026-10-12T02:00:00.000Z');
const PERIOD = '2026Q3';
const ZEZHOU = JINCHENG.counties.find((c) => c.name === '泽州县')!;
const DEMO = JINCHENG.counties.map((c) => c.name);
/** Real county names as long as they come. */
export const LONG_NAMES = ['双江拉祜族佤族布朗族傣族自治县', '峨边彝族自治县', '高新技术产业开发区', '额尔古纳市', '鄂温克族自治旗', '城区'];

function setField(input: WorkbookInput, sheet: string, header: string, row: number, value: CellValue): void {
  const rows = input.sheets.find((x) => x.name === sheet)!.rows as CellValue[][];
  rows[row - 1]![rows[0]!.indexOf(header)] = value;
}

function sheetsJson(input: WorkbookInput): Buffer {
  const sheets: Record<string, unknown[]> = {};
  for (const s of input.sheets) sheets[s.name] = s.rows.map((r) => (r ? r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null))) : null));
  return Buffer.from(JSON.stringify({ sheets }));
}

async function submit(repo: Repository, input: WorkbookInput, now = NOW): Promise<IntakeOutcome> {
  return intake({ county: '泽州县', sender: { kind: 'member', id: 'msteams:u1', name: '张三' }, via: 'chat', payload: { kind: 'json', data: sheetsJson(input) }, now }, { repo, calendar: CHINA_CALENDAR });
}

function stored(o: IntakeOutcome): Extract<IntakeOutcome, { kind: 'stored' }> {
  assert.equal(o.kind, 'stored');
  return o as Extract<IntakeOutcome, { kind: 'stored' }>;
}

/** `kinds` groups of errors, 3 each, with the longest messages the engine writes. */
function manyKinds(kinds: number): CheckedWorkbook {
  const groups: IssueGroup[] = Array.from({ length: kinds }, (_, k) => ({
    severity: k % 4 === 3 ? 'warning' : 'error',
    code: 'required',
    sheet: k % 2 === 0 ? '能源资源消费' : '充电设施',
    column: `C${k}`,
    field: `字段${k}`,
    count: 3,
    cells: `AB${k + 2}–AB${k + 400}`,
    message: `「配建停车位数（个）」未填写，此项为必填；配建车位数大于 0 的单位须同时填写充电桩数（${k}）。`,
    sameMessage: true,
  }));
  return { county: '泽州县', period: PERIOD, summary: { errors: kinds * 3, warnings: 0 }, explained: 0, unexplainedOutliers: 0, institutions: 3, indicators: [], issues: [], issueCount: kinds * 3, issueCounts: { required: kinds * 3 }, groups, snapshot: null };
}

const member = (role: Member['role'], county: string | null): Member => ({ channelId: 'msteams', userId: 'u', name: null, role, county, boundAt: NOW.toISOString() });

/** A county's progress in each state, with a long name where asked. */
function progressRows(records: readonly SubmissionRecord[], names: readonly string[]): CountyProgress[] {
  const [accepted, rejected] = records;
  const states: CountyProgress['state'][] = ['on-time', 'late', 'rejected', 'missing'];
  return names.map((county, i) => {
    const state = states[i % states.length]!;
    const at = (r: SubmissionRecord) => ({ ...r, county });
    if (state === 'missing') return { county, state, counted: null, latest: null, versions: 0 };
    if (state === 'rejected') return { county, state, counted: null, latest: at(rejected!), versions: 3 };
    const counted = at(accepted!);
    return { county, state, counted, latest: state === 'late' ? at(rejected!) : counted, versions: 2 };
  });
}

function reminders(names: readonly string[]): Map<string, LastReminder> {
  const at = '2026-10-13T01:00:00.000Z';
  return new Map<string, LastReminder>([
    [names[2]!, { at, stage: 'due-3', period: PERIOD, status: 'sent', detail: '', stale: false }],
    [names[3]!, { at, stage: 'due-3', period: PERIOD, status: 'failed', detail: 'Teams 返回 403：机器人已被移出该会话', stale: false }],
  ]);
}

/** 30 counties for the notice: the six of the fixture again and again under other names, long ones among them. */
function thirtyCounties(): FixtureCounty[] {
  const base = fixtureCounties();
  return Array.from({ length: 30 }, (_, i) => {
    const c = base[i % base.length]!;
    return { ...c, county: i < LONG_NAMES.length ? LONG_NAMES[i]! : `${c.county}${i}` };
  });
}

export async function cardSamples(): Promise<CardSample[]> {
  const out: CardSample[] = [];
  const add = (name: string, c: AdaptiveCard) => out.push({ name, card: c });
  const repo = memoryStore();
  const due = submissionDue({ year: 2026, quarter: 3 }, CHINA_CALENDAR);
  const url = 'https://jieneng.example.gov.cn/reports/2026Q3-v1.xlsx?exp=1791000000&sig=0123456789abcdef';

  // Receipts: accepted, accepted with warnings (an outlier), rejected with a few mistakes, rejected with 25 kinds.
  const ok = stored(await submit(repo, generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 12, seed: 3 })));
  add('receipt-accepted', submissionCard(ok.record, ok.checked, ok.due, { ...(await receiptFacts(ok.record, repo)), reportUrl: null }));
  const warned = generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 12, seed: 4 });
  setField(warned, '单位名录', '用能人数', 2, 90000);
  const w = stored(await submit(repo, warned, new Date('2026-10-20T02:00:00.000Z')));
  add('receipt-warnings-late', submissionCard(w.record, w.checked, w.due, { ...(await receiptFacts(w.record, repo)), reportUrl: url }));
  const broken = generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: 40, seed: 3 });
  for (let r = 2; r <= 31; r++) setField(broken, '单位名录', '建筑面积（m²）', r, null);
  setField(broken, '单位名录', '用能人数', 35, '很多人');
  const bad = stored(await submit(repo, broken));
  add('receipt-rejected', submissionCard(bad.record, bad.checked, bad.due, { ...(await receiptFacts(bad.record, repo)), reportUrl: url }));
  add('receipt-rejected-many', submissionCard(bad.record, manyKinds(25), bad.due, { ...(await receiptFacts(bad.record, repo)), reportUrl: url }));
  add('receipt-unidentified', unidentifiedCard(manyKinds(3)));

  // 我的提交
  const records = await repo.submissions({ county: '泽州县' });
  add('my-submissions', mySubmissionsCard('泽州县', records, { issueReport: () => url }));
  add('my-submissions-empty', mySubmissionsCard(LONG_NAMES[0]!, []));

  // 进度: the six demo counties as the store has them, every state under long names, a reporter's own.
  add('progress-city', progressCard(PERIOD, due, await progressOf(repo, PERIOD, DEMO), 'city', new Map(), { supervisor: true }));
  add('progress-city-long', progressCard(PERIOD, due, progressRows([ok.record, bad.record], LONG_NAMES), 'city', reminders(LONG_NAMES), { supervisor: true }));
  add('progress-county', progressCard(PERIOD, due, progressRows([ok.record, bad.record], [LONG_NAMES[0]!]), 'county'));

  // 排名: the fixture's six, before the due date for a reporter, 30 with long names for a supervisor.
  add('ranking', rankingCard(PERIOD, rankCounties(standings(fixtureCounties())), null, { supervisor: true }));
  add('ranking-early', rankingCard(PERIOD, rankCounties(standings(fixtureCounties())), '截止日期（2026年10月15日）尚未到，排名只含已报送的县（市、区），仅供参考。'));
  add('ranking-30', rankingCard(PERIOD, rankCounties(standings(thirtyCounties())), null, { supervisor: true }));

  // 通报: published with its files, a draft, 30 counties.
  const links = { docx: 'https://jieneng.example.gov.cn/notices/2026Q3-r0.docx?sig=a', xlsx: 'https://jieneng.example.gov.cn/notices/2026Q3-r0.xlsx?sig=b' };
  add('notice', noticeCard(fixtureNotice(), { draft: false, links }));
  add('notice-draft', noticeCard(fixtureNotice({ draft: true }), { draft: true, links }));
  add('notice-30', noticeCard(fixtureNotice({}, thirtyCounties()), { draft: false, links }));

  // 帮助 for each role.
  add('help-unbound', helpCard(undefined));
  add('help-reporter', helpCard(member('reporter', LONG_NAMES[0]!)));
  add('help-supervisor', helpCard(member('supervisor', null)));

  add('help-reporter-group', helpCard(member('reporter', '泽州县'), { group: true }));

  // Getting started: welcome, 模板, 加载项, 令牌.
  add('welcome', welcomeCard({ group: false }));
  add('welcome-group', welcomeCard({ group: true }));
  const server = 'https://jieneng.example.gov.cn';
  add('template-reporter', templateCard({ templateUrl: `${server}/templates/jieneng-template-v1.xlsx`, sample: { county: LONG_NAMES[0]!, period: { year: 2026, quarter: 3 }, url: `${server}/templates/sample.xlsx?sig=a` } }));
  add('template-no-address', templateCard({ templateUrl: null }));
  add('addin-reporter', addinCard({ manifest: { kind: 'available', url: `${server}/addin/manifest.xml` }, serverUrl: server, audience: 'reporter', personal: true }));
  add('addin-not-built', addinCard({ manifest: { kind: 'not-built' }, serverUrl: null, audience: 'other', personal: false }));
  add('token', tokenCard(LONG_NAMES[0]!, 'jn_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH'));

  // Reminders: one of each stage the planner makes over a season, to a long-named county; the digest of six.
  const plan = planReminders({
    calendar: CHINA_CALENDAR,
    rules: DEFAULT_SCHEDULE_RULES,
    counties: [LONG_NAMES[0]!, ...DEMO],
    submitted: () => false,
    hasHosting: () => false,
    from: new Date('2026-08-01T00:00:00+08:00'),
    to: new Date('2026-11-02T00:00:00+08:00'),
  });
  const seen = new Set<ReminderStage>();
  for (const e of plan.events) {
    if (seen.has(e.stage) || (e.county !== null && e.county !== LONG_NAMES[0])) continue;
    seen.add(e.stage);
    add(`reminder-${e.stage}`, reminderCard(e));
  }
  assert.ok(seen.has('due-7') && seen.has('overdue-3') && seen.has('supervisor-digest'), [...seen].join(' '));
  const warning = uncoveredYearReplies(2027, '2027 年的法定节假日安排尚未收录：截止日期按周六、周日推算。')[0]!;
  if (warning.kind === 'card') add('calendar-uncovered', warning.card);
  // A supervisor's 催报 to the longest county name, overdue.
  const urge = urgeMessage(LONG_NAMES[0]!, { year: 2026, quarter: 3 }, due, new Date('2026-10-20T02:00:00.000Z')).replies[0]!;
  if (urge.kind === 'card') add('urge', urge.card);
  // The answer to 绑定, with the next steps as buttons, for both roles.
  for (const [name, code] of [['bind-reporter', 'reporter'], ['bind-supervisor', 'supervisor']] as const) {
    const r = memoryStore();
    await r.addInvite({ codeHash: hashSecret('K7QD-M3XA'), county: code === 'reporter' ? '泽州县' : null, role: code, createdAt: NOW.toISOString(), expiresAt: '2099-01-01T00:00:00.000Z', createdBy: 'test', usedAt: null, usedBy: null });
    const replies = await handleMessage({ user: { channelId: 'msteams', id: 'u-bind', name: null }, text: '绑定 K7QD-M3XA', files: [] }, { repo: r, calendar: CHINA_CALENDAR, region: JINCHENG, maxUploadBytes: 1 << 20, inviteTtlDays: 7, now: () => NOW });
    const bound = replies.find((x) => x.kind === 'card');
    assert.ok(bound?.kind === 'card', JSON.stringify(replies));
    add(name, bound.card);
  }
  return out;
}

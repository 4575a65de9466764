/** 进度 (who has submitted), 排名 (ranked scores) and 我的提交 (versions and receipts). */
import { parsePeriodId, periodLabel } from '../../../shared/period.js';
import { formatNumber } from '../../../shared/report/text.js';
import type { RankedCounty } from '../../../shared/ranking/score.js';
import { NOTICE_PART_SHORT } from '../../../shared/notice/format.js';
import { dueDateNote, formatChineseDate, type DueDate } from '../../../shared/schedule/deadlines.js';
import type { SubmissionRecord } from '../../store/types.js';
import type { ChatLinks } from '../types.js';
import { countedVersions, timelinessOf, type CountyProgress } from '../../submissions/progress.js';
import { PROGRESS_LABEL, shanghaiTime, STATUS_LABEL, STATUS_SHORT, timelinessNote } from '../format.js';
import { actionSet, card, command, facts, row, text, title, type AdaptiveCard, type CardAction, type CardElement } from './elements.js';
import type { LastReminder } from '../../reminders/status.js';
import { STAGE_LABEL } from '../../../shared/schedule/plan-text.js';

function label(period: string): string {
  const p = parsePeriodId(period);
  return p ? periodLabel(p) : period;
}

const STATE_COLOR = { 'on-time': 'Good', late: 'Warning', rejected: 'Attention', missing: 'Attention' } as const;

/** "最近提醒：11-30 09:00 截止前 7 天，已发送" or the failure with its reason. */
export function reminderLine(r: LastReminder): string {
  const stage = r.stage === 'urge' ? '督导员催报' : STAGE_LABEL[r.stage];
  const what = `最近提醒：${shanghaiTime(r.at).slice(5)} ${label(r.period)}${stage}`;
  if (r.status === 'failed') return `${what}，发送失败：${r.detail}`;
  if (r.stale) return `${what}，发送情况不明（发送时服务中断，为免重复不再补发）`;
  return `${what}，${r.status === 'sent' ? '已发送' : '正在发送'}`;
}

export function progressCard(
  period: string,
  due: DueDate,
  rows: readonly CountyProgress[],
  scope: 'city' | 'county',
  reminders: ReadonlyMap<string, LastReminder> = new Map(),
  options: { supervisor?: boolean; urge?: boolean } = {},
): AdaptiveCard {
  const count = (s: CountyProgress['state']) => rows.filter((r) => r.state === s).length;
  const body: CardElement[] = [title(`${label(period)}报送进度`), text(`截止日期：${formatChineseDate(due.date)}`, { size: 'Small', isSubtle: true, spacing: 'None' })];
  const note = dueDateNote(due);
  if (note) body.push(text(note, { size: 'Small', isSubtle: true }));
  if (scope === 'city') {
    body.push(text(`已报送 ${count('on-time') + count('late')} 个（按时 ${count('on-time')}，逾期 ${count('late')}），未通过待重报 ${count('rejected')} 个，未报送 ${count('missing')} 个。`));
  }
  const widths = [3, 3, 5];
  body.push(row(['县区', '状态', '计入的版本'], widths, { header: true, separator: true }));
  for (const r of rows) {
    body.push(row([r.county, text(PROGRESS_LABEL[r.state], { size: 'Small', color: STATE_COLOR[r.state], spacing: 'None' }), versionsLine(r)], widths));
    const reminder = reminders.get(r.county);
    if (reminder) body.push(text(reminderLine(reminder), { size: 'Small', isSubtle: reminder.status !== 'failed', color: reminder.status === 'failed' ? 'Attention' : 'Default', spacing: 'None' }));
    if (options.supervisor && scope === 'city') {
      // Per county: its versions, and for one without an accepted version a reminder now.
      const buttons: CardAction[] = [command('查看提交', `查看提交 ${r.county} ${period}`)];
      if (options.urge !== false && (r.state === 'missing' || r.state === 'rejected')) buttons.push(command('催报', `催报 ${r.county} ${period}`));
      body.push(actionSet(buttons));
    }
  }
  const missing = rows.filter((r) => r.state === 'missing' || r.state === 'rejected').map((r) => r.county);
  const fallback = `${label(period)}报送进度：已报 ${count('on-time') + count('late')}/${rows.length}${missing.length ? `，未报：${missing.join('、')}` : ''}`;
  const actions = scope === 'county' ? [command('我的提交', '我的提交'), command('下载模板', '模板')] : [command('排名', `排名 ${period}`)];
  return card(body, fallback, [...quarterButtons('进度', period), ...actions]);
}

/** 上一季度 / 下一季度 for a command that takes a quarter ("进度", "排名"). */
function quarterButtons(verb: string, period: string): CardAction[] {
  const p = parsePeriodId(period);
  if (!p) return [];
  const prev = p.quarter === 1 ? `${p.year - 1}Q4` : `${p.year}Q${p.quarter - 1}`;
  const next = p.quarter === 4 ? `${p.year + 1}Q1` : `${p.year}Q${p.quarter + 1}`;
  // The quarters a command accepts (2020–2100): no button that leads to a refusal.
  const inRange = (id: string) => id >= '2020Q1' && id <= '2100Q4';
  return [...(inRange(prev) ? [command('上一季度', `${verb} ${prev}`)] : []), ...(inRange(next) ? [command('下一季度', `${verb} ${next}`)] : [])];
}

/** "计入第 5 版（受理，10-12 09:30）；最近第 7 版未通过": the version that counts, and the newest attempt only if it differs. */
export function versionsLine(r: CountyProgress): string {
  const latest = r.latest;
  if (!latest) return '—';
  const latestText = `第 ${latest.version} 版${STATUS_SHORT[latest.status]}（${shanghaiTime(latest.receivedAt).slice(5)}）`;
  if (!r.counted) return `无计入版本；最近${latestText}`;
  const counted = `计入第 ${r.counted.version} 版（${STATUS_SHORT[r.counted.status]}，${shanghaiTime(r.counted.receivedAt).slice(5)}）`;
  return latest === r.counted ? counted : `${counted}；最近${latestText}`;
}


const score = (n: number): string => formatNumber(n, 1);

/** Only the parts that lost points: six full-mark parts say nothing a reader needs. */
function lostPoints(r: RankedCounty): string {
  const lost = r.parts.filter((p) => p.max - p.points > 0.05).map((p) => `${NOTICE_PART_SHORT[p.id] ?? p.label} −${score(p.max - p.points)}`);
  return lost.length === 0 ? '各项满分' : `扣分：${lost.join('、')}`;
}

export function rankingCard(period: string, ranked: readonly RankedCounty[], note: string | null = null, options: { supervisor?: boolean } = {}): AdaptiveCard {
  const widths = [1, 3, 2, 2];
  const body: CardElement[] = [
    title(`${label(period)}县（市、区）排名`),
    ...(note ? [text(note, { color: 'Warning' as const })] : []),
    text('满分 100 分：报送及时性 10、数据质量 10、新能源汽车占比 15、充电桩配建达标 15、节水器具 10、水计量 10、反食品浪费自查 10、人均能耗同比 10、人均碳排放同比 10。', { size: 'Small', isSubtle: true }),
    row(['名次', '县区', '总分', '报送'], widths, { header: true, separator: true }),
  ];
  for (const r of ranked) {
    const state = r.submitted ? (r.late ? 'late' : 'on-time') : 'missing';
    const stateText = text(r.submitted ? (r.late ? '逾期' : '按时') : '未报送', { size: 'Small', spacing: 'None', color: STATE_COLOR[state] });
    body.push(row([`${r.rank}`, r.county, score(r.total), stateText], widths, { separator: true }));
    if (r.submitted) body.push(text(lostPoints(r), { size: 'Small', isSubtle: true, spacing: 'None' }));
  }
  if (ranked.every((r) => !r.submitted)) body.push(text('本期还没有县（市、区）报送通过的报表。'));
  const fallback = `${label(period)}排名：${ranked.map((r) => `${r.rank}.${r.county} ${score(r.total)}`).join('，')}`;
  const notices = options.supervisor ? [command('预览通报', `预览通报 ${period}`), ...(note === null ? [command('发布通报', `发布通报 ${period}`)] : [])] : [];
  return card(body, fallback, [...quarterButtons('排名', period), ...notices]);
}

export function mySubmissionsCard(county: string, records: readonly SubmissionRecord[], links?: ChatLinks, limit = 10): AdaptiveCard {
  const recent = [...records].reverse().slice(0, limit);
  const body: CardElement[] = [title(`${county}的提交记录`)];
  if (recent.length === 0) {
    body.push(text('还没有提交记录。把填好的 .xlsx 报表作为附件发给我即可提交。'));
    return card(body, `${county}还没有提交记录`);
  }
  const counted = countedVersions(records);
  for (const [n, r] of recent.entries()) {
    if (n > 0) body.push(text(' ', { size: 'Small', separator: true, spacing: 'Small' }));
    const late = timelinessNote(timelinessOf(r, records));
    body.push(
      facts([
        ['报告期', `${label(r.period)} 第 ${r.version} 版${counted.has(r) ? '（计入统计）' : ''}`],
        ['状态', `${STATUS_LABEL[r.status]}${late ? `（${late}）` : ''}，错误 ${r.summary.errors}，警告 ${r.summary.warnings}`],
        ['接收时间', shanghaiTime(r.receivedAt)],
      ]),
      text(`SHA-256 ${r.sha256}`, { size: 'Small', fontType: 'Monospace', spacing: 'None', isSubtle: true }),
    );
    // Our own signed link: the only markdown on the card that is not neutralised.
    if (links && r.issueCount > 0) body.push(text(`[下载第 ${r.version} 版问题清单（${r.issueCount} 个问题）](${links.issueReport(r)})`, { size: 'Small', spacing: 'None' }));
  }
  if (records.length > recent.length) body.push(text(`只列出最近 ${limit} 次，共 ${records.length} 次。`, { size: 'Small', isSubtle: true }));
  return card(body, `${county}共 ${records.length} 次提交，最近：${label(recent[0]!.period)} 第 ${recent[0]!.version} 版 ${STATUS_LABEL[recent[0]!.status]}`);
}

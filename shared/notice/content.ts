/**
 * The quarterly ranked notice (通报, issue 11 item 5, domain.md §4): drafted from the quarter's
 * counted (accepted) submissions and their ranking. Pure: the caller reads the store, numbers the
 * document and passes the instant the data was read.
 *
 * The order is the ranking's exactly. A county whose only versions were rejected is missing for the
 * notice ("未通过校验，视为未报送"). Counties without an accepted submission are not assessed against
 * the targets (they are named as missing instead).
 */
import { INDICATORS, meets, targetLabel, type IndicatorDefinition } from '../indicators/definitions.js';
import { parsePeriodId } from '../period.js';
import { dueDateNote, formatChineseDate } from '../schedule/deadlines.js';
import { noticeChanges } from './changes.js';
import { chineseOrdinal, finite, formatInstant, formatMonthDay, formatValue, NOTICE_STATE_LABEL, targetPhrase } from './format.js';
import { CITY_GOALS, names, noticePeriodLabel, noticeRequirements } from './requirements.js';
import type { NoticeCityGoal, NoticeContent, NoticeCountyInput, NoticeInput, NoticePart, NoticeRankRow, NoticeSection, NoticeSectionId, NoticeTarget } from './types.js';

export type * from './types.js';
export { noticeChanges, type NoticeIndicatorsPair } from './changes.js';
export { noticeMarkdown, noticeText } from './text.js';

const DEFINITIONS = INDICATORS as readonly IndicatorDefinition[];

/** The indicators with a target a county can meet or miss, in definition order. */
export const TARGET_INDICATORS: readonly IndicatorDefinition[] = DEFINITIONS.filter((d) => d.target !== null && d.comparator !== null);

const submitted = (c: NoticeCountyInput): boolean => c.state === 'on-time' || c.state === 'late';

/** The rows in ranked order; the two inputs must describe the same counties the same way. */
function rankRows(input: NoticeInput, parts: readonly NoticePart[]): { rows: NoticeRankRow[]; byCounty: Map<string, NoticeCountyInput> } {
  const byCounty = new Map(input.counties.map((c) => [c.county, c]));
  if (byCounty.size !== input.counties.length) throw new Error('通报的县（市、区）列表有重复');
  if (input.ranked.length !== byCounty.size) throw new Error('通报的排名与县（市、区）列表不一致');
  const rows = input.ranked.map((r): NoticeRankRow => {
    const c = byCounty.get(r.county);
    if (!c) throw new Error(`排名中的 ${r.county} 不在通报的县（市、区）列表中`);
    if (r.submitted !== submitted(c) || r.late !== (c.state === 'late')) throw new Error(`${r.county} 的报送情况与排名不一致`);
    const points = Object.fromEntries(parts.map((p) => [p.id, r.parts.find((x) => x.id === p.id)?.points ?? 0]));
    return { rank: r.rank, county: r.county, state: c.state, stateLabel: NOTICE_STATE_LABEL[c.state], receivedAt: c.receivedAt, total: r.total, points };
  });
  return { rows, byCounty };
}

function targetsOf(rows: readonly NoticeRankRow[], byCounty: ReadonlyMap<string, NoticeCountyInput>): NoticeTarget[] {
  return TARGET_INDICATORS.map((d) => {
    const t: NoticeTarget = { id: d.id, name: d.name, unit: d.unit, target: targetLabel(d), comparator: d.comparator!, threshold: d.target!, met: [], missed: [], noData: [], values: {} };
    for (const row of rows) {
      const c = byCounty.get(row.county)!;
      if (!submitted(c)) continue;
      const v = finite(c.indicators?.[d.id]);
      t.values[row.county] = v;
      if (v === null) t.noData.push(row.county);
      else if (meets(v, t.comparator, t.threshold)) t.met.push(row.county);
      else t.missed.push(row.county);
    }
    return t;
  });
}

function cityGoalsOf(counties: readonly NoticeCountyInput[]): NoticeCityGoal[] {
  return CITY_GOALS.map((g) => {
    const d = DEFINITIONS.find((x) => x.id === g.id);
    const total = counties.filter(submitted).reduce((sum, c) => sum + (finite(c.indicators?.[g.id]) ?? 0), 0);
    return { id: g.id, name: d?.name ?? g.id, unit: d?.unit ?? '', goal: g.goal, total, met: total >= g.goal };
  });
}

type Body = Omit<NoticeContent, 'sections' | 'correction' | 'title'>;

function overallParagraphs(c: Body, dueNote: string | null): string[] {
  const o = c.overall;
  const missing =
    o.missing === 0 ? '全部报送' : `${o.missing}个未报送${o.rejected > 0 ? `（含报表未通过校验、视为未报送的${o.rejected}个）` : ''}`;
  return [
    `截至${formatInstant(c.asOf)}，全市${o.counties}个县（市、区）中，${o.submitted}个报送了${c.periodLabel}公共机构能源资源消费统计报表并通过校验，其中按时报送${o.onTime}个、逾期报送${o.late}个；${missing}。本季度报送截止日期为${formatChineseDate(c.due)}。`,
    ...(dueNote ? [dueNote] : []),
  ];
}

function rankingParagraphs(c: Body): string[] {
  const max = c.parts.reduce((s, p) => s + p.max, 0);
  const scoring = c.parts.map((p) => `${p.label}${formatScore(p.max)}分`).join('、');
  const top = c.rows.filter((r) => r.state === 'on-time' || r.state === 'late').slice(0, 3).map((r) => r.county);
  return [
    `按照${scoring}（满分${formatScore(max)}分）评分，${c.periodLabel}各县（市、区）排名如下表。未报送的县（市、区）各项计0分、排在最后；总分相同的，人均碳排放较低的在前。`,
    ...(top.length > 0 ? [`排名前${chineseOrdinal(top.length)}位的是${names(top)}。`] : []),
  ];
}

/** 10 → "10", 7.5 → "7.5": weights are printed as configured. */
function formatScore(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

function targetParagraphs(c: Body): string[] {
  const lines = c.targets.map((t, i) => {
    const said: string[] = [];
    if (t.met.length > 0) said.push(`达标的有${names(t.met)}`);
    if (t.missed.length > 0) said.push(`未达标的有${names(t.missed.map((county) => `${county}（${formatValue(t.values[county] ?? null, t.unit)}）`))}`);
    if (t.noData.length > 0) said.push(`${names(t.noData)}无法计算（数据未填报）`);
    if (said.length === 0) said.push('本季度无可统计的数据');
    return `（${chineseOrdinal(i + 1)}）${t.name}（目标${targetPhrase(t)}）：${said.join('；')}。`;
  });
  if (c.missing.length > 0) lines.push(`${names(c.missing)}未报送，未纳入指标统计。`);
  if (c.cityGoals.length > 0) {
    const goals = c.cityGoals.map((g) => `${g.name}${formatValue(g.total, g.unit)}（全年目标不少于${formatValue(g.goal, g.unit)}，${g.met ? '已完成' : '尚未完成'}）`);
    lines.push(`全市已报${names(goals)}。`);
  }
  return lines;
}

function timelinessParagraphs(c: Body): string[] {
  if (c.late.length === 0 && c.missing.length === 0) return ['各县（市、区）均按时报送。'];
  const lines: string[] = [];
  if (c.late.length > 0) {
    const late = c.late.map((county) => {
      const at = c.rows.find((r) => r.county === county)?.receivedAt;
      return at ? `${county}（${formatMonthDay(at)}报送）` : county;
    });
    lines.push(`逾期报送的有${c.late.length}个：${names(late)}。`);
  }
  if (c.missing.length > 0) {
    const rejected = c.rejected.length > 0 ? `，其中${names(c.rejected)}报送的报表未通过校验，视为未报送` : '';
    lines.push(`未报送的有${c.missing.length}个：${names(c.missing)}${rejected}。`);
  }
  return lines;
}

function correctionParagraphs(previous: NoticeContent, changes: readonly string[]): string[] {
  const intro = `${previous.dateText}印发的《${previous.title}》（${previous.docNumber}）有关内容更正如下：`;
  const lines = changes.length > 0 ? changes.map((line, i) => `${i + 1}. ${line}`) : ['经复核，排名、得分、报送情况和指标达标情况均无变化。'];
  return [intro, ...lines, '原通报相应内容以本通报为准，更正后的通报内容如下。'];
}

function numbered(sections: readonly [NoticeSectionId, string, string[]][]): NoticeSection[] {
  return sections.map(([id, heading, paragraphs], i) => ({ id, number: chineseOrdinal(i + 1), heading, paragraphs }));
}

export function draftNotice(input: NoticeInput): NoticeContent {
  const period = parsePeriodId(input.period);
  if (!period) throw new Error(`报告期格式不对：${input.period}`);
  if (!Number.isInteger(input.revision) || input.revision < 0) throw new Error(`更正序号须为非负整数：${input.revision}`);
  if (input.revision > 0 && !input.previous) throw new Error('更正通报须提供上一次发布的通报');
  const asOf = new Date(input.asOf);
  if (Number.isNaN(asOf.getTime())) throw new RangeError(`数据读取时间格式不对：${input.asOf}`);
  const parts: NoticePart[] = (input.ranked[0]?.parts ?? []).map((p) => ({ id: p.id, label: p.label, max: p.max }));
  const { rows, byCounty } = rankRows(input, parts);
  const inRankOrder = (keep: (c: NoticeCountyInput) => boolean): string[] => rows.filter((r) => keep(byCounty.get(r.county)!)).map((r) => r.county);
  const late = inRankOrder((c) => c.state === 'late');
  const missing = inRankOrder((c) => !submitted(c));
  const rejected = inRankOrder((c) => c.state === 'rejected');
  const targets = targetsOf(rows, byCounty);
  const cityGoals = cityGoalsOf(input.counties);
  const periodLabel = noticePeriodLabel(period);
  const body: Body = {
    docNumber: input.docNumber,
    period: input.period,
    periodLabel,
    date: input.date,
    dateText: formatChineseDate(input.date),
    issuer: input.issuer,
    draft: input.draft,
    revision: input.revision,
    asOf: asOf.toISOString(),
    due: input.due.date,
    overall: {
      counties: rows.length,
      submitted: rows.length - missing.length,
      onTime: rows.length - missing.length - late.length,
      late: late.length,
      rejected: rejected.length,
      missing: missing.length,
    },
    parts,
    rows,
    targets,
    cityGoals,
    late,
    missing,
    rejected,
    requirements: noticeRequirements({ period, late, missing, rejected, targets, cityGoals, nextDue: input.nextDue }),
    addressee: '各县（市、区）机关事务管理部门：',
    opening: `为及时掌握全市公共机构节约能源资源工作进展，根据各县（市、区）报送的${periodLabel}公共机构能源资源消费统计报表，现将有关情况${input.revision > 0 ? '更正' : ''}通报如下。`,
    attachment: `${periodLabel}各县（市、区）排名及指标明细表（电子表格，含各县全部指标）`,
  };
  const subject = `${input.issuer}关于${periodLabel}全市公共机构节约能源资源工作情况的`;
  const sections: [NoticeSectionId, string, string[]][] = [
    ['overall', '总体情况', overallParagraphs(body, dueDateNote(input.due))],
    ['ranking', '综合评分排名', rankingParagraphs(body)],
    ['targets', '重点指标完成情况', targetParagraphs(body)],
    ['timeliness', '逾期和未报送情况', timelinessParagraphs(body)],
    ['requirements', '下季度工作要求', body.requirements.map((r, i) => `（${chineseOrdinal(i + 1)}）${r}`)],
  ];
  if (input.revision === 0 || !input.previous) return { title: `${subject}通报`, ...body, sections: numbered(sections) };

  // A correction states what changed against the last published revision, then the whole notice again.
  const corrected: NoticeContent = { title: '', ...body, sections: [] };
  const indicators = input.previousIndicators && { previous: input.previousIndicators, next: Object.fromEntries(input.counties.map((c) => [c.county, c.indicators])) };
  const changes = noticeChanges(input.previous, corrected, indicators);
  const nth = input.revision === 1 ? '' : `第${chineseOrdinal(input.revision)}次`;
  return {
    title: `${subject}${nth}更正通报`,
    ...body,
    correction: { number: input.revision, of: input.previous.docNumber, changes },
    sections: numbered([['changes', '更正事项', correctionParagraphs(input.previous, changes)], ...sections]),
  };
}


/**
 * What a correction (更正通报) says changed against the last published revision: the scoring
 * parts; per county its rank, total, points by part, state and (late) arrival date; per target the
 * counties whose result or printed value changed; the city goals; per county the attachment's
 * indicators. Everything is compared as printed (formatPoints, formatValue, formatMonthDay), so
 * floating noise is never a change, and a change anywhere the notice shows (text, card, .docx,
 * .xlsx) is one. The issuing date, document number, revision and data-read time are not compared.
 */
import { INDICATORS, type IndicatorDefinition } from '../indicators/definitions.js';
import { finite, formatInstant, formatMonthDay, formatPoints, formatValue, rowPoints } from './format.js';
import type { NoticeCityGoal, NoticeContent, NoticeIndicators, NoticeRankRow, NoticeSectionId, NoticeTarget } from './types.js';

type TargetResult = 'met' | 'missed' | 'noData' | 'none';

const RESULT_LABEL: Record<TargetResult, string> = { met: '达标', missed: '未达标', noData: '无法计算', none: '未纳入统计' };

const DEFINITIONS = INDICATORS as readonly IndicatorDefinition[];

/** How many indicator changes a county's line names before "等N项". */
export const INDICATOR_CHANGES_SHOWN = 3;

/** The counted indicators of both revisions (StoredNotice.indicators of each). */
export interface NoticeIndicatorsPair {
  previous: NoticeIndicators;
  next: NoticeIndicators;
}

const counted = (r: NoticeRankRow): boolean => r.state === 'on-time' || r.state === 'late';

function resultOf(t: NoticeTarget | undefined, county: string): TargetResult {
  if (!t) return 'none';
  if (t.met.includes(county)) return 'met';
  if (t.missed.includes(county)) return 'missed';
  return t.noData.includes(county) ? 'noData' : 'none';
}

function partsLine(previous: NoticeContent, next: NoticeContent): string | null {
  const said: string[] = [];
  for (const part of next.parts) {
    const old = previous.parts.find((p) => p.id === part.id);
    if (!old) said.push(`增加${part.label}（${part.max}分）`);
    else if (old.label !== part.label || old.max !== part.max) said.push(`${old.label}（${old.max}分）调整为${part.label}（${part.max}分）`);
  }
  for (const old of previous.parts) if (!next.parts.some((p) => p.id === old.id)) said.push(`不再计${old.label}`);
  return said.length === 0 ? null : `评分办法有调整：${said.join('；')}。`;
}

function countyLine(before: NoticeRankRow, after: NoticeRankRow, previous: NoticeContent, next: NoticeContent): string | null {
  const said: string[] = [];
  if (before.rank !== after.rank) said.push(`名次由第${before.rank}名更正为第${after.rank}名`);
  const [a, b] = [formatPoints(before.total), formatPoints(after.total)];
  if (a !== b) said.push(`总分由${a}分更正为${b}分`);
  // A county that went from nothing counted to a submission (or back) changed in every part: its total says it.
  const bothCounted = counted(before) && counted(after);
  for (const part of bothCounted ? next.parts : []) {
    const old = previous.parts.find((p) => p.id === part.id);
    const [x, y] = [old ? rowPoints(before, old) : '—', rowPoints(after, part)];
    if (x !== y) said.push(`${part.label}得分由${x}分更正为${y}分`);
  }
  if (before.stateLabel !== after.stateLabel) said.push(`报送情况由“${before.stateLabel}”更正为“${after.stateLabel}”`);
  // A late county's arrival date is printed with it. (Notices stored before rows kept it have none.)
  else if (after.state === 'late' && before.receivedAt && after.receivedAt) {
    const [x, y] = [formatMonthDay(before.receivedAt), formatMonthDay(after.receivedAt)];
    if (x !== y) said.push(`报送日期由${x}更正为${y}`);
  }
  return said.length === 0 ? null : `${after.county}${said.join('，')}。`;
}

/** Whether a target's line names the county: its result changed, or it missed and its value is printed in the text. */
function targetSays(old: NoticeTarget | undefined, t: NoticeTarget, county: string): boolean {
  const [x, y] = [resultOf(old, county), resultOf(t, county)];
  return x !== y || y === 'missed';
}

function targetLine(t: NoticeTarget, old: NoticeTarget | undefined, counties: readonly string[]): string | null {
  const said: string[] = [];
  // "达标（40.00%）": with a result that changed, its value, so the attachment's is said too.
  const withValue = (target: NoticeTarget | undefined, county: string): string => {
    const r = resultOf(target, county);
    const value = r === 'met' || r === 'missed' ? `（${formatValue(target!.values[county] ?? null, t.unit)}）` : '';
    return `“${RESULT_LABEL[r]}”${value}`;
  };
  for (const county of counties) {
    if (!targetSays(old, t, county)) continue;
    const [x, y] = [resultOf(old, county), resultOf(t, county)];
    if (x !== y) said.push(`${county}由${withValue(old, county)}更正为${withValue(t, county)}`);
    else {
      // A missed county's value is printed with it, so a changed value is a change of the text.
      const [a, b] = [formatValue(old?.values[county] ?? null, t.unit), formatValue(t.values[county] ?? null, t.unit)];
      if (a !== b) said.push(`${county}由${a}更正为${b}`);
    }
  }
  return said.length === 0 ? null : `${t.name}：${said.join('；')}。`;
}

function cityGoalLine(g: NoticeCityGoal, old: NoticeCityGoal): string | null {
  const said: string[] = [];
  const [a, b] = [formatValue(old.total, old.unit), formatValue(g.total, g.unit)];
  if (a !== b) said.push(`已报${g.name}由${a}更正为${b}`);
  const [x, y] = [formatValue(old.goal, old.unit), formatValue(g.goal, g.unit)];
  if (x !== y) said.push(`${g.name}全年目标由不少于${x}调整为不少于${y}`);
  const done = (met: boolean): string => (met ? '已完成' : '尚未完成');
  if (old.met !== g.met) said.push(`完成情况由“${done(old.met)}”更正为“${done(g.met)}”`);
  return said.length === 0 ? null : `全市${said.join('，')}。`;
}

/** A county's values by indicator id, from the stored indicators or, without them, the targets'. */
function valuesOf(c: NoticeContent, indicators: NoticeIndicators | undefined, county: string): Readonly<Record<string, number | null | undefined>> {
  if (indicators) return indicators[county] ?? {};
  return Object.fromEntries(c.targets.map((t) => [t.id, t.values[county]]));
}

/** INDICATORS in their order, then any other id either side carries (as the 指标 sheet's columns go). */
function indicatorIds(x: Readonly<Record<string, unknown>>, y: Readonly<Record<string, unknown>>): IndicatorDefinition[] {
  const known = new Set(DEFINITIONS.map((d) => d.id));
  const extra = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((id) => !known.has(id)).sort();
  return [...DEFINITIONS, ...extra.map((id): IndicatorDefinition => ({ id, name: id, unit: '', target: null, comparator: null }))];
}

/** "附件中泽州县的指标数据有更新：综合能耗由…更正为…；…等5项。" for a county counted in both revisions. */
function indicatorLine(county: string, previous: NoticeContent, next: NoticeContent, indicators: NoticeIndicatorsPair | undefined): string | null {
  const [x, y] = [valuesOf(previous, indicators?.previous, county), valuesOf(next, indicators?.next, county)];
  const said: string[] = [];
  for (const d of indicatorIds(x, y)) {
    const t = next.targets.find((n) => n.id === d.id);
    if (t && targetSays(previous.targets.find((p) => p.id === d.id), t, county)) continue;
    const [a, b] = [formatValue(finite(x[d.id]), d.unit), formatValue(finite(y[d.id]), d.unit)];
    if (a !== b) said.push(`${d.name}由${a}更正为${b}`);
  }
  if (said.length === 0) return null;
  const shown = said.slice(0, INDICATOR_CHANGES_SHOWN).join('；');
  return `附件中${county}的指标数据有更新：${shown}${said.length > INDICATOR_CHANGES_SHOWN ? `等${said.length}项` : ''}。`;
}

/** Each section's printed text but the correction's own, with the data-read time left out. */
function printedSections(c: NoticeContent): Map<NoticeSectionId, { heading: string; text: string }> {
  const asOf = formatInstant(c.asOf);
  const sections = c.sections.filter((s) => s.id !== 'changes');
  return new Map(sections.map((s) => [s.id, { heading: s.heading, text: s.paragraphs.join('\n').replaceAll(asOf, '') }]));
}

/**
 * Chinese lines, one per part of the notice that changed; [] when nothing shown changed.
 * `indicators`: both revisions' counted indicators, for changes only the attachment shows.
 */
export function noticeChanges(previous: NoticeContent, next: NoticeContent, indicators?: NoticeIndicatorsPair): string[] {
  const lines: string[] = [];
  const parts = partsLine(previous, next);
  if (parts) lines.push(parts);
  const before = new Map(previous.rows.map((r) => [r.county, r]));
  const after = new Set(next.rows.map((r) => r.county));
  for (const row of next.rows) {
    const old = before.get(row.county);
    const line = old ? countyLine(old, row, previous, next) : `${row.county}新列入通报：第${row.rank}名，总分${formatPoints(row.total)}分，${row.stateLabel}。`;
    if (line) lines.push(line);
  }
  for (const row of previous.rows) if (!after.has(row.county)) lines.push(`${row.county}不再列入通报。`);

  const counties = [...next.rows.map((r) => r.county), ...previous.rows.map((r) => r.county).filter((c) => !after.has(c))];
  for (const t of next.targets) {
    const line = targetLine(t, previous.targets.find((x) => x.id === t.id), counties);
    if (line) lines.push(line);
  }
  for (const g of next.cityGoals) {
    const old = previous.cityGoals.find((x) => x.id === g.id);
    const line = old ? cityGoalLine(g, old) : null;
    if (line) lines.push(line);
  }
  // A county whose counted state changed has its state line; its attachment row changed with it.
  for (const row of next.rows) {
    const old = before.get(row.county);
    const line = old && counted(old) && counted(row) ? indicatorLine(row.county, previous, next, indicators) : null;
    if (line) lines.push(line);
  }
  if (lines.length > 0) return lines;

  // Nothing above explains it, yet the printed text differs (a wording or a setting changed): say where.
  const was = printedSections(previous);
  for (const [id, s] of printedSections(next)) {
    if (was.get(id)?.text !== s.text) lines.push(`“${s.heading}”部分的内容有更新，以更正后的通报为准。`);
  }
  return lines;
}

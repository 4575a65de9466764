/**
 * What a correction (更正通报) says changed against the last published revision: per county its
 * rank, total, points by part and state; per target the counties whose result changed; the city
 * goals' totals. Compared as printed (two decimals), so floating noise is never a change.
 */
import { formatPoints, formatValue, rowPoints } from './format.js';
import type { NoticeContent, NoticeRankRow, NoticeTarget } from './types.js';

type TargetResult = 'met' | 'missed' | 'noData' | 'none';

const RESULT_LABEL: Record<TargetResult, string> = { met: '达标', missed: '未达标', noData: '无法计算', none: '未纳入统计' };

function resultOf(t: NoticeTarget | undefined, county: string): TargetResult {
  if (!t) return 'none';
  if (t.met.includes(county)) return 'met';
  if (t.missed.includes(county)) return 'missed';
  return t.noData.includes(county) ? 'noData' : 'none';
}

function countyLine(before: NoticeRankRow, after: NoticeRankRow, previous: NoticeContent, next: NoticeContent): string | null {
  const said: string[] = [];
  if (before.rank !== after.rank) said.push(`名次由第${before.rank}名更正为第${after.rank}名`);
  const [a, b] = [formatPoints(before.total), formatPoints(after.total)];
  if (a !== b) said.push(`总分由${a}分更正为${b}分`);
  // A county that went from nothing counted to a submission (or back) changed in every part: its total says it.
  const bothCounted = [before, after].every((r) => r.state === 'on-time' || r.state === 'late');
  for (const part of bothCounted ? next.parts : []) {
    const old = previous.parts.find((p) => p.id === part.id);
    const [x, y] = [old ? rowPoints(before, old) : '—', rowPoints(after, part)];
    if (x !== y) said.push(`${part.label}得分由${x}分更正为${y}分`);
  }
  if (before.stateLabel !== after.stateLabel) said.push(`报送情况由“${before.stateLabel}”更正为“${after.stateLabel}”`);
  return said.length === 0 ? null : `${after.county}${said.join('，')}。`;
}

function targetLine(t: NoticeTarget, old: NoticeTarget | undefined, counties: readonly string[]): string | null {
  const said: string[] = [];
  for (const county of counties) {
    const [x, y] = [resultOf(old, county), resultOf(t, county)];
    if (x !== y) said.push(`${county}由“${RESULT_LABEL[x]}”更正为“${RESULT_LABEL[y]}”`);
    else if (y === 'missed') {
      // A missed county's value is printed with it, so a changed value is a change of the text.
      const [a, b] = [formatValue(old?.values[county] ?? null, t.unit), formatValue(t.values[county] ?? null, t.unit)];
      if (a !== b) said.push(`${county}由${a}更正为${b}`);
    }
  }
  return said.length === 0 ? null : `${t.name}：${said.join('；')}。`;
}

/** Chinese lines, one per county or target that changed; [] when nothing printed changed. */
export function noticeChanges(previous: NoticeContent, next: NoticeContent): string[] {
  const lines: string[] = [];
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
    if (old && old.total !== g.total) lines.push(`全市${g.name}由${formatValue(old.total, old.unit)}更正为${formatValue(g.total, g.unit)}。`);
  }
  return lines;
}

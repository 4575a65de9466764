/**
 * What `npm start` says about the schedule: the coming deadline and the reminders planned before
 * it, so a newcomer sees at once what the bot will do and when.
 */
import { parsePeriodId, periodLabel } from '../../shared/period.js';
import { shanghaiTime, type WorkdayCalendar } from '../../shared/schedule/calendar.js';
import { formatChineseDate } from '../../shared/schedule/deadlines.js';
import type { PlannedReminder } from '../../shared/schedule/plan.js';
import { STAGE_LABEL } from '../../shared/schedule/plan-text.js';
import type { ScheduleRules } from '../../shared/schedule/rules.js';
import type { Repository } from '../store/types.js';
import { planFromStore } from './plan-store.js';

/** Planned reminders shown at start: the next ones, grouped by time and stage. */
const SHOWN = 6;
const WINDOW_MS = 62 * 86_400_000;


export async function upcomingLines(input: { repo: Repository; calendar: WorkdayCalendar; rules: ScheduleRules; now: Date }): Promise<string[]> {
  const plan = await planFromStore({ ...input, from: input.now, to: new Date(input.now.getTime() + WINDOW_MS) });
  const lines: string[] = [];
  const nextDue = plan.events.find((e) => e.stage.startsWith('due-'));
  if (nextDue?.due) {
    const p = parsePeriodId(nextDue.period);
    lines.push(`  下一个截止日期：${formatChineseDate(nextDue.due)}（${p ? periodLabel(p) : nextDue.period}报表）`);
  }
  const groups = new Map<string, PlannedReminder[]>();
  for (const e of plan.events) {
    const key = `${e.time}|${e.stage}|${e.period}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const shown = [...groups.values()].slice(0, SHOWN);
  if (shown.length === 0) lines.push('  未来两个月没有待发的提醒（各县已报送，或没有截止日期）。');
  else lines.push('  接下来的提醒（jieneng reminders plan 查看全部）：');
  for (const events of shown) {
    const e = events[0]!;
    const who = e.audience === 'county' ? (events.length > 3 ? `${events.slice(0, 3).map((x) => x.county).join('、')}等 ${events.length} 个县区` : events.map((x) => x.county).join('、')) : e.audience === 'supervisors' ? '督导员' : '全部县区';
    lines.push(`    ${shanghaiTime(e.time)}  ${STAGE_LABEL[e.stage]} → ${who}`);
  }
  for (const w of plan.warnings) lines.push(`  注意：${w}`);
  return lines;
}

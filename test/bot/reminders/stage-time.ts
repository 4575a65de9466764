/** When the default plan sends a stage of a quarter (epoch ms of its 09:00 Shanghai), read from the plan itself. */
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { planReminders, type ReminderStage } from '../../../shared/schedule/plan.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';

/** The instant of `stage` for `period` (2026Q3: from 20 September to the end of November). */
export function stageAt(stage: ReminderStage, period = '2026Q3'): number {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(5));
  const end = new Date(Date.UTC(year, quarter * 3, 1) - 8 * 3_600_000);
  const plan = planReminders({
    calendar: CHINA_CALENDAR,
    rules: DEFAULT_SCHEDULE_RULES,
    counties: ['某县'],
    submitted: () => false,
    hasHosting: () => true,
    from: new Date(end.getTime() - 11 * 86_400_000),
    to: new Date(end.getTime() + 60 * 86_400_000),
  });
  const e = plan.events.find((x) => x.stage === stage && x.period === period);
  if (!e) throw new Error(`no ${stage} for ${period} in the plan`);
  return e.at;
}

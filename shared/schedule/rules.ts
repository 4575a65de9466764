/**
 * The configurable schedule (domain.md §5): due day, reminder offsets and hour, the notice delay,
 * the food-waste self-check, awareness days and the year-end and annual-report reminders. One zod
 * schema: every key optional with its default, unknown keys refused, a Chinese message per mistake.
 */
import { z } from 'zod';
import { daysBetween, yearOf } from './calendar.js';
import { expected, isoDate, isoDateProblem, issueLines, shown, strictObject, wholeIn } from './schema-text.js';

export interface AwarenessDay {
  id: string;
  name: string;
  /** YYYY-MM-DD */
  date: string;
  /** Last day of a week-long event. */
  until?: string;
}

/** A year's 全国节能宣传周 and 全国低碳日 (the Wednesday of that week), announced every year. */
export interface MovingAwareness {
  energySavingWeek: { from: string; to: string };
  lowCarbonDay: string;
}

export interface ScheduleRules {
  dueDayOfMonth: number;
  reminderHour: number;
  reminderMinute: number;
  /** Calendar days before the due date (due-7, due-3, due-1); 'due-day' is always sent. Each one of 7, 3, 1. */
  daysBefore: number[];
  /** Working days after the due date (overdue-1, overdue-3). Each one of 1, 3. */
  overdueWorkdays: number[];
  /** The working day after the due date on which supervisors get the digest of missing counties. */
  supervisorDigestWorkday: number;
  /** Working days after the due date when the ranked notice is drafted. */
  noticeDelayWorkdays: number;
  /** Calendar days before each quarter's last day. */
  foodSelfCheckDaysBefore: number;
  /** Calendar days before an awareness day (or week) that the reminder goes. */
  awarenessLeadDays: number;
  hostingReminder: { month: number; day: number };
  /** The city's "≥ N 能源费用托管 projects by year end" target named in the hosting reminder. */
  hostingTarget: number;
  /** The statutory annual energy report (previous year's data): due month/day, reminder daysBefore. */
  annualReport: { month: number; day: number; daysBefore: number };
  /** Year → that year's moving awareness days. A year missing here is warned about, never guessed. */
  movingAwareness: Record<string, MovingAwareness>;
}

/** The stages the plan knows: a configured offset outside these would need a new stage name. */
export const DAYS_BEFORE_STAGES = [7, 3, 1] as const;
export const OVERDUE_STAGES = [1, 3] as const;

/** 2025: 全国节能宣传周 6-23…6-29, 全国低碳日 Wednesday 6-25 (domain.md §5). Other years come from config. */
export const DEFAULT_MOVING_AWARENESS: Record<string, MovingAwareness> = {
  '2025': { energySavingWeek: { from: '2025-06-23', to: '2025-06-29' }, lowCarbonDay: '2025-06-25' },
};

export const DEFAULT_SCHEDULE_RULES: ScheduleRules = {
  dueDayOfMonth: 15,
  reminderHour: 9,
  reminderMinute: 0,
  daysBefore: [7, 3, 1],
  overdueWorkdays: [1, 3],
  supervisorDigestWorkday: 3,
  noticeDelayWorkdays: 5,
  foodSelfCheckDaysBefore: 10,
  awarenessLeadDays: 3,
  hostingReminder: { month: 11, day: 1 },
  hostingTarget: 2,
  annualReport: { month: 3, day: 31, daysBefore: 7 },
  movingAwareness: DEFAULT_MOVING_AWARENESS,
};

/** The fixed awareness days of a year: 世界水日 with 中国水周, 全国生态日 (from 2023, its first year), 世界粮食日. */
export function fixedAwarenessDays(year: number): AwarenessDay[] {
  const days: AwarenessDay[] = [{ id: 'world-water-day', name: '世界水日和中国水周', date: `${year}-03-22`, until: `${year}-03-28` }];
  if (year >= 2023) days.push({ id: 'national-ecology-day', name: '全国生态日', date: `${year}-08-15` });
  days.push({ id: 'world-food-day', name: '世界粮食日', date: `${year}-10-16` });
  return days;
}

/** The year's 全国节能宣传周 and 全国低碳日, or null when the config does not give that year. */
export function movingAwarenessDays(year: number, rules: ScheduleRules): AwarenessDay[] | null {
  const m = rules.movingAwareness[String(year)];
  if (!m) return null;
  return [
    { id: 'energy-saving-week', name: '全国节能宣传周', date: m.energySavingWeek.from, until: m.energySavingWeek.to },
    { id: 'low-carbon-day', name: '全国低碳日', date: m.lowCarbonDay },
  ];
}

/** Distinct numbers, each one of `allowed`. */
function stageOffsets(allowed: readonly number[], unit: string): z.ZodType<number[]> {
  const list = allowed.join('、');
  return z
    .array(
      z.number({ error: (iss) => expected(`须为数字（${list} 之一）`, iss.input) }).refine((n) => allowed.includes(n), {
        error: (iss) => `只能是 ${list} 之一（单位：${unit}；提醒阶段按这些天数命名），收到 ${shown(iss.input)}`,
      }),
      { error: (iss) => expected(`须为数组，如 [${allowed.join(', ')}]`, iss.input) },
    )
    .refine((a) => new Set(a).size === a.length, { error: '有重复的天数，请删去重复项' });
}

/** A month/day that exists every year (29 February does not). */
const everyYear = (v: { month: number; day: number }): boolean =>
  // Out-of-range fields have their own message; this check is only about their combination.
  ![v.month, v.day].every(Number.isInteger) || v.month < 1 || v.month > 12 || v.day > 31 || v.day <= new Date(Date.UTC(2001, v.month, 0)).getUTCDate();
const notEveryYear = {
  error: (iss: { input: unknown }) => {
    const { month, day } = iss.input as { month: number; day: number };
    return `${month} 月 ${day} 日不是每年都有的日期，请核对 month 和 day`;
  },
};

const movingEntry = strictObject({
  energySavingWeek: strictObject({ from: isoDate, to: isoDate }),
  lowCarbonDay: isoDate,
});

const movingAwarenessSchema = z
  .record(z.string().regex(/^\d{4}$/u, { error: (iss) => `键须为四位年份，如 "2026"，收到 ${shown(iss.input)}` }), movingEntry, {
    error: (iss) => expected('须为对象，键为年份，如 {"2026": {"energySavingWeek": {"from": …, "to": …}, "lowCarbonDay": …}}', iss.input),
  })
  .superRefine((record, ctx) => {
    for (const [year, m] of Object.entries(record)) {
      // zod still runs this after a date's own issue; such an entry is reported by that issue alone.
      if ([m.energySavingWeek.from, m.energySavingWeek.to, m.lowCarbonDay].some((date) => isoDateProblem(date) !== null)) continue;
      const { from, to } = m.energySavingWeek;
      for (const [path, date] of [[['energySavingWeek', 'from'], from], [['energySavingWeek', 'to'], to], [['lowCarbonDay'], m.lowCarbonDay]] as const) {
        if (yearOf(date) !== Number(year)) ctx.addIssue({ code: 'custom', path: [year, ...path], message: `${date} 不在 ${year} 年内，请核对年份` });
      }
      if (from > to) ctx.addIssue({ code: 'custom', path: [year, 'energySavingWeek'], message: `开始日 ${from} 晚于结束日 ${to}，请对调 from 和 to` });
      else if (daysBetween(from, to) > 13) ctx.addIssue({ code: 'custom', path: [year, 'energySavingWeek'], message: `${from} 至 ${to} 超过两周，宣传周通常为 7 天，请核对` });
      if (m.lowCarbonDay < from || m.lowCarbonDay > to) {
        ctx.addIssue({ code: 'custom', path: [year, 'lowCarbonDay'], message: `全国低碳日 ${m.lowCarbonDay} 不在节能宣传周 ${from} 至 ${to} 内，请核对` });
      }
    }
  })
  // Years given in config are added to the built-in ones (a config for 2026 keeps 2025).
  .transform((record) => ({ ...DEFAULT_MOVING_AWARENESS, ...record }));

const d = DEFAULT_SCHEDULE_RULES;

export const SCHEDULE_RULES_SCHEMA = strictObject({
  dueDayOfMonth: wholeIn(1, 31).default(d.dueDayOfMonth),
  reminderHour: wholeIn(0, 23).default(d.reminderHour),
  reminderMinute: wholeIn(0, 59).default(d.reminderMinute),
  daysBefore: stageOffsets(DAYS_BEFORE_STAGES, '截止日前的自然日').default(d.daysBefore),
  overdueWorkdays: stageOffsets(OVERDUE_STAGES, '截止日后的工作日').default(d.overdueWorkdays),
  supervisorDigestWorkday: wholeIn(1, 20).default(d.supervisorDigestWorkday),
  noticeDelayWorkdays: wholeIn(0, 30).default(d.noticeDelayWorkdays),
  foodSelfCheckDaysBefore: wholeIn(0, 80).default(d.foodSelfCheckDaysBefore),
  awarenessLeadDays: wholeIn(0, 30).default(d.awarenessLeadDays),
  hostingReminder: strictObject({ month: wholeIn(1, 12), day: wholeIn(1, 31) }).refine(everyYear, notEveryYear).default(d.hostingReminder),
  hostingTarget: wholeIn(1, 100).default(d.hostingTarget),
  annualReport: strictObject({ month: wholeIn(1, 12), day: wholeIn(1, 31), daysBefore: wholeIn(0, 60) }).refine(everyYear, notEveryYear).default(d.annualReport),
  movingAwareness: movingAwarenessSchema.default(d.movingAwareness),
});

export type ScheduleRulesInput = z.input<typeof SCHEDULE_RULES_SCHEMA>;

// The schema's output is exactly the interface.
const _sameShape: (o: z.output<typeof SCHEDULE_RULES_SCHEMA>) => ScheduleRules = (o) => o;
void _sameShape;

/** Config JSON → rules, or one Chinese line per mistake ("daysBefore[1]：…"). */
export function parseScheduleRules(json: unknown): { ok: true; rules: ScheduleRules } | { ok: false; errors: string[] } {
  const r = SCHEDULE_RULES_SCHEMA.safeParse(json ?? {});
  return r.success ? { ok: true, rules: r.data } : { ok: false, errors: issueLines(r.error.issues) };
}

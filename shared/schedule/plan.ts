/**
 * The reminder plan (domain.md §5): which reminders fall in a window, for whom, under which ledger
 * key. Pure: the calendar, the rules, who has submitted and the window come in; nothing reads a
 * clock. The scheduler asks for a window, claims each key in the store and sends.
 *
 * Dates: reminders before a date (due-N, self-check, awareness, annual report) that fall on a day
 * off move to the working day before; overdue ones count working days after the due date; the
 * 1 November hosting reminder, which precedes no deadline, moves to the working day after.
 * Every event records whether its date leaned on a year the calendar does not cover.
 */
import { periodId, quarterBounds, type Period, type Quarter } from '../period.js';
import {
  addDays,
  endOfShanghaiDay,
  nthWorkdayAfter,
  shanghaiDate,
  shanghaiInstantMs,
  workdayOnOrAfter,
  workdayOnOrBefore,
  yearOf,
  type WorkdayCalendar,
} from './calendar.js';
import { submissionDue } from './deadlines.js';
import { DAYS_BEFORE_STAGES, fixedAwarenessDays, movingAwarenessDays, OVERDUE_STAGES, type ScheduleRules } from './rules.js';
import { awarenessTitle, countyStageTitle, digestTitle, foodTitle, hostingTitle, annualReportTitle, type CountyStage } from './plan-text.js';

export type ReminderStage =
  | 'due-7'
  | 'due-3'
  | 'due-1'
  | 'due-day'
  | 'overdue-1'
  | 'overdue-3'
  | 'supervisor-digest'
  | 'food-self-check'
  | 'awareness-day'
  | 'hosting'
  | 'annual-report';

export type Audience = 'county' | 'supervisors' | 'all-counties';

export interface PlannedReminder {
  /** Stable ledger key: `${stage}:${period}:${county}`, `supervisor-digest:${period}:supervisors`, `awareness-day:${year}:${id}:all`. */
  key: string;
  /** ISO 8601 with +08:00: '2026-12-08T09:00:00+08:00'. */
  time: string;
  /** Epoch ms of time. */
  at: number;
  /** Epoch ms after which sending late is no longer worth it. */
  expiresAt: number;
  /** null only for supervisor digests and awareness days sent to all counties. */
  county: string | null;
  audience: Audience;
  stage: ReminderStage;
  /** '2026Q4' for quarterly stages and the self-check; the year for hosting and awareness days; the report year for the annual report. */
  period: string;
  /** The ISO date the reminder is about: the submission due date, the quarter's last day, the awareness day, 12-31, 03-31. */
  due: string | null;
  /** [county] for county events, the missing counties for the digest, [] for all counties. */
  counties: string[];
  title: string;
  /** false when the date depends on a year the calendar does not cover (weekends assumed). */
  calendarCovered: boolean;
  /** Stages of the same period and county that fell on the same day and are sent as this one. */
  merged: ReminderStage[];
}

export interface PlanInput {
  calendar: WorkdayCalendar;
  rules: ScheduleRules;
  counties: readonly string[];
  /** Whether the county has an accepted submission for the period ('2026Q3') at planning time. */
  submitted(county: string, period: string): boolean;
  hasHosting(county: string, year: number): boolean;
  /** Events with from <= at < to. */
  from: Date;
  to: Date;
}

export interface ReminderPlan {
  events: PlannedReminder[];
  warnings: string[];
  uncoveredYears: number[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** hour:minute of the rules on an ISO date, Asia/Shanghai. */
export function reminderInstant(date: string, rules: Pick<ScheduleRules, 'reminderHour' | 'reminderMinute'>): { at: number; time: string } {
  return {
    at: shanghaiInstantMs(date, rules.reminderHour, rules.reminderMinute),
    time: `${date}T${pad(rules.reminderHour)}:${pad(rules.reminderMinute)}:00+08:00`,
  };
}

/** A date, the years whose holiday data it was computed from, and those of them the calendar lacks. */
interface Slot {
  date: string;
  years: ReadonlySet<number>;
  uncovered: number[];
}

/** Runs a date computation against a calendar that notes every year it is asked about. */
function slot(calendar: WorkdayCalendar, compute: (cal: WorkdayCalendar) => string, after?: Slot): Slot {
  const years = new Set<number>(after?.years);
  const date = compute({
    covers: (y) => (years.add(y), calendar.covers(y)),
    isWorkday: (d) => (years.add(yearOf(d)), calendar.isWorkday(d)),
  });
  return { date, years, uncovered: [...years].filter((y) => !calendar.covers(y)) };
}

/** When the ranked notice for a quarter is drafted: the due date plus noticeDelayWorkdays working days, at the reminder time. */
export function noticeDraftTime(
  period: Period,
  calendar: WorkdayCalendar,
  rules: ScheduleRules,
): { date: string; at: number; time: string; calendarCovered: boolean } {
  const s = slot(calendar, (cal) => nthWorkdayAfter(submissionDue(period, cal, rules).date, rules.noticeDelayWorkdays, cal));
  return { date: s.date, ...reminderInstant(s.date, rules), calendarCovered: s.uncovered.length === 0 };
}

/** A county stage's distance from the due date: the nearest wins when two land on the same day. */
interface StageSlot extends Slot {
  stage: CountyStage;
  offset: number;
}

function stageOf<T extends string>(prefix: string, n: number, allowed: readonly number[]): T {
  if (!allowed.includes(n)) throw new RangeError(`提醒阶段 ${prefix}-${n} 不存在：只能是 ${allowed.join('、')}`);
  return `${prefix}-${n}` as T;
}

class Planner {
  private readonly events: PlannedReminder[] = [];
  private readonly uncovered = new Set<number>();
  private readonly fromMs: number;
  private readonly toMs: number;
  /** The counties in Chinese collation order, and each one's place in it (sorting thousands of events by collator is slow). */
  private readonly counties: readonly string[];
  private readonly countyRank: ReadonlyMap<string, number>;
  private readonly instants = new Map<string, { at: number; time: string }>();

  constructor(private readonly input: PlanInput) {
    this.fromMs = input.from.getTime();
    this.toMs = input.to.getTime();
    this.counties = [...new Set(input.counties)].sort(new Intl.Collator('zh-Hans-CN').compare);
    this.countyRank = new Map(this.counties.map((c, i) => [c, i]));
  }

  /** Once per date: thousands of counties share each one. */
  private instant(date: string): { at: number; time: string } {
    let i = this.instants.get(date);
    if (!i) this.instants.set(date, (i = reminderInstant(date, this.input.rules)));
    return i;
  }

  private inWindow(s: Slot): boolean {
    const { at } = this.instant(s.date);
    return at >= this.fromMs && at < this.toMs;
  }

  private add(s: Slot, e: Omit<PlannedReminder, 'time' | 'at' | 'calendarCovered' | 'expiresAt' | 'merged'> & { expiresAt?: number; merged?: ReminderStage[] }): void {
    const { at, time } = this.instant(s.date);
    for (const y of s.uncovered) this.uncovered.add(y);
    // Every field written out in one order: one object shape for tens of thousands of events.
    this.events.push({
      key: e.key,
      time,
      at,
      // A countdown ("还有 3 天", "今天截止", "已逾期 1 个工作日") is true on its own day only: missed for that whole day, it is not sent late.
      expiresAt: e.expiresAt ?? endOfShanghaiDay(s.date),
      county: e.county,
      audience: e.audience,
      stage: e.stage,
      period: e.period,
      due: e.due,
      counties: e.counties,
      title: e.title,
      calendarCovered: s.uncovered.length === 0,
      merged: e.merged ?? [],
    });
  }

  quarter(p: Period): void {
    const { calendar, rules } = this.input;
    const id = periodId(p);
    const due = slot(calendar, (cal) => submissionDue(p, cal, rules).date);
    const stages: StageSlot[] = [
      ...rules.daysBefore.map((n) => ({ stage: stageOf<CountyStage>('due', n, DAYS_BEFORE_STAGES), offset: n, ...slot(calendar, (cal) => workdayOnOrBefore(addDays(due.date, -n), cal), due) })),
      { stage: 'due-day' as const, offset: 0, ...due },
      ...rules.overdueWorkdays.map((n) => ({ stage: stageOf<CountyStage>('overdue', n, OVERDUE_STAGES), offset: n, ...slot(calendar, (cal) => nthWorkdayAfter(due.date, n, cal), due) })),
    ];
    // Same day, same county, same period: one message, the stage nearest the due date.
    const byDate = new Map<string, StageSlot[]>();
    for (const s of stages) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
    const kept = [...byDate.values()].map((same) => {
      const [first, ...rest] = [...same].sort((a, b) => a.offset - b.offset);
      return { ...first!, merged: rest.map((r) => r.stage) };
    });
    const digest = slot(calendar, (cal) => nthWorkdayAfter(due.date, rules.supervisorDigestWorkday, cal), due);
    const wanted = kept.filter((s) => this.inWindow(s));
    if (wanted.length === 0 && !this.inWindow(digest)) return;

    const missing = this.counties.filter((c) => !this.input.submitted(c, id));
    for (const s of wanted) {
      const title = countyStageTitle(s.stage, p, due.date, s.date);
      for (const county of missing) {
        this.add(s, {
          key: `${s.stage}:${id}:${county}`,
          county,
          audience: 'county',
          stage: s.stage,
          period: id,
          due: due.date,
          counties: [county],
          title,
          merged: [...s.merged],
        });
      }
    }
    if (missing.length > 0 && this.inWindow(digest)) {
      this.add(digest, {
        key: `supervisor-digest:${id}:supervisors`,
        county: null,
        audience: 'supervisors',
        stage: 'supervisor-digest',
        period: id,
        due: due.date,
        counties: missing,
        title: digestTitle(p, due.date, rules.supervisorDigestWorkday, missing),
      });
    }
  }

  foodSelfCheck(p: Period): void {
    const { calendar, rules } = this.input;
    const end = quarterBounds(p).end;
    const s = slot(calendar, (cal) => workdayOnOrBefore(addDays(end, -rules.foodSelfCheckDaysBefore), cal));
    if (!this.inWindow(s)) return;
    const id = periodId(p);
    const title = foodTitle(p, end);
    const expiresAt = endOfShanghaiDay(end);
    for (const county of this.counties) {
      this.add(s, {
        key: `food-self-check:${id}:${county}`,
        county,
        audience: 'county',
        stage: 'food-self-check',
        period: id,
        due: end,
        counties: [county],
        title,
        expiresAt,
      });
    }
  }

  /** Returns false when the year's moving awareness days are not configured. */
  awareness(year: number): boolean {
    const { calendar, rules } = this.input;
    const moving = movingAwarenessDays(year, rules);
    for (const day of [...fixedAwarenessDays(year), ...(moving ?? [])]) {
      const s = slot(calendar, (cal) => workdayOnOrBefore(addDays(day.date, -rules.awarenessLeadDays), cal));
      if (!this.inWindow(s)) continue;
      this.add(s, {
        key: `awareness-day:${year}:${day.id}:all`,
        county: null,
        audience: 'all-counties',
        stage: 'awareness-day',
        period: String(year),
        due: day.date,
        counties: [],
        title: awarenessTitle(day),
        expiresAt: endOfShanghaiDay(day.until ?? day.date),
      });
    }
    return moving !== null;
  }

  hosting(year: number): void {
    const { calendar, rules } = this.input;
    const { month, day } = rules.hostingReminder;
    const s = slot(calendar, (cal) => workdayOnOrAfter(`${year}-${pad(month)}-${pad(day)}`, cal));
    if (!this.inWindow(s)) return;
    const yearEnd = `${year}-12-31`;
    const title = hostingTitle(year, rules.hostingTarget);
    const expiresAt = endOfShanghaiDay(yearEnd);
    for (const county of this.counties) {
      if (this.input.hasHosting(county, year)) continue;
      this.add(s, {
        key: `hosting:${year}:${county}`,
        county,
        audience: 'county',
        stage: 'hosting',
        period: String(year),
        due: yearEnd,
        counties: [county],
        title,
        expiresAt,
      });
    }
  }

  annualReport(year: number): void {
    const { calendar, rules } = this.input;
    const { month, day, daysBefore } = rules.annualReport;
    const due = `${year}-${pad(month)}-${pad(day)}`;
    const s = slot(calendar, (cal) => workdayOnOrBefore(addDays(due, -daysBefore), cal));
    if (!this.inWindow(s)) return;
    const reportYear = year - 1;
    const title = annualReportTitle(reportYear, due, s.date);
    // Its title counts the days ("还有 7 天"): only on its own day.
    const expiresAt = endOfShanghaiDay(s.date);
    for (const county of this.counties) {
      this.add(s, {
        key: `annual-report:${reportYear}:${county}`,
        county,
        audience: 'county',
        stage: 'annual-report',
        period: String(reportYear),
        due,
        counties: [county],
        title,
        expiresAt,
      });
    }
  }

  result(unconfigured: number[]): ReminderPlan {
    const events = this.events.sort((a, b) => this.compare(a, b));
    const uncoveredYears = [...this.uncovered].sort((a, b) => a - b);
    const warnings = [
      ...uncoveredYears.map(
        (y) => `${y} 年的法定节假日安排尚未收录：该年的截止日和提醒日期按周六、周日推算，请以国务院办公厅通知为准；可在数据目录的 holidays.json 中补充。`,
      ),
      ...unconfigured.map(
        (y) => `${y} 年全国节能宣传周和全国低碳日的日期尚未配置，这两项提醒不会发送：请在配置项 schedule 的 movingAwareness（环境变量 JIENENG_SCHEDULE）中填写该年的日期（以当年主管部门通知为准）。`,
      ),
    ];
    return { events, warnings, uncoveredYears };
  }

  private compare(a: PlannedReminder, b: PlannedReminder): number {
    if (a.at !== b.at) return a.at - b.at;
    // Counties first, then the events addressed to a group.
    if (a.county !== b.county) {
      if (a.county === null) return 1;
      if (b.county === null) return -1;
      return this.countyRank.get(a.county)! - this.countyRank.get(b.county)!;
    }
    const s = STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage);
    return s !== 0 ? s : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  }
}

const STAGE_ORDER: readonly ReminderStage[] = [
  'due-7',
  'due-3',
  'due-1',
  'due-day',
  'overdue-1',
  'overdue-3',
  'supervisor-digest',
  'food-self-check',
  'awareness-day',
  'hosting',
  'annual-report',
];

/** The reminders with from <= at < to, sorted by time, then county (zh-Hans-CN), then stage. */
export function planReminders(input: PlanInput): ReminderPlan {
  const planner = new Planner(input);
  if (input.to.getTime() <= input.from.getTime()) return planner.result([]);
  const first = yearOf(shanghaiDate(input.from));
  const last = yearOf(shanghaiDate(new Date(input.to.getTime() - 1)));
  // A year either side: due-N of a quarter due after `to`, overdue ones of a quarter ended before `from`,
  // the Q4 due in January, awareness and annual reminders moved back across New Year.
  const unconfigured: number[] = [];
  for (let year = first - 1; year <= last + 1; year++) {
    for (const quarter of [1, 2, 3, 4] as Quarter[]) {
      planner.quarter({ year, quarter });
      planner.foodSelfCheck({ year, quarter });
    }
    const configured = planner.awareness(year);
    // Only years the window itself lies in are warned about; their dates could fall in it.
    if (!configured && year >= first && year <= last) unconfigured.push(year);
    planner.hosting(year);
    planner.annualReport(year);
  }
  return planner.result(unconfigured);
}

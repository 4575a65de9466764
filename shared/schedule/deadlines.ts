/**
 * Quarterly submission due dates (domain.md §5): the 15th of the month after the quarter, moved to
 * the next working day by the official calendar. A year the calendar does not cover is reported on
 * the DueDate (calendarCovered) rather than silently assumed to be plain weekdays.
 */
import { periodId, type Period } from '../period.js';
import { dateToUtcMs, daysBetween, shanghaiDate, workdayOnOrAfter, yearOf, type WorkdayCalendar } from './calendar.js';

export interface DeadlineRules {
  /** Day of the month after the quarter (default 15). */
  dueDayOfMonth: number;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = { dueDayOfMonth: 15 };

export interface DueDate {
  /** '2026Q3' */
  period: string;
  /** 15th of the month after the quarter, Q4 → 15 Jan next year: '2026-10-15'. */
  nominal: string;
  /** nominal moved forward to the next working day if it is not one. */
  date: string;
  moved: boolean;
  /** false when the calendar lacks the official data for a year the computation touched: the date then assumes plain weekdays. */
  calendarCovered: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function submissionDue(period: Period, calendar: WorkdayCalendar, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): DueDate {
  const day = rules.dueDayOfMonth;
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError(`截止日须为 1–31 的整数：${day}`);
  // Month after the quarter: Q1 → April … Q4 → January of the next year.
  const year = period.quarter === 4 ? period.year + 1 : period.year;
  const month = period.quarter === 4 ? 1 : period.quarter * 3 + 1;
  // A configured day past the month's end (31 in April) means its last day.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const nominal = `${year}-${pad(month)}-${pad(Math.min(day, lastDay))}`;

  // Moving stays inside the year (the due month is Jan/Apr/Jul/Oct, the shift at most a month),
  // so the nominal year is the only one whose data the result depends on.
  const covered = calendar.covers(year);
  const date = workdayOnOrAfter(nominal, calendar);
  return { period: periodId(period), nominal, date, moved: date !== nominal, calendarCovered: covered };
}

/** Late when received after the end of the due day (24:00 Asia/Shanghai). */
export function isLate(receivedAt: Date, due: DueDate): boolean {
  // ISO dates compare correctly as strings.
  return shanghaiDate(receivedAt) > due.date;
}

/** Whole days from the due day to the Shanghai date of `now` (negative before, 0 on the day). */
export function daysPastDue(now: Date, due: DueDate): number {
  return daysBetween(due.date, shanghaiDate(now));
}

/** Chinese note shown to users when the due date is uncertain; null when covered. */
export function dueDateNote(due: DueDate): string | null {
  if (due.calendarCovered) return null;
  return `${yearOf(due.nominal)} 年的法定节假日安排尚未收录，截止日按周六、周日顺延推算，以市机关事务管理局通知为准。`;
}

/** '2026年10月15日' */
export function formatChineseDate(date: string): string {
  dateToUtcMs(date); // rejects malformed and non-existent dates
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * Working days and ISO-date arithmetic (domain.md §5). Pure: dates are 'YYYY-MM-DD' strings and
 * instants are passed in, so nothing here reads a clock or depends on the host's time zone.
 */

export interface WorkdayCalendar {
  /** Whether the calendar holds the official holiday and adjusted-workday (调休) data for this year. */
  covers(year: number): boolean;
  /** 'YYYY-MM-DD' → whether it is a working day. Outside covered years: Monday–Friday. */
  isWorkday(date: string): boolean;
}

const DAY_MS = 86_400_000;
/** Asia/Shanghai has been UTC+8 all year since 1991, so a fixed offset is exact for our dates. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Milliseconds since the epoch of 00:00 UTC on an ISO date; throws on anything not a real date. */
export function dateToUtcMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(date);
  if (!m) throw new RangeError(`不是 YYYY-MM-DD 格式的日期：${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over into March; a round trip catches such dates.
  if (utcMsToDate(ms) !== date) throw new RangeError(`日期不存在：${date}`);
  return ms;
}

function utcMsToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`天数须为整数：${days}`);
  return utcMsToDate(dateToUtcMs(date) + days * DAY_MS);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(dateToUtcMs(date)).getUTCDay();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The calendar date in Asia/Shanghai (UTC+8, no DST) of an instant, 'YYYY-MM-DD'. */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('无效的时间');
  return utcMsToDate(ms + SHANGHAI_OFFSET_MS);
}

/** "2026-10-12 09:30": an ISO instant on Shanghai's clock (UTC+8, no daylight saving); the text itself when unparsable. */
export function shanghaiTime(iso: string): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The epoch ms of hour:minute on an ISO date, Shanghai clock. */
export function shanghaiInstantMs(date: string, hour: number, minute: number): number {
  return dateToUtcMs(date) + (hour * 60 + minute) * 60_000 - SHANGHAI_OFFSET_MS;
}

/** The epoch ms of 24:00 on an ISO date, Shanghai clock (00:00 of the next day). */
export function endOfShanghaiDay(date: string): number {
  return dateToUtcMs(date) + DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The longest official holiday block is 8–9 days; a month without a workday means broken data. */
const MAX_SHIFT_DAYS = 31;

function stepToWorkday(date: string, step: 1 | -1, calendar: WorkdayCalendar): string {
  let d = date;
  for (let shifts = 0; !calendar.isWorkday(d); shifts++) {
    if (shifts >= MAX_SHIFT_DAYS) throw new Error(`${date} ${step > 0 ? '之后' : '之前'} ${MAX_SHIFT_DAYS} 天内没有工作日，请检查节假日数据`);
    d = addDays(d, step);
  }
  return d;
}

/** The date itself when it is a working day, else the next working day. */
export function workdayOnOrAfter(date: string, calendar: WorkdayCalendar): string {
  return stepToWorkday(date, 1, calendar);
}

/** The date itself when it is a working day, else the last working day before it. */
export function workdayOnOrBefore(date: string, calendar: WorkdayCalendar): string {
  return stepToWorkday(date, -1, calendar);
}

/** The n-th working day strictly after `date` (n = 0: the date itself). */
export function nthWorkdayAfter(date: string, n: number, calendar: WorkdayCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数须为非负整数：${n}`);
  let d = date;
  for (let i = 0; i < n; i++) d = workdayOnOrAfter(addDays(d, 1), calendar);
  return d;
}

/** Plain Monday–Friday, covering no year (for tests and as a fallback). */
export const WEEKDAYS_ONLY: WorkdayCalendar = {
  covers: () => false,
  isWorkday: (date) => {
    const d = weekday(date);
    return d !== 0 && d !== 6;
  },
};

/**
 * China's official working-day calendar (statutory holidays and 调休 workdays) from the npm package
 * chinese-days, which bundles the State Council's notices offline. Its data ends at the last
 * published year; later years are reported as not covered (see shared/schedule/deadlines.ts).
 *
 * The package's own isWorkday() reads a date string in the host's time zone, so west of UTC every
 * answer was a day off; the bundled tables are looked up here by the ISO date itself, the weekday
 * taken in UTC, so the answer is the same on any server.
 */
import { createRequire } from 'node:module';
import { weekday } from '../../shared/schedule/calendar.js';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';

const require = createRequire(import.meta.url);

interface Tables {
  /** Statutory days off, by ISO date. */
  holidays: Set<string>;
  /** Weekend days that are 调休 working days, by ISO date. */
  workdays: Set<string>;
  years: Set<number>;
}

let tables: Tables | undefined;

function load(): Tables {
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const holidays = new Set(Object.keys(data.holidays));
  return { holidays, workdays: new Set(Object.keys(data.workdays)), years: new Set([...holidays].map((d) => Number(d.slice(0, 4)))) };
}

export const CHINA_CALENDAR: WorkdayCalendar = {
  covers(year: number): boolean {
    tables ??= load();
    return tables.years.has(year);
  },
  isWorkday(date: string): boolean {
    tables ??= load();
    if (tables.workdays.has(date)) return true;
    if (tables.holidays.has(date)) return false;
    const d = weekday(date); // throws on a malformed date
    return d !== 0 && d !== 6;
  },
};

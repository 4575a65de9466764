/**
 * China's official working-day calendar (statutory holidays and 调休 workdays) from the npm package
 * chinese-days, which bundles the State Council's notices offline. Its data ends at the last
 * published year; later years are reported as not covered (see shared/schedule/deadlines.ts).
 */
import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';

const require = createRequire(import.meta.url);

function coveredYears(): Set<number> {
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string> };
  return new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));
}

let years: Set<number> | undefined;

export const CHINA_CALENDAR: WorkdayCalendar = {
  covers(year: number): boolean {
    years ??= coveredYears();
    return years.has(year);
  },
  isWorkday(date: string): boolean {
    return chineseDays.isWorkday(date);
  },
};

/**
 * The city's holiday file: the State Council's holiday notice for a year (放假安排 and 调休上班日),
 * typed in by the city so a year is covered before the npm package chinese-days catches up.
 *
 *   {
 *     "years": {
 *       "2027": {
 *         "source": "国办发明电〔2026〕X号",
 *         "holidays": [{ "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" }, …],
 *         "workdays": ["2027-02-06", …]
 *       }
 *     }
 *   }
 *
 * A year in the file is covered and decided by the file alone: its holidays are off, its adjusted
 * workdays (always a Saturday or Sunday) are on, every other day by Monday–Friday. A notice may
 * start the 元旦 break or its 调休 at the end of December of the year before; such dates are taken
 * as given and override the other source for those days only.
 */
import { z } from 'zod';
import { addDays, daysBetween, weekday, yearOf, type WorkdayCalendar } from './calendar.js';
import { expected, isoDate, issueLines, pathText, strictObject } from './schema-text.js';

export const HOLIDAY_FILE_NAME = 'holidays.json';

export interface HolidayRange {
  name: string;
  from: string;
  to: string;
}

export interface HolidayYear {
  /** Where the dates come from: the notice's number, e.g. 国办发明电〔2026〕X号. */
  source: string;
  holidays: HolidayRange[];
  /** 调休上班日: Saturdays or Sundays that are working days. */
  workdays: string[];
  note?: string;
}

export interface HolidayFile {
  years: Record<string, HolidayYear>;
  note?: string;
}

export type HolidayFileResult = { ok: true; file: HolidayFile } | { ok: false; errors: string[] };

export interface ParseOptions {
  /** Where JSON.parse failed, e.g. "（第 3 行第 5 列附近）"; the engines word their messages differently, so Node passes its own. */
  locateJsonError?: (text: string, message: string) => string;
}

/** The longest official break is 9 days; more than two weeks is a typing mistake (a wrong month). */
const MAX_HOLIDAY_DAYS = 14;

const yearSchema = strictObject({
  source: z.string({ error: '须填写来源：国务院办公厅通知的文号或标题，如 "国办发明电〔2026〕X号"' }).trim().min(1, { error: '来源不能为空：请填写国务院办公厅通知的文号或标题' }),
  holidays: z
    .array(
      strictObject({
        name: z.string({ error: '须填写节日名称，如 "春节"' }).trim().min(1, { error: '节日名称不能为空，如 "春节"' }),
        from: isoDate,
        to: isoDate,
      }),
      { error: (iss) => expected('须为数组，如 [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}]', iss.input) },
    )
    .min(1, { error: '至少列出一项放假安排（通知中的每个节日一项）' }),
  workdays: z.array(isoDate, { error: (iss) => expected('须为日期数组，如 ["2027-02-06"]；没有调休上班日时写 []', iss.input) }),
  note: z.string({ error: '说明须为文本' }).optional(),
});

const fileSchema = strictObject({
  years: z.record(z.string(), z.unknown(), { error: (iss) => expected('须为对象，键为年份，如 {"2027": {"source": …, "holidays": […], "workdays": […]}}', iss.input) }),
  note: z.string({ error: '说明须为文本' }).optional(),
});

/** Dates a year's notice may hold: the year itself and, for the 元旦 break, late December before it. */
function outsideYear(date: string, year: number): string | null {
  if (yearOf(date) === year) return null;
  if (yearOf(date) === year - 1 && date >= `${year - 1}-12-25`) return null;
  return `${date} 不在 ${year} 年内（只有元旦假期和它的调休可能在上一年 12 月底）：请核对年份，或把它放到 years.${yearOf(date)} 下`;
}

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** The checks zod cannot express: dates against the year, ranges against each other, workdays against holidays. */
function yearProblems(year: number, y: HolidayYear): string[] {
  const at = (...path: (string | number)[]): string => pathText(['years', String(year), ...path]);
  const problems: string[] = [];
  y.holidays.forEach((h, i) => {
    for (const key of ['from', 'to'] as const) {
      const outside = outsideYear(h[key], year);
      if (outside) problems.push(`${at('holidays', i)}.${key}：${outside}`);
    }
    if (h.from > h.to) problems.push(`${at('holidays', i)}：开始日 ${h.from} 晚于结束日 ${h.to}，请对调 from 和 to`);
    else if (daysBetween(h.from, h.to) + 1 > MAX_HOLIDAY_DAYS) {
      problems.push(`${at('holidays', i)}：${h.name} ${h.from} 至 ${h.to} 共 ${daysBetween(h.from, h.to) + 1} 天，超过 ${MAX_HOLIDAY_DAYS} 天，请核对月份`);
    }
  });
  const ordered = y.holidays.map((h, i) => ({ ...h, i })).filter((h) => h.from <= h.to).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.i - b.i));
  // Against the range reaching furthest so far, so a long range overlapping several is caught each time.
  let reach = ordered[0];
  for (const b of ordered.slice(1)) {
    const a = reach!;
    if (b.from <= a.to) {
      const [first, second] = a.i < b.i ? [a, b] : [b, a];
      problems.push(`${at('holidays', second.i)}：${second.name}（${second.from} 至 ${second.to}）与 holidays[${first.i}] ${first.name}（${first.from} 至 ${first.to}）的日期重叠，请核对`);
    }
    if (b.to > a.to) reach = b;
  }
  const seen = new Set<string>();
  y.workdays.forEach((date, i) => {
    const where = at('workdays', i);
    const outside = outsideYear(date, year);
    if (outside) problems.push(`${where}：${outside}`);
    if (seen.has(date)) problems.push(`${where}：${date} 重复列出，请删去一处`);
    seen.add(date);
    const day = weekday(date);
    if (day !== 0 && day !== 6) problems.push(`${where}：${date} 是${WEEKDAY_NAMES[day]}，本来就上班；调休上班日只能是周六或周日，请核对通知`);
    const holiday = y.holidays.find((h) => h.from <= date && date <= h.to);
    if (holiday) problems.push(`${where}：${date} 同时在放假安排 ${holiday.name}（${holiday.from} 至 ${holiday.to}）内，一天不能既放假又上班，请删去其中一处`);
  });
  return problems;
}

/** Validates an already parsed holiday file; one Chinese line per mistake, naming where it is. */
export function validateHolidayFile(json: unknown): HolidayFileResult {
  const top = fileSchema.safeParse(json);
  if (!top.success) return { ok: false, errors: issueLines(top.error.issues) };
  const errors: string[] = [];
  const years: Record<string, HolidayYear> = {};
  for (const [key, value] of Object.entries(top.data.years)) {
    if (!/^\d{4}$/u.test(key)) {
      errors.push(`years.${key}：键须为四位年份，如 "2027"`);
      continue;
    }
    const parsed = yearSchema.safeParse(value);
    if (!parsed.success) {
      errors.push(...issueLines(parsed.error.issues, ['years', key]));
      continue;
    }
    const problems = yearProblems(Number(key), parsed.data);
    errors.push(...problems);
    if (problems.length === 0) years[key] = parsed.data;
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, file: { years, ...(top.data.note === undefined ? {} : { note: top.data.note }) } };
}

/** The file's text (UTF-8, a leading BOM allowed) → the file, or one Chinese line per mistake. */
export function parseHolidayFile(text: string, options: ParseOptions = {}): HolidayFileResult {
  const body = text.replace(/^\uFEFF/u, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    const where = options.locateJsonError?.(body, (err as Error).message) ?? '';
    return { ok: false, errors: [`节假日文件不是有效的 JSON${where}：请检查括号、引号和逗号是否成对、完整。`] };
  }
  return validateHolidayFile(json);
}

export type CalendarSource = 'file' | 'package' | null;

export interface SourcedCalendar extends WorkdayCalendar {
  /** Where the year's holiday data comes from: the city's file, the package, or nowhere (uncovered). */
  source(year: number): CalendarSource;
}

/** The base calendar with the file's years laid over it. */
export function overlayCalendar(base: WorkdayCalendar, file: HolidayFile): SourcedCalendar {
  const fileYears = new Set(Object.keys(file.years).map(Number));
  const off = new Set<string>();
  const on = new Set<string>();
  for (const y of Object.values(file.years)) {
    for (const h of y.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) off.add(d);
    for (const d of y.workdays) on.add(d);
  }
  return {
    covers: (year) => fileYears.has(year) || base.covers(year),
    source: (year) => (fileYears.has(year) ? 'file' : base.covers(year) ? 'package' : null),
    isWorkday(date) {
      if (off.has(date)) return false;
      if (on.has(date)) return true;
      if (!fileYears.has(yearOf(date))) return base.isWorkday(date);
      const day = weekday(date);
      return day !== 0 && day !== 6;
    },
  };
}

/** The base calendar alone, with its source named (no holiday file). */
export function sourcedCalendar(base: WorkdayCalendar): SourcedCalendar {
  return overlayCalendar(base, { years: {} });
}

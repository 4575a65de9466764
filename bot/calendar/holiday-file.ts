/**
 * The city's holiday file (holidays.json in the data directory) read from disk and laid over the
 * package's calendar. See shared/schedule/holidays.ts for its shape and checks.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOLIDAY_FILE_NAME, overlayCalendar, parseHolidayFile, sourcedCalendar, type HolidayFile, type SourcedCalendar } from '../../shared/schedule/holidays.js';
import { jsonPosition } from '../json-position.js';
import { CHINA_CALENDAR } from './chinese-days.js';

/** Where the city's holiday file lives in a data directory. */
export function holidayFilePath(dataDir: string): string {
  return join(dataDir, HOLIDAY_FILE_NAME);
}

/** The file, or null when there is none; throws an Error listing every mistake in Chinese when it is invalid. */
export async function loadHolidayFile(path: string): Promise<HolidayFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`无法读取节假日文件 ${path}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）：请检查文件权限，或删去该文件。`, { cause: err });
  }
  const parsed = parseHolidayFile(text, { locateJsonError: jsonPosition });
  if (parsed.ok) return parsed.file;
  const list = parsed.errors.map((e, i) => `${i + 1}. ${e}`).join('\n');
  throw new Error(`节假日文件 ${path} 有 ${parsed.errors.length} 处错误，请改正后再启动：\n${list}`);
}

/** The official calendar from chinese-days with the city's holiday file (when given and present) over it. */
export async function cityCalendar(path?: string): Promise<SourcedCalendar> {
  const file = path === undefined ? null : await loadHolidayFile(path);
  return file ? overlayCalendar(CHINA_CALENDAR, file) : sourcedCalendar(CHINA_CALENDAR);
}

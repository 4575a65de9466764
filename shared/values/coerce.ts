/**
 * Turning raw cell values into numbers, booleans and dates, as the template allows them to
 * arrive: numbers or numeric text ("1,234.5", "１２３"), 是/否 and its English forms, dates as
 * Excel serials, JS dates or text. Each function returns undefined when the value has no such
 * reading; deciding what that means (error code, message) is the validator's job.
 */
import type { CellValue } from '../table/sheet.js';

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/iu;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u;

export function toNumber(value: CellValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.normalize('NFKC').replace(/\s+/gu, '');
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (GROUPED_NUMBER.test(text)) return Number(text.replace(/,/gu, ''));
  return undefined;
}

/**
 * Whether an Excel number format shows its number as a percentage, ×100 with "%": "0%", "0.0%",
 * "#,##0.00%;[Red]-0.00%". A "%" in quotes, escaped, or after _ or * ("0\"%\"", "0\\%") is text only.
 */
export function isPercentFormat(format: string | undefined): boolean {
  if (format === undefined || !format.includes('%')) return false;
  return format.replace(/"[^"]*"|\\.|[_*].|\[[^\]]*\]/gu, '').includes('%');
}

/**
 * A number for a field kept in percent (0–100), read as the user sees it: a percent-formatted
 * cell as Excel shows it (0.097 in "0.0%" is 9.7), text with a percent sign as written
 * ("9.2%", "9.2％" are 9.2); anything else as toNumber.
 */
export function toPercentNumber(value: CellValue, numberFormat?: string): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // toPrecision drops float noise: 0.097 × 100 is 9.700000000000001.
    return isPercentFormat(numberFormat) ? Number((value * 100).toPrecision(15)) : value;
  }
  if (typeof value === 'string') {
    const text = value.normalize('NFKC').replace(/\s+/gu, '');
    if (text.endsWith('%')) return toNumber(text.slice(0, -1));
  }
  return toNumber(value);
}

/**
 * 是/否 as offices write it: 有/无 (是否设有食堂 → 有), ticks and crosses, 对/错. 无 and 没有 are 否
 * (是否使用燃煤 → 无). The letter x is left out: it is as often a placeholder as a cross.
 */
const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '有', '√', '✓', '✔', '对']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '无', '没有', '×', '✗', '✘', '错']);

export function toBoolean(value: CellValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (value === '是') return true;
  if (value === '否') return false;
  if (typeof value !== 'string') return undefined;
  const word = value.normalize('NFKC').trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

const DAY_MS = 86_400_000;
/** Excel's 1900 date system: serial 25569 is 1970-01-01 (serials below 61 carry Lotus's 1900-02-29). */
const EXCEL_EPOCH_OFFSET = 25_569;
const MAX_SERIAL = 2_958_465; // 9999-12-31

export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fromEpochDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function serialToIsoDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_SERIAL + 1) return undefined;
  const whole = Math.floor(serial + 1e-8); // float noise just below a whole day
  if (whole === 60) return undefined; // 1900-02-29 does not exist
  const days = whole < 60 ? whole - EXCEL_EPOCH_OFFSET + 1 : whole - EXCEL_EPOCH_OFFSET;
  return fromEpochDays(days);
}

export function isoDateToSerial(iso: string): number {
  const days = Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
  return days + EXCEL_EPOCH_OFFSET;
}

const DATE_TEXT = [
  /^(\d{4}|\d{2})([-/.])(\d{1,2})\2(\d{1,2})$/u, // 2026-9-30, 2026/9/30, 2026.9.30 (and 26.9.30, refused with a hint)
  /^(\d{4})()(\d{2})(\d{2})$/u, // 20260930
  /^(\d{4}|\d{2})(年)(\d{1,2})月(\d{1,2})[日号]?$/u, // 2026年9月30日 (and 26年9月30日)
];
/**
 * A time of day after a date ("2026-09-30 10:00", "…T9:05:30", "2026/9/30 下午3:05",
 * "2026年9月30日10时30分", "2026-9-30 3:05 PM"), which is dropped: the date is the calendar day as
 * written. (An instant with a zone, "…T20:00:00Z", is ISO_INSTANT's.) It must be set off by a space, a "T" or 日/号, so "2026-9-310:00" stays unread.
 */
const TIME_SUFFIX =
  /(?:\s*T\s*|\s+|(?<=[日号]))(?:(?:上午|下午|早上|中午|晚上|凌晨)\s*)?(?:[01]?\d|2[0-3])(?::[0-5]\d(?::[0-5]\d(?:\.\d+)?)?|[时点](?:[0-5]?\d分(?:[0-5]?\d秒)?)?)(?:\s*[AP]M)?$/iu;

const MAX_DATE_TEXT = 40;

/**
 * An ISO 8601 instant with its zone ("2026-07-31T20:00:00Z", "…+08:00"), as systems export them:
 * its day is the calendar day in China (UTC+8), 2026-08-01 here.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/iu;
const CHINA_OFFSET_MS = 8 * 3_600_000;

function instantDay(text: string): string | undefined {
  const t = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/u, '$1:$2'));
  return Number.isNaN(t) ? undefined : fromEpochDays(Math.floor((t + CHINA_OFFSET_MS) / DAY_MS));
}

/**
 * Year, month and day of a date written as text, whether or not such a day exists; undefined
 * when the text is not written as a date. A time of day after it is allowed ("2026-09-30 10:00").
 */
export function dateTextParts(value: string): { year: number; month: number; day: number } | undefined {
  // No date is longer; the time pattern would take quadratic time on a long run of spaces.
  if (value.length > MAX_DATE_TEXT) return undefined;
  const date = value.normalize('NFKC').trim().replace(TIME_SUFFIX, '').replace(/\s+/gu, '');
  for (const pattern of DATE_TEXT) {
    const d = pattern.exec(date);
    if (d) return { year: Number(d[1]), month: Number(d[3]), day: Number(d[4]) };
  }
  return undefined;
}

/** A whole number 19000101–99991231 read as YYYYMMDD (typed 20260930 becomes a number in Excel). */
function compactDate(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 19_000_101 || n > 99_991_231) return undefined;
  return isoDate(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
}

/** A year written as 2026, "2026", "2026年", "２０２６年度"; other numbers are left to toNumber. */
export function toYear(value: CellValue): number | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{4})年度?$/u.exec(value.normalize('NFKC').replace(/\s+/gu, ''));
    if (m) return Number(m[1]);
  }
  return toNumber(value);
}

/**
 * Whether a number format shows a date ("yyyy/m/d", "yyyy\"年\"m\"月\"d\"日\"", "m/d/yy", "d-mmm"):
 * quoted text, escapes and [brackets] aside, it has a year or a day, or months without hours or
 * seconds ("mm:ss" and "h:mm" are times).
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const code = format.replace(/"[^"]*"|\\.|\[[^\]]*\]/gu, '');
  return /[yd]/iu.test(code.replace(/General/giu, '')) || (/m/iu.test(code) && !/[hs]/iu.test(code));
}

/**
 * The year of an event (投用年份): a year (2015, "2015年"), or the year of a date given in its
 * place: a date cell, a date-formatted serial, "2015-06-01", "2015年6月", "2015.6". A whole number
 * 1900–2100 in a date cell is the year typed into it (Excel shows 2015 as 1905/7/7 there).
 */
export function toEventYear(value: CellValue, numberFormat?: string): number | undefined {
  let serial: number | undefined;
  if (value instanceof Date) serial = Math.round(value.getTime() / DAY_MS) + EXCEL_EPOCH_OFFSET;
  else if (typeof value === 'number' && isDateFormat(numberFormat)) serial = value;
  if (serial !== undefined) {
    if (Number.isInteger(serial) && serial >= 1900 && serial <= 2100) return serial;
    const iso = value instanceof Date ? toIsoDate(value) : serialToIsoDate(serial);
    return iso === undefined ? undefined : Number(iso.slice(0, 4));
  }
  if (typeof value === 'string' && value.length <= MAX_DATE_TEXT) {
    const text = value.normalize('NFKC').replace(/\s+/gu, '');
    const month = /^(\d{4})(?:年|[-/.])(\d{1,2})月?$/u.exec(text);
    if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return Number(month[1]);
    const parts = dateTextParts(value);
    if (parts && parts.year >= 1900 && isoDate(parts.year, parts.month, parts.day)) return parts.year;
  }
  return toYear(value);
}

/** A calendar date as ISO text "YYYY-MM-DD", or undefined. */
export function toIsoDate(value: CellValue): string | undefined {
  if (value instanceof Date) {
    const t = value.getTime();
    // Readers (exceljs) give the cell's date and time as a UTC instant, so the calendar day is the
    // UTC day — a date-time of 18:00 stays on its day, as its serial does. One second of slack
    // absorbs float noise from serial → milliseconds conversion (…23:59:59.9995).
    if (Number.isNaN(t)) return undefined;
    const days = Math.floor((t + 1000) / DAY_MS);
    // 20260930 typed into a date-formatted cell: the reader turns that "serial" into a Date in the
    // year 57372. Read it back as the YYYYMMDD the user typed.
    if (days + EXCEL_EPOCH_OFFSET > MAX_SERIAL) return compactDate(Math.round(t / DAY_MS) + EXCEL_EPOCH_OFFSET);
    return fromEpochDays(days);
  }
  // Serials end at 2958465 (9999-12-31), so an 8-digit YYYYMMDD number is never a serial.
  if (typeof value === 'number') return serialToIsoDate(value) ?? compactDate(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.normalize('NFKC').trim();
  if (ISO_INSTANT.test(trimmed)) return instantDay(trimmed);
  const parts = dateTextParts(value);
  return parts && isoDate(parts.year, parts.month, parts.day);
}

/** Text as the user typed it, trimmed; numbers and booleans in their usual written form. */
export function toText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return toIsoDate(value) ?? '';
  return String(value).trim();
}

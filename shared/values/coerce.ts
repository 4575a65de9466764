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

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0']);

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
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/u,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/u,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/u,
];

/** A calendar date as ISO text "YYYY-MM-DD", or undefined. */
export function toIsoDate(value: CellValue): string | undefined {
  if (value instanceof Date) {
    const t = value.getTime();
    // Readers (exceljs) give the cell's date and time as a UTC instant, so the calendar day is the
    // UTC day — a date-time of 18:00 stays on its day, as its serial does. One second of slack
    // absorbs float noise from serial → milliseconds conversion (…23:59:59.9995).
    return Number.isNaN(t) ? undefined : fromEpochDays(Math.floor((t + 1000) / DAY_MS));
  }
  if (typeof value === 'number') return serialToIsoDate(value);
  if (typeof value !== 'string') return undefined;
  const text = value.normalize('NFKC').replace(/\s+/gu, '');
  for (const pattern of DATE_TEXT) {
    const m = pattern.exec(text);
    if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  return undefined;
}

/** Text as the user typed it, trimmed; numbers and booleans in their usual written form. */
export function toText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return toIsoDate(value) ?? '';
  return String(value).trim();
}

/** Text formats of template v1 that are not enums or numbers. */

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const SERIAL = '[A-HJ-NP-Z0-9]';
/**
 * Ordinary plates: province + issuing letter + 5 characters (the last may be 警/学/挂).
 * New-energy plates: province + letter + 6 characters, D/F-style letter first (small cars)
 * or last (large vehicles).
 */
export const PLATE_PATTERN = new RegExp(
  `^[${PROVINCES}][A-HJ-NP-Z](?:${SERIAL}{4}[A-HJ-NP-Z0-9警学挂]|[A-HJK]${SERIAL}\\d{4}|\\d{5}[A-HJK])$`,
  'u',
);

/** Removes the separators people type inside plates: spaces, "·", "•", ".", "-". */
export function normalizePlate(text: string): string {
  return text.normalize('NFKC').replace(/[\s·•.-]/gu, '').toUpperCase();
}

export const PHONE_PATTERN = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/u;

export function normalizePhone(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

export const DIVISION_CODE_PATTERN = /^\d{6}$/u;

const CHINESE_QUARTERS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/** Reads 3, "3", "三", "Q3", "第三季度", "3季度", "第3季度" as quarter 3; undefined otherwise. */
export function parseQuarter(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  const m = /^(?:Q|第)?([0-9]+|[一二三四])(?:季度?)?$/u.exec(text);
  if (!m) return undefined;
  const token = m[1]!;
  return CHINESE_QUARTERS[token] ?? Number(token);
}

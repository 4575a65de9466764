/** Reporting periods: a year and a quarter, written "2026Q3". */

export type Quarter = 1 | 2 | 3 | 4;

export interface Period {
  year: number;
  quarter: Quarter;
}

export function periodId(p: Period): string {
  return `${p.year}Q${p.quarter}`;
}

export function parsePeriodId(text: string): Period | undefined {
  const m = /^(\d{4})\s*Q([1-4])$/iu.exec(text.trim());
  if (!m) return undefined;
  return { year: Number(m[1]), quarter: Number(m[2]) as Quarter };
}

export function periodLabel(p: Period): string {
  return `${p.year}年第${p.quarter}季度`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** First and last day of the quarter, as ISO dates. */
export function quarterBounds(p: Period): { start: string; end: string } {
  const firstMonth = (p.quarter - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  return { start: `${p.year}-${pad(firstMonth)}-01`, end: `${p.year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

export function sameQuarterLastYear(p: Period): Period {
  return { year: p.year - 1, quarter: p.quarter };
}

/** The last quarter that has ended by `now`, by the Asia/Shanghai calendar: the one being reported. */
export function lastEndedQuarter(now: Date): Period {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  const q = Math.floor(shanghai.getUTCMonth() / 3); // 0..3: the current quarter's index
  return q === 0 ? { year: shanghai.getUTCFullYear() - 1, quarter: 4 } : { year: shanghai.getUTCFullYear(), quarter: q as Quarter };
}

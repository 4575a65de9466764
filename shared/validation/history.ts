/**
 * What a later quarter needs of an earlier accepted submission: raw quantities per institution
 * and in total, so year-on-year outliers and indicators can be recomputed with today's
 * coefficients. Plain JSON, so the bot can store it.
 */
import { periodId, sameQuarterLastYear, type Period } from '../period.js';
import type { County } from '../counties.js';
import { ENERGY_ITEMS, type EnergyItem } from '../coefficients/types.js';
import { SHEET } from '../template/v1.js';
import { institutionIndex, recordsByCode } from './rules/cross-sheet.js';
import { num, type ParsedWorkbook } from './workbook.js';

export const HISTORY_ITEMS = [...ENERGY_ITEMS, 'water'] as const;
export type HistoryItem = EnergyItem | 'water';

export interface HistorySnapshot {
  /** "2025Q3" */
  period: string;
  county: string;
  /** Σ 用能人数 of 单位名录. */
  staff: number;
  totals: Record<HistoryItem, number>;
  /** Quantities by institution credit code. */
  institutions: Record<string, Record<HistoryItem, number>>;
}

function zeroTotals(): Record<HistoryItem, number> {
  return Object.fromEntries(HISTORY_ITEMS.map((k) => [k, 0])) as Record<HistoryItem, number>;
}

export function snapshotOf(wb: ParsedWorkbook): HistorySnapshot | null {
  if (!wb.period || !wb.county) return null;
  const institutions = institutionIndex(wb);
  const consumption = recordsByCode(wb.tables.get(SHEET.consumption));
  const totals = zeroTotals();
  const rows: Record<string, Record<HistoryItem, number>> = {};
  let staff = 0;
  for (const [code, inst] of institutions) {
    staff += num(inst, 'staff');
    const r = consumption.get(code);
    if (!r) continue;
    const q = zeroTotals();
    for (const item of HISTORY_ITEMS) {
      q[item] = num(r, item);
      totals[item] += q[item];
    }
    rows[code] = q;
  }
  return { period: periodId(wb.period), county: wb.county.name, staff, totals, institutions: rows };
}

/** The history a workbook of `county` for `period` compares with: the same county, same quarter last year. */
export function historyFits(history: HistorySnapshot, county: County, period: Period): boolean {
  return history.county === county.name && history.period === periodId(sameQuarterLastYear(period));
}

/**
 * Totals rows that counties add below (or between) their data rows: "合计", "小计", "总计",
 * "总合计", "汇总", "累计", "Total", "全县合计：". The system makes its own totals, so such a row is reported once and
 * left out of validation and indicators, instead of being read as one more institution.
 */
import { isBlank, type CellValue } from '../table/sheet.js';

/** The whole text of the cell, spaces and a colon or a note in parentheses aside. */
const TOTALS_LABEL = /^(?:全县|全市|全区|本县|本市|本区|本表|本页|全部)?(?:总合计|合计|小计|总计|共计|汇总|累计|总数|grandtotal|subtotal|total|sum)(?:\([^()]*\))?:?$/u;
/** How many of the row's first filled cells may hold the label (a 序号 column may come first). */
const LEADING_CELLS = 3;

/** The cell that marks a row of cells as a totals row: its index in `cells` and its text. */
export function totalsLabel(cells: ReadonlyArray<CellValue>): { index: number; label: string } | undefined {
  let seen = 0;
  for (let i = 0; i < cells.length && seen < LEADING_CELLS; i++) {
    const v = cells[i];
    if (isBlank(v)) continue;
    seen++;
    if (typeof v === 'string' && TOTALS_LABEL.test(v.normalize('NFKC').replace(/\s+/gu, '').toLowerCase())) return { index: i, label: v.trim() };
  }
  return undefined;
}

/**
 * Plausibility warnings on 能源资源消费: per-m² electricity, per-capita water and, where last
 * year's same quarter is known, large year-on-year changes. A row that explains itself in
 * 异常说明 turns its outlier warnings into explained ones; a note that explains nothing ("无",
 * "数据属实", "…") leaves them warnings that say why the note was not taken (explanation.ts).
 */
import type { CoefficientSet } from '../../coefficients/types.js';
import { SHEET } from '../../template/v1.js';
import type { IssueAt, IssueCollector } from '../collector.js';
import type { Detail } from '../issues.js';
import { HISTORY_ITEMS, type HistorySnapshot } from '../history.js';
import { institutionIndex } from './cross-sheet.js';
import { judgeExplanation } from './explanation.js';
import { num, text, type ParsedWorkbook, type SheetRecord } from '../workbook.js';

export function checkOutliers(
  wb: ParsedWorkbook,
  coefficients: CoefficientSet,
  history: HistorySnapshot | null,
  issues: IssueCollector,
): void {
  const table = wb.tables.get(SHEET.consumption);
  if (!table?.present) return;
  const institutions = institutionIndex(wb);
  const o = coefficients.outliers;

  for (const r of table.records) {
    const code = r.values['creditCode'];
    const inst = typeof code === 'string' ? institutions.get(code) : undefined;
    if (!inst || typeof code !== 'string') continue;
    const note = text(r, 'anomalyNote');
    const refusal = note ? judgeExplanation(note) : null;
    const warn = (key: string, detail: Detail): void => {
      const column = table.columns.get(key);
      if (column === undefined) return;
      const at: IssueAt = {
        severity: 'warning',
        code: 'outlier',
        sheet: SHEET.consumption,
        row: r.row,
        column,
        spec: table.spec.fields.find((f) => f.key === key),
        value: num(r, key),
        detail,
      };
      if (note && !refusal) issues.addExplained(at, note);
      else if (note && refusal) issues.add({ ...at, detail: { kind: 'explanationRefused', outlier: detail, note, reason: refusal } });
      else issues.add(at);
    };

    const area = num(inst, 'area');
    const electricity = num(r, 'electricity');
    if (area > 0 && electricity / area > o.electricityPerAreaQuarter.value) {
      warn('electricity', { kind: 'outlierPerArea', perArea: electricity / area, limit: o.electricityPerAreaQuarter.value });
    }
    const staff = num(inst, 'staff');
    const water = num(r, 'water');
    if (staff > 0 && water / staff > o.waterPerCapitaQuarter.value) {
      warn('water', { kind: 'outlierPerCapita', perCapita: water / staff, limit: o.waterPerCapitaQuarter.value });
    }
    const previous = history?.institutions[code];
    if (previous) checkYoy(r, previous, history!.period, coefficients, warn);
  }
}

function checkYoy(
  r: SheetRecord,
  previous: HistorySnapshot['institutions'][string],
  previousPeriod: string,
  coefficients: CoefficientSet,
  warn: (key: string, detail: Detail) => void,
): void {
  const limitPct = coefficients.outliers.yoyChangePct.value;
  for (const item of HISTORY_ITEMS) {
    const floor = coefficients.outliers.yoyFloor[item].value;
    const now = num(r, item);
    const before = previous[item];
    if (now <= floor || before <= floor) continue;
    const changePct = ((now - before) / before) * 100;
    if (Math.abs(changePct) > limitPct) warn(item, { kind: 'outlierYoy', previous: before, changePct, limitPct, previousPeriod });
  }
}

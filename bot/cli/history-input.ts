/** Last year's same-quarter workbook (--history), read into a history snapshot. */
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import type { County, Region } from '../../shared/counties.js';
import { validateWorkbook } from '../../shared/engine.js';
import { periodId, sameQuarterLastYear, type Period } from '../../shared/period.js';
import { historyFits, snapshotOf, type HistorySnapshot } from '../../shared/validation/history.js';
import { readXlsxFile, type ReadOptions } from '../xlsx/read.js';
import { InputError } from './inputs.js';

/** Reads last year's same-quarter workbook into a history snapshot, checking that it is that quarter. */
export async function loadHistory(
  path: string | undefined,
  current: { county: County | null; period: Period | null },
  region: Region,
  coefficients: CoefficientSet,
  options: ReadOptions = {},
): Promise<HistorySnapshot | null> {
  if (!path) return null;
  const v = validateWorkbook(await readXlsxFile(path, options), { region, coefficients });
  const snapshot = snapshotOf(v.workbook);
  if (!snapshot) throw new InputError(`上年同期报表“${path}”的“基本信息”中县（市、区）或报告期无法识别，不能用于同比。`);
  if (!current.period || !current.county) throw new InputError('本期报表的县（市、区）或报告期无法识别，无法与上年同期比较。请先改正“基本信息”。');
  if (!historyFits(snapshot, current.county, current.period)) {
    const wanted = periodId(sameQuarterLastYear(current.period));
    throw new InputError(`“${path}”是${snapshot.county} ${snapshot.period} 的报表，同比需要${current.county.name} ${wanted}（上年同期）的报表。`);
  }
  return snapshot;
}

/**
 * Shared by the hardening tests (issue 8, items 3–7): both input paths, the .xlsx reader's values
 * and the add-in's `Range.values` (../range-values.ts).
 */
import { analyzeWorkbook, validateWorkbook } from '../../../../shared/engine.js';
import type { WorkbookInput } from '../../../../shared/table/sheet.js';
import { asRangeValues } from '../range-values.js';

export { asRangeValues };

/** Both input paths of the engine for one workbook: as the .xlsx reader's values and as Range.values. */
export const PATHS: readonly [string, (wb: WorkbookInput) => WorkbookInput][] = [
  ['table values', (wb) => wb],
  ['Range.values', asRangeValues],
];

export const validate = validateWorkbook;
export const analyze = analyzeWorkbook;

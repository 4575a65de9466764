/**
 * Shared by the rule tests of template.md (one file per rule family in this folder): each test
 * damages a valid sample (泽州县 2026Q3) in one place and asserts exactly the issue(s) that
 * appear — code, severity, sheet, cell, field, value — and that the Chinese message names the
 * cell and what is wrong.
 */
import assert from 'node:assert/strict';
import { validateWorkbook, type EngineOptions } from '../../../../shared/engine.js';
import type { CellValue, WorkbookInput } from '../../../../shared/table/sheet.js';
import type { Issue } from '../../../../shared/validation/issues.js';
import { assertIssue, assertIssues, findRow, sample, setField } from '../../helpers.js';

export const BASIC = '基本信息';
export const INST = '单位名录';
export const CONS = '能源资源消费';
export const CARS = '公务用车';
export const PV = '光伏资源';
export const EQUIP = '重点用能设备';
export const FOOD = '反食品浪费自查';
export const HOSTING = '托管项目';

export const CODE = '统一社会信用代码';

export function validate(wb: WorkbookInput, options: EngineOptions = {}) {
  return validateWorkbook(wb, options);
}

/** Asserts the workbook is valid (the base every test damages). */
export function assertClean(wb: WorkbookInput, options: EngineOptions = {}): ReturnType<typeof validate> {
  const v = validate(wb, options);
  assert.deepEqual(
    v.issues.map((i) => `${i.code} ${i.sheet}!${i.cell} ${i.message}`),
    [],
  );
  assert.deepEqual(v.summary, { errors: 0, warnings: 0 });
  return v;
}

/**
 * Writes `value` into `header` of `row` on `sheet` (of a fresh sample, or of `wb` when a test
 * prepared one) and asserts that exactly one issue appears, on that cell — severity, code,
 * sheet, cell, field = `header`, value = `value` — whose message includes `messageParts`.
 */
export function expectOnlyIssue(
  sheet: string,
  header: string,
  row: number,
  value: Issue['value'],
  expected: { severity: Issue['severity']; code: Issue['code'] },
  messageParts: readonly string[],
  wb: WorkbookInput = sample(),
): { v: ReturnType<typeof validate>; at: string; wb: WorkbookInput } {
  const at = setField(wb, sheet, header, row, value);
  const v = validate(wb);
  assertIssues(v.issues, [`${expected.severity} ${expected.code} ${sheet}!${at}`]);
  assertIssue(v.issues[0], { severity: expected.severity, code: expected.code, sheet, cell: at, field: header, value }, messageParts);
  return { v, at, wb };
}

/** Sheet row of an institution in 单位名录 by credit code. */
export function institutionRow(wb: WorkbookInput, code: CellValue): number {
  return findRow(wb, INST, (get) => get(CODE) === code);
}

export function num(v: CellValue): number {
  assert.equal(typeof v, 'number');
  return v as number;
}

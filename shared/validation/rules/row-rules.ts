/** Rules between fields of one row: conditional requirements, bounds by another field, periods. */
import { quarterBounds, periodId, type Period } from '../../period.js';
import { FOSSIL_ENERGY_TYPES, NEV_ENERGY_TYPES, SHEET } from '../../template/v1.js';
import type { Condition, FieldSpec } from '../../template/spec.js';
import type { CoefficientSet } from '../../coefficients/types.js';
import type { IssueCollector } from '../collector.js';
import { num, type ParsedTable, type SheetRecord } from '../workbook.js';

function holds(cond: Condition, record: SheetRecord): boolean {
  const v = record.values[cond.field];
  if ('equals' in cond) return v === cond.equals;
  if ('oneOf' in cond) return typeof v === 'string' && cond.oneOf.includes(v);
  return typeof v === 'string' && v !== '';
}

function because(cond: Condition, table: ParsedTable): string {
  const header = table.spec.fields.find((f) => f.key === cond.field)?.header ?? cond.field;
  if ('equals' in cond) {
    const shown = typeof cond.equals === 'boolean' ? (cond.equals ? '是' : '否') : cond.equals;
    return `「${header}」为“${shown}”`;
  }
  if ('oneOf' in cond) return `「${header}」为${cond.oneOf.join('、')}`;
  return `已填写「${header}」`;
}

export interface RowRuleContext {
  period: Period | null;
  coefficients: CoefficientSet;
  issues: IssueCollector;
}

function checkDeclared(table: ParsedTable, f: FieldSpec, column: number, record: SheetRecord, ctx: RowRuleContext): void {
  const sheet = table.spec.name;
  const at = { sheet, row: record.row, column, spec: f };
  const value = record.values[f.key];
  const invalid = record.invalid?.has(f.key) ?? false;

  if (f.requiredWhen && value === null && !invalid && holds(f.requiredWhen, record)) {
    ctx.issues.add({ ...at, severity: 'error', code: 'required', value: null, detail: { kind: 'requiredWhen', because: because(f.requiredWhen, table) } });
  }
  if (f.notAbove && typeof value === 'number') {
    const other = record.values[f.notAbove.field];
    if (typeof other === 'number' && value > other) {
      const otherField = table.spec.fields.find((g) => g.key === f.notAbove!.field)!.header;
      ctx.issues.add({ ...at, severity: f.notAbove.severity, code: 'cross-field', value, detail: { kind: 'notAbove', otherField, otherValue: other } });
    }
  }
  if (!ctx.period) return;
  if (f.maxIsReportYear && typeof value === 'number' && value > ctx.period.year) {
    ctx.issues.add({ ...at, severity: 'error', code: 'range', value, detail: { kind: 'yearAfterReport', reportYear: ctx.period.year } });
  }
  if (f.withinPeriod && typeof value === 'string') {
    const { year } = ctx.period;
    const bounds = f.withinPeriod === 'year' ? { start: `${year}-01-01`, end: `${year}-12-31` } : quarterBounds(ctx.period);
    if (value < bounds.start || value > bounds.end) {
      const label = f.withinPeriod === 'year' ? `${year} 年` : `${periodId(ctx.period)}（${bounds.start} 至 ${bounds.end}）`;
      ctx.issues.add({ ...at, severity: 'error', code: 'period', value, detail: { kind: 'outsidePeriod', scope: f.withinPeriod, label } });
    }
  }
}

/** 是否新能源 and 能源类型 must agree. */
function checkNev(table: ParsedTable, record: SheetRecord, ctx: RowRuleContext): void {
  const isNev = record.values['isNev'];
  const energyType = record.values['energyType'];
  const column = table.columns.get('energyType');
  if (typeof isNev !== 'boolean' || typeof energyType !== 'string' || column === undefined) return;
  const contradicts = isNev ? FOSSIL_ENERGY_TYPES.includes(energyType) : NEV_ENERGY_TYPES.includes(energyType);
  if (!contradicts) return;
  const spec = table.spec.fields.find((f) => f.key === 'energyType');
  ctx.issues.add({ severity: 'error', code: 'cross-field', sheet: table.spec.name, row: record.row, column, spec, value: energyType, detail: { kind: 'nevMismatch', isNev, energyType } });
}

/** Installed PV above what the usable area can carry. */
function checkPvCapacity(table: ParsedTable, record: SheetRecord, ctx: RowRuleContext): void {
  const column = table.columns.get('installedKw');
  const installed = record.values['installedKw'];
  if (column === undefined || typeof installed !== 'number' || installed <= 0) return;
  if (!table.columns.has('usableArea') || record.invalid?.has('usableArea')) return;
  const area = num(record, 'usableArea');
  const density = ctx.coefficients.pv.densityKwPerM2.value;
  if (installed <= area * density + 1e-9) return;
  const spec = table.spec.fields.find((f) => f.key === 'installedKw');
  ctx.issues.add({ severity: 'warning', code: 'cross-field', sheet: table.spec.name, row: record.row, column, spec, value: installed, detail: { kind: 'pvCapacity', area, density } });
}

export function checkRows(table: ParsedTable, ctx: RowRuleContext): void {
  const declared = table.spec.fields
    .filter((f) => f.requiredWhen || f.notAbove || f.maxIsReportYear || f.withinPeriod)
    .flatMap((f) => {
      const column = table.columns.get(f.key);
      return column === undefined ? [] : [{ f, column }];
    });
  for (const record of table.records) {
    for (const { f, column } of declared) checkDeclared(table, f, column, record, ctx);
    if (table.spec.name === SHEET.vehicles) checkNev(table, record, ctx);
    if (table.spec.name === SHEET.pv) checkPvCapacity(table, record, ctx);
  }
}

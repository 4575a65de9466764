/**
 * The columns each indicator is computed from. An indicator whose columns were not all read (a
 * header missing or not the template's, a required sheet missing, a ledger under a wrong sheet
 * name) is null, "no data": a column that was not read is not a column of zeros.
 */
import { ENERGY_ITEMS } from '../coefficients/types.js';
import { SHEET } from '../template/v1.js';
import type { ParsedWorkbook } from '../validation/workbook.js';
import type { IndicatorId } from './definitions.js';

type Need = readonly [sheet: string, ...keys: string[]];

const INST = (...keys: string[]): Need => [SHEET.institutions, 'creditCode', ...keys];
const CONS = (...keys: string[]): Need => [SHEET.consumption, 'creditCode', ...keys];
const ENERGY = CONS(...ENERGY_ITEMS);

export const INDICATOR_NEEDS: Record<IndicatorId, readonly Need[]> = {
  'energy.total_tce': [INST(), ENERGY],
  'energy.per_capita_kgce': [INST('staff'), ENERGY],
  'energy.per_area_kgce': [INST('area'), ENERGY],
  'energy.yoy_pct': [INST('staff'), ENERGY],
  'carbon.total_t': [INST(), ENERGY],
  'carbon.per_capita_kg': [INST('staff'), ENERGY],
  'carbon.per_area_kg': [INST('area'), ENERGY],
  'carbon.yoy_pct': [INST('staff'), ENERGY],
  'water.total_t': [INST(), CONS('water')],
  'water.per_capita_t': [INST('staff'), CONS('water')],
  'water.yoy_pct': [INST('staff'), CONS('water')],
  'water.nonconventional_share': [INST(), CONS('water', 'nonConventionalWater')],
  'vehicles.nev_share': [INST(), [SHEET.vehicles, 'creditCode', 'isNev']],
  'charging.ratio': [INST('parkingSpaces', 'chargingPiles')],
  'charging.compliance_rate': [INST('parkingSpaces', 'chargingPiles', 'centralUrban')],
  'water.saving_fixture_rate': [INST('fixturesTotal', 'fixturesSaving')],
  'water.meter_l2_rate': [INST('meterL2Required', 'meterL2Installed')],
  'water.meter_l3_rate': [INST('meterL3Required', 'meterL3Installed')],
  'coal.units': [INST('usesCoal')],
  'coal.units_without_plan': [INST('usesCoal', 'coalPlan')],
  'pv.potential_kw': [INST(), [SHEET.pv, 'creditCode', 'usableArea', 'status']],
  'pv.installed_kw': [INST(), [SHEET.pv, 'creditCode', 'installedKw']],
  'pv.planned_kw': [INST(), [SHEET.pv, 'creditCode', 'plannedKw']],
  'pv.annual_kwh_est': [INST(), [SHEET.pv, 'creditCode', 'installedKw']],
  'pv.co2_reduction_t': [INST(), [SHEET.pv, 'creditCode', 'installedKw']],
  'food.self_check_rate': [INST('canteen'), [SHEET.food, 'creditCode', 'checkDate']],
  'equipment.high_energy_units': [INST(), [SHEET.equipment, 'creditCode', 'highEnergy', 'quantity']],
  'hosting.projects': [[SHEET.hosting, 'projectType', 'status']],
  'water_contract.projects': [[SHEET.hosting, 'projectType', 'status']],
  'data.completeness': [INST(), CONS()],
};

/**
 * Whether every column an indicator needs was read. A missing optional ledger is an empty one
 * (template.md: no data this quarter), unless a sheet with a close name stands in its place.
 */
export function readable(wb: ParsedWorkbook, needs: readonly Need[]): boolean {
  return needs.every(([sheet, ...keys]) => {
    const table = wb.tables.get(sheet);
    if (!table || table.lookalike !== undefined) return false;
    if (!table.present) return !table.spec.required;
    return keys.every((k) => table.columns.has(k));
  });
}

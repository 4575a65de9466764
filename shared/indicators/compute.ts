/** Indicator arithmetic over a read workbook (../shared/guide/domain.md §3). */
import { ENERGY_ITEMS, ledgerFactors, type CoefficientSet, type LedgerFactors } from '../coefficients/types.js';
import { SHEET } from '../template/v1.js';
import type { HistorySnapshot } from '../validation/history.js';
import { canteenChecks, institutionIndex, recordsByCode } from '../validation/rules/cross-sheet.js';
import { flag, num, text, type ParsedWorkbook, type SheetRecord } from '../validation/workbook.js';
import { INDICATORS, meets, type IndicatorId, type IndicatorResult } from './definitions.js';
import { INDICATOR_NEEDS, readable } from './needs.js';

const ratio = (numerator: number, denominator: number, scale = 1): number | null =>
  denominator === 0 ? null : (numerator / denominator) * scale;

const yoy = (now: number | null, before: number | null): number | null =>
  now === null || before === null || before === 0 ? null : ((now - before) / before) * 100;

interface Totals {
  staff: number;
  area: number;
  kgce: number;
  co2: number;
  water: number;
  nonConventionalWater: number;
}

function consumptionTotals(
  rows: Iterable<SheetRecord>,
  factors: LedgerFactors,
): Omit<Totals, 'staff' | 'area'> {
  const t = { kgce: 0, co2: 0, water: 0, nonConventionalWater: 0 };
  for (const r of rows) {
    for (const item of ENERGY_ITEMS) {
      const q = num(r, item);
      t.kgce += q * factors.kgce[item];
      t.co2 += q * factors.co2[item];
    }
    t.water += num(r, 'water');
    t.nonConventionalWater += num(r, 'nonConventionalWater');
  }
  return t;
}

/** Rows of a ledger whose credit code names a known institution. */
function rowsOf(wb: ParsedWorkbook, sheet: string, known: Map<string, SheetRecord>): SheetRecord[] {
  return (wb.tables.get(sheet)?.records ?? []).filter((r) => {
    const code = r.values['creditCode'];
    return typeof code === 'string' && known.has(code);
  });
}

function historyPerCapita(h: HistorySnapshot, factors: LedgerFactors): { kgce: number | null; co2: number | null; water: number | null } {
  let kgce = 0;
  let co2 = 0;
  for (const item of ENERGY_ITEMS) {
    kgce += h.totals[item] * factors.kgce[item];
    co2 += h.totals[item] * factors.co2[item];
  }
  return { kgce: ratio(kgce, h.staff), co2: ratio(co2, h.staff), water: ratio(h.totals.water, h.staff) };
}

export function computeIndicators(
  wb: ParsedWorkbook,
  coefficients: CoefficientSet,
  history: HistorySnapshot | null = null,
): IndicatorResult[] {
  const factors = ledgerFactors(coefficients);
  const known = institutionIndex(wb);
  const institutions = [...known.values()];
  const consumption = recordsByCode(wb.tables.get(SHEET.consumption));
  const consumed = institutions.flatMap((i) => {
    const r = consumption.get(i.values['creditCode'] as string);
    return r ? [r] : [];
  });

  let staff = 0;
  let area = 0;
  let spaces = 0;
  let piles = 0;
  let withSpaces = 0;
  let compliant = 0;
  let fixtures = 0;
  let saving = 0;
  const meters = { l2Required: 0, l2Installed: 0, l3Required: 0, l3Installed: 0 };
  let coalUnits = 0;
  let coalWithoutPlan = 0;
  for (const i of institutions) {
    staff += num(i, 'staff');
    area += num(i, 'area');
    const s = num(i, 'parkingSpaces');
    const p = num(i, 'chargingPiles');
    spaces += s;
    piles += p;
    if (s > 0) {
      withSpaces++;
      if (p / s >= (flag(i, 'centralUrban') === true ? 0.2 : 0.1) - 1e-12) compliant++;
    }
    fixtures += num(i, 'fixturesTotal');
    saving += num(i, 'fixturesSaving');
    meters.l2Required += num(i, 'meterL2Required');
    meters.l2Installed += num(i, 'meterL2Installed');
    meters.l3Required += num(i, 'meterL3Required');
    meters.l3Installed += num(i, 'meterL3Installed');
    if (flag(i, 'usesCoal') === true) {
      coalUnits++;
      if (!text(i, 'coalPlan')) coalWithoutPlan++;
    }
  }

  const t = consumptionTotals(consumed, factors);

  const vehicles = rowsOf(wb, SHEET.vehicles, known).filter((r) => typeof r.values['isNev'] === 'boolean');
  const nev = vehicles.filter((r) => r.values['isNev'] === true).length;

  const pvRows = rowsOf(wb, SHEET.pv, known);
  const density = coefficients.pv.densityKwPerM2.value;
  const potential = pvRows
    .filter((r) => r.values['status'] !== '不具备条件')
    .reduce((sum, r) => sum + num(r, 'usableArea') * density, 0);
  const installed = pvRows.reduce((sum, r) => sum + num(r, 'installedKw'), 0);
  const planned = pvRows.reduce((sum, r) => sum + num(r, 'plannedKw'), 0);
  const annualKwh = installed * coefficients.pv.fullLoadHours.value;

  const canteens = institutions.filter((i) => flag(i, 'canteen') === true);
  const checked = canteenChecks(wb.tables.get(SHEET.food), wb.period) ?? new Set<string>();
  const canteensChecked = canteens.filter((i) => checked.has(i.values['creditCode'] as string)).length;

  const highEnergy = rowsOf(wb, SHEET.equipment, known)
    .filter((r) => r.values['highEnergy'] === true)
    .reduce((sum, r) => sum + num(r, 'quantity'), 0);

  const projects = wb.tables.get(SHEET.hosting)?.records ?? [];
  const activeProjects = (type: string): number =>
    projects.filter((r) => r.values['projectType'] === type && typeof r.values['status'] === 'string' && r.values['status'] !== '筹备').length;

  const perCapitaKgce = ratio(t.kgce, staff);
  const perCapitaCo2 = ratio(t.co2, staff);
  const perCapitaWater = ratio(t.water, staff);
  const before = history ? historyPerCapita(history, factors) : { kgce: null, co2: null, water: null };

  const values: Record<IndicatorId, number | null> = {
    'energy.total_tce': institutions.length ? t.kgce / 1000 : null,
    'energy.per_capita_kgce': perCapitaKgce,
    'energy.per_area_kgce': ratio(t.kgce, area),
    'energy.yoy_pct': yoy(perCapitaKgce, before.kgce),
    'carbon.total_t': institutions.length ? t.co2 / 1000 : null,
    'carbon.per_capita_kg': perCapitaCo2,
    'carbon.per_area_kg': ratio(t.co2, area),
    'carbon.yoy_pct': yoy(perCapitaCo2, before.co2),
    'water.total_t': institutions.length ? t.water : null,
    'water.per_capita_t': perCapitaWater,
    'water.yoy_pct': yoy(perCapitaWater, before.water),
    'water.nonconventional_share': ratio(t.nonConventionalWater, t.water + t.nonConventionalWater, 100),
    'vehicles.nev_share': ratio(nev, vehicles.length, 100),
    'charging.ratio': ratio(piles, spaces, 100),
    'charging.compliance_rate': ratio(compliant, withSpaces, 100),
    'water.saving_fixture_rate': ratio(saving, fixtures, 100),
    'water.meter_l2_rate': ratio(meters.l2Installed, meters.l2Required, 100),
    'water.meter_l3_rate': ratio(meters.l3Installed, meters.l3Required, 100),
    'coal.units': institutions.length ? coalUnits : null,
    'coal.units_without_plan': institutions.length ? coalWithoutPlan : null,
    'pv.potential_kw': potential,
    'pv.installed_kw': installed,
    'pv.planned_kw': planned,
    'pv.annual_kwh_est': annualKwh,
    'pv.co2_reduction_t': (annualKwh * factors.co2.electricity) / 1000,
    'food.self_check_rate': ratio(canteensChecked, canteens.length, 100),
    'equipment.high_energy_units': highEnergy,
    'hosting.projects': activeProjects('能源费用托管'),
    'water_contract.projects': activeProjects('合同节水管理'),
    'data.completeness': ratio(consumed.length, institutions.length, 100),
  };

  // A book without institutions has no data at all; an indicator from a column not read has none either.
  return INDICATORS.map((d) => {
    const value = institutions.length === 0 || !readable(wb, INDICATOR_NEEDS[d.id]) ? null : values[d.id];
    return {
      id: d.id,
      name: d.name,
      value,
      unit: d.unit,
      target: d.target,
      comparator: d.comparator,
      pass: value === null || d.target === null || d.comparator === null ? null : meets(value, d.comparator, d.target),
    };
  });
}

/** A versioned, overridable table of the numbers indicators and outlier rules use. */

export type Mark = 'V' | 'S' | 'D' | '本地';

export interface Coefficient {
  value: number;
  unit: string;
  source: string;
  /** V read in the published source, S agreed by secondary copies, D derived, 本地 set by the city. */
  mark: Mark;
}

/** Energy items of 能源资源消费, in ledger units. PV generation is not purchased energy and has none. */
export const ENERGY_ITEMS = ['electricity', 'naturalGas', 'coal', 'gasoline', 'diesel', 'lpg', 'heat'] as const;
export type EnergyItem = (typeof ENERGY_ITEMS)[number];

/** Liquid fuels are converted per kg and carried into litres by density. */
export type FactorKey = 'electricity' | 'naturalGas' | 'coal' | 'gasolinePerKg' | 'dieselPerKg' | 'lpg' | 'heat';

export interface CoefficientSet {
  id: string;
  name: string;
  version: string;
  /** kgce per ledger unit (liquid fuels per kg). */
  kgce: Record<FactorKey, Coefficient>;
  /** kg CO2 per ledger unit (liquid fuels per kg). */
  co2: Record<FactorKey, Coefficient>;
  density: Record<'gasoline' | 'diesel', Coefficient>;
  pv: Record<'densityKwPerM2' | 'fullLoadHours', Coefficient>;
  outliers: {
    electricityPerAreaQuarter: Coefficient;
    waterPerCapitaQuarter: Coefficient;
    yoyChangePct: Coefficient;
    /** Year-on-year changes are checked only when both quarters are above these (ledger units). */
    yoyFloor: Record<EnergyItem | 'water', Coefficient>;
  };
}

/** Per-ledger-unit factors, with liquid fuels converted from per kg to per litre. */
export interface LedgerFactors {
  kgce: Record<EnergyItem, number>;
  co2: Record<EnergyItem, number>;
}

export function ledgerFactors(set: CoefficientSet): LedgerFactors {
  const per = (t: Record<FactorKey, Coefficient>): Record<EnergyItem, number> => ({
    electricity: t.electricity.value,
    naturalGas: t.naturalGas.value,
    coal: t.coal.value,
    gasoline: t.gasolinePerKg.value * set.density.gasoline.value,
    diesel: t.dieselPerKg.value * set.density.diesel.value,
    lpg: t.lpg.value,
    heat: t.heat.value,
  });
  return { kgce: per(set.kgce), co2: per(set.co2) };
}

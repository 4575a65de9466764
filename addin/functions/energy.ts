/**
 * Energy names as county staff type them into =JIENENG.TCE / =JIENENG.CO2: the 能源资源消费 column
 * headers ("电力（kWh）"), the same without the unit ("电力"), short forms ("电", "原煤"), and the
 * coefficient ids ("electricity"). Names and ledger units come from the template declaration, so a
 * renamed column is accepted here without a second edit.
 */
import { ENERGY_ITEMS, type CoefficientSet, type EnergyItem } from '../../shared/coefficients/types.js';
import { SHEET, sheetSpec } from '../../shared/template/v1.js';

/** Other words for each item, the usual short form first; the template's name and the coefficient id are added below. */
const ALIASES: Record<EnergyItem, readonly string[]> = {
  electricity: ['电', '用电', '用电量', '电量', '外购电', '外购电力', '电网电量', '外购电网电量'],
  naturalGas: ['燃气', '天然气用量', '管道天然气'],
  coal: ['原煤', '煤', '煤炭'],
  gasoline: ['车用汽油'],
  diesel: ['车用柴油'],
  lpg: ['液化气', '石油液化气'],
  heat: ['热力', '外购热', '供热', '热'],
};

/** Photovoltaic generation is the county's own renewable power: no standard coal, no emissions. */
const PV_NAMES = ['光伏', '光伏发电', '光伏发电量', '太阳能', '自发自用光伏电量'];

type Scale = (set: CoefficientSet) => number;
const one: Scale = () => 1;
const times = (k: number): Scale => () => k;
/** Litres per kg (or per t) of a liquid fuel, by the set's density. */
const litres = (fuel: 'gasoline' | 'diesel', kg: number): Scale => (set) => kg / set.density[fuel].value;
const liquid = (fuel: 'gasoline' | 'diesel'): Record<string, Scale> => ({
  L: one, 升: one, kg: litres(fuel, 1), 千克: litres(fuel, 1), 公斤: litres(fuel, 1), t: litres(fuel, 1000), 吨: litres(fuel, 1000),
});

/** Unit spellings → how many ledger units one of them is. Matched after NFKC and lower-casing. */
const UNITS: Record<EnergyItem, Record<string, Scale>> = {
  electricity: { kWh: one, 千瓦时: one, 度: one, 万kWh: times(10_000), 万千瓦时: times(10_000), 万度: times(10_000) },
  naturalGas: { 'm³': one, 立方米: one, 方: one, '万m³': times(10_000), 万立方米: times(10_000), 万方: times(10_000) },
  coal: { t: one, 吨: one, kg: times(0.001), 千克: times(0.001), 公斤: times(0.001) },
  gasoline: liquid('gasoline'),
  diesel: liquid('diesel'),
  lpg: { kg: one, 千克: one, 公斤: one, t: times(1000), 吨: times(1000) },
  heat: { GJ: one, 吉焦: one, MJ: times(0.001), 兆焦: times(0.001) },
};

export interface EnergyKind {
  item: EnergyItem;
  /** The template's name, "电力". */
  name: string;
  /** The ledger unit as the template writes it, "kWh". */
  unit: string;
  /** The template's column header, "电力（kWh）". */
  header: string;
  aliases: readonly string[];
}

const consumptionFields = sheetSpec(SHEET.consumption).fields;

export const ENERGY_KINDS: readonly EnergyKind[] = ENERGY_ITEMS.map((item) => {
  const header = consumptionFields.find((f) => f.key === item)?.header;
  const m = header === undefined ? null : /^(.+?)（(.+)）$/u.exec(header);
  if (!header || !m) throw new Error(`consumption header for ${item} is not "名称（单位）"`);
  return { item, name: m[1]!, unit: m[2]!, header, aliases: ALIASES[item] };
});

const normalize = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

const BY_NAME = new Map<string, EnergyKind>();
for (const kind of ENERGY_KINDS) {
  for (const word of [kind.name, kind.item, ...kind.aliases]) BY_NAME.set(normalize(word), kind);
}
const PV = new Set(PV_NAMES.map(normalize));
const UNIT_SCALE = Object.fromEntries(
  ENERGY_ITEMS.map((item) => [item, new Map(Object.entries(UNITS[item]).map(([u, scale]) => [normalize(u), scale]))]),
) as Record<EnergyItem, Map<string, Scale>>;

export type EnergyLookup =
  | { ok: true; kind: EnergyKind; /** ledger units per unit written */ scale: number }
  | { ok: false; reason: 'blank' | 'unknown' | 'pv' }
  | { ok: false; reason: 'unit'; kind: EnergyKind; unit: string };

/** Reads "电力", "电力（kWh）", "天然气(万m³)", "汽油（kg）"; a unit other than the ledger unit scales the amount. */
export function lookupEnergy(text: string, set: CoefficientSet): EnergyLookup {
  const written = normalize(text);
  if (!written) return { ok: false, reason: 'blank' };
  const m = /^(.+?)(?:\(([^()]*)\))?$/u.exec(written)!;
  const name = m[1]!;
  if (PV.has(name)) return { ok: false, reason: 'pv' };
  const kind = BY_NAME.get(name);
  if (!kind) return { ok: false, reason: 'unknown' };
  const unit = m[2];
  if (unit === undefined || unit === '') return { ok: true, kind, scale: 1 };
  const scale = UNIT_SCALE[kind.item].get(unit);
  return scale ? { ok: true, kind, scale: scale(set) } : { ok: false, reason: 'unit', kind, unit: /[（(]([^（）()]*)[）)]\s*$/u.exec(text)?.[1]?.trim() ?? unit };
}

/** Unit spellings accepted for an item, for the error message. */
export function unitSpellings(item: EnergyItem): string[] {
  return Object.keys(UNITS[item]);
}

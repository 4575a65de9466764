/** Indicator ids, names, units and targets (../shared/guide/domain.md §3). Ids are stable. */

export type Comparator = '>=' | '=' | '<=';

export interface IndicatorDefinition {
  id: string;
  name: string;
  unit: string;
  target: number | null;
  comparator: Comparator | null;
  /** Where the target comes from, in Chinese (for notices and the 填报说明 sheet). */
  basis?: string;
}

const SEED = '市 2026 年公共机构节能工作安排';

export const INDICATORS = [
  { id: 'energy.total_tce', name: '综合能耗', unit: 'tce', target: null, comparator: null },
  { id: 'energy.per_capita_kgce', name: '人均综合能耗', unit: 'kgce/人', target: null, comparator: null },
  { id: 'energy.per_area_kgce', name: '单位建筑面积能耗', unit: 'kgce/m²', target: null, comparator: null },
  { id: 'energy.yoy_pct', name: '人均综合能耗同比变化', unit: '%', target: null, comparator: null },
  { id: 'carbon.total_t', name: '碳排放总量', unit: 'tCO2', target: null, comparator: null },
  { id: 'carbon.per_capita_kg', name: '人均碳排放', unit: 'kgCO2/人', target: null, comparator: null },
  { id: 'carbon.per_area_kg', name: '单位建筑面积碳排放', unit: 'kgCO2/m²', target: null, comparator: null },
  { id: 'carbon.yoy_pct', name: '人均碳排放同比变化', unit: '%', target: null, comparator: null },
  { id: 'water.total_t', name: '用水总量', unit: 't', target: null, comparator: null },
  { id: 'water.per_capita_t', name: '人均用水量', unit: 't/人', target: null, comparator: null },
  { id: 'water.yoy_pct', name: '人均用水量同比变化', unit: '%', target: null, comparator: null },
  { id: 'water.nonconventional_share', name: '非常规水利用占比', unit: '%', target: null, comparator: null },
  { id: 'vehicles.nev_share', name: '新增及更新公务用车新能源汽车占比', unit: '%', target: 35, comparator: '>=', basis: `${SEED}：力争不低于 35%` },
  { id: 'charging.ratio', name: '充电桩配建比例', unit: '%', target: null, comparator: null },
  { id: 'charging.compliance_rate', name: '充电桩配建达标单位占比', unit: '%', target: 100, comparator: '=', basis: `${SEED}：中心城区不低于配建车位的 20%，其他不低于 10%` },
  { id: 'water.saving_fixture_rate', name: '节水器具普及率', unit: '%', target: 95, comparator: '>=', basis: `${SEED}：节水器具普及更新率达 95% 以上` },
  { id: 'water.meter_l2_rate', name: '二级水计量器具配备率', unit: '%', target: 90, comparator: '>=', basis: `${SEED}：二、三级计量达 90% 以上` },
  { id: 'water.meter_l3_rate', name: '三级水计量器具配备率', unit: '%', target: 90, comparator: '>=', basis: `${SEED}：二、三级计量达 90% 以上` },
  { id: 'coal.units', name: '仍在使用燃煤的单位数', unit: '家', target: null, comparator: null },
  { id: 'coal.units_without_plan', name: '燃煤单位未制定整改计划数', unit: '家', target: 0, comparator: '=', basis: `${SEED}：使用煤炭的单位要制定整改计划` },
  { id: 'pv.potential_kw', name: '光伏可开发装机潜力', unit: 'kW', target: null, comparator: null },
  { id: 'pv.installed_kw', name: '已建光伏装机', unit: 'kW', target: null, comparator: null },
  { id: 'pv.planned_kw', name: '规划光伏装机', unit: 'kW', target: null, comparator: null },
  { id: 'pv.annual_kwh_est', name: '已建光伏年发电量估算', unit: 'kWh', target: null, comparator: null },
  { id: 'pv.co2_reduction_t', name: '已建光伏年减排量估算', unit: 'tCO2', target: null, comparator: null },
  { id: 'food.self_check_rate', name: '反食品浪费季度自查完成率', unit: '%', target: 100, comparator: '=', basis: `${SEED}：每季度开展一次自查评估` },
  { id: 'equipment.high_energy_units', name: '高耗能设备台数', unit: '台', target: null, comparator: null },
  { id: 'hosting.projects', name: '能源费用托管项目数', unit: '个', target: null, comparator: null, basis: `${SEED}：年底前全市不少于 2 个（全市合计目标）` },
  { id: 'water_contract.projects', name: '合同节水管理项目数', unit: '个', target: null, comparator: null, basis: `${SEED}：争取全市完成 1 个（全市合计目标）` },
  { id: 'data.completeness', name: '报送完整率', unit: '%', target: 100, comparator: '=' },
] as const satisfies readonly IndicatorDefinition[];

export type IndicatorId = (typeof INDICATORS)[number]['id'];

export interface IndicatorResult {
  id: IndicatorId;
  name: string;
  /** Unrounded; null where a denominator is 0 or the data to compute it is absent. */
  value: number | null;
  unit: string;
  target: number | null;
  comparator: Comparator | null;
  /** null where there is no target or no value. */
  pass: boolean | null;
}

const EPSILON = 1e-9;

export function meets(value: number, comparator: Comparator, target: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= target - EPSILON;
    case '<=':
      return value <= target + EPSILON;
    case '=':
      return Math.abs(value - target) <= EPSILON;
  }
}

/** "≥ 35%", "= 100%", "= 0 家"; "—" without a target. */
export function targetLabel(d: { target: number | null; comparator: Comparator | null; unit: string }): string {
  if (d.target === null || d.comparator === null) return '—';
  const sign = d.comparator === '>=' ? '≥' : d.comparator === '<=' ? '≤' : '=';
  return `${sign} ${d.target}${d.unit === '%' ? '%' : ` ${d.unit}`}`;
}

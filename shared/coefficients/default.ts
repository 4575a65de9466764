/** Default coefficients with their sources (../shared/guide/domain.md §1–3). */
import type { Coefficient, CoefficientSet } from './types.js';

const c = (value: number, unit: string, source: string, mark: Coefficient['mark']): Coefficient => ({ value, unit, source, mark });

const GB2589 = 'GB/T 2589-2020 综合能耗计算通则';
const CO2_GUIDE = '《公共机构碳排放核算指南》缺省值（NCV × 单位热值含碳量 × 碳氧化率 × 44/12）';

/** Published grid emission factors (kg CO2/kWh), MEE/NBS 2024-12 and later releases. */
export const GRID_FACTORS: Readonly<Record<string, Coefficient>> = {
  '山西2022': c(0.7096, 'kgCO2/kWh', '生态环境部、国家统计局 2024 年 12 月发布：2022 年山西省电力平均二氧化碳排放因子', 'V'),
  '华北2023': c(0.6361, 'kgCO2/kWh', '生态环境部：2023 年华北区域电网平均二氧化碳排放因子', 'V'),
  '全国2023': c(0.5306, 'kgCO2/kWh', '生态环境部：2023 年全国电力平均二氧化碳排放因子', 'V'),
  '全国2022': c(0.5366, 'kgCO2/kWh', '生态环境部、国家统计局：2022 年全国电力平均二氧化碳排放因子', 'V'),
};

export const DEFAULT_COEFFICIENTS: CoefficientSet = {
  id: 'default',
  name: '国家标准默认值（电网因子：山西 2022）',
  version: '2026.1',
  kgce: {
    electricity: c(0.1229, 'kgce/kWh', `${GB2589}，电力当量值`, 'V'),
    naturalGas: c(1.2143, 'kgce/m³', `${GB2589}（另一常用取值 1.33，可配置）`, 'S'),
    coal: c(714.3, 'kgce/t', `${GB2589}，原煤 0.7143 kgce/kg`, 'S'),
    gasolinePerKg: c(1.4714, 'kgce/kg', GB2589, 'S'),
    dieselPerKg: c(1.4571, 'kgce/kg', GB2589, 'S'),
    lpg: c(1.7143, 'kgce/kg', GB2589, 'S'),
    heat: c(34.12, 'kgce/GJ', GB2589, 'S'),
  },
  co2: {
    electricity: GRID_FACTORS['山西2022']!,
    naturalGas: c(2.162, 'kgCO2/m³', `${CO2_GUIDE}：389.31 GJ/万m³ × 0.0153 tC/GJ × 99%`, 'S'),
    coal: c(1866, 'kgCO2/t', `${CO2_GUIDE}：20.908 GJ/t × 0.02618 tC/GJ × 93%`, 'D'),
    gasolinePerKg: c(2.925, 'kgCO2/kg', CO2_GUIDE, 'S'),
    dieselPerKg: c(3.096, 'kgCO2/kg', CO2_GUIDE, 'S'),
    lpg: c(3.101, 'kgCO2/kg', CO2_GUIDE, 'S'),
    heat: c(110, 'kgCO2/GJ', CO2_GUIDE, 'S'),
  },
  density: {
    gasoline: c(0.73, 'kg/L', '汽油密度常用值', 'S'),
    diesel: c(0.85, 'kg/L', '柴油密度常用值', 'S'),
  },
  pv: {
    densityKwPerM2: c(0.1, 'kW/m²', '可利用屋顶面积与组件装机容量的常用折算值', 'D'),
    fullLoadHours: c(1300, 'h', '等效满发小时数（市工作安排 6.7 GWh ÷ 5.16 MW ≈ 1298 h）', 'D'),
  },
  outliers: {
    electricityPerAreaQuarter: c(60, 'kWh/m²·季', '模板 v1 合理性上限', '本地'),
    waterPerCapitaQuarter: c(30, 't/人·季', '模板 v1 合理性上限', '本地'),
    yoyChangePct: c(50, '%', '模板 v1：同比变化超过 ±50% 提示核对', '本地'),
    yoyFloor: {
      electricity: c(1000, 'kWh', '同比核对的最小电量', '本地'),
      naturalGas: c(100, 'm³', '同比核对的最小用量', '本地'),
      coal: c(1, 't', '同比核对的最小用量', '本地'),
      gasoline: c(100, 'L', '同比核对的最小用量', '本地'),
      diesel: c(100, 'L', '同比核对的最小用量', '本地'),
      lpg: c(50, 'kg', '同比核对的最小用量', '本地'),
      heat: c(10, 'GJ', '同比核对的最小用量', '本地'),
      water: c(50, 't', '同比核对的最小用量', '本地'),
    },
  },
};

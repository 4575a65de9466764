/** The coefficient set as a readable Chinese table. */
import type { Coefficient, CoefficientSet } from '../../shared/coefficients/types.js';

const NAMES: Record<string, string> = {
  electricity: '电力',
  naturalGas: '天然气',
  coal: '燃煤（原煤）',
  gasolinePerKg: '汽油（每千克）',
  dieselPerKg: '柴油（每千克）',
  lpg: '液化石油气',
  heat: '外购热力',
  gasoline: '汽油',
  diesel: '柴油',
  water: '用水',
  densityKwPerM2: '光伏装机密度',
  fullLoadHours: '光伏等效满发小时数',
  electricityPerAreaQuarter: '单位面积季度用电上限',
  waterPerCapitaQuarter: '人均季度用水上限',
  yoyChangePct: '同比变化提示阈值',
};

function line(key: string, c: Coefficient): string {
  return `  ${NAMES[key] ?? key}（${key}）：${c.value} ${c.unit}　[${c.mark}] ${c.source}`;
}

export function coefficientsText(set: CoefficientSet): string {
  const section = (title: string, table: Record<string, Coefficient>): string[] => [title, ...Object.entries(table).map(([k, c]) => line(k, c))];
  const { yoyFloor, ...thresholds } = set.outliers;
  return [
    `系数表：${set.name}（版本 ${set.version}）`,
    '标记：V 原文核实，S 多方来源一致，D 推算，本地 本市设定',
    '',
    ...section('折标准煤系数（kgce/单位）', set.kgce),
    '',
    ...section('二氧化碳排放因子（kgCO2/单位）', set.co2),
    '',
    ...section('油品密度', set.density),
    '',
    ...section('光伏估算', set.pv),
    '',
    ...section('异常提示阈值', thresholds),
    '',
    ...section('同比核对的最小用量', yoyFloor),
  ].join('\n');
}

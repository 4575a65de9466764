/**
 * Worksheet functions in the JIENENG namespace. The JSDoc below is the source of functions.json
 * (custom-functions-metadata); every @customfunction id is registered with CustomFunctions.associate
 * at the end. Browser-only: tests import compute.ts, and run this file bundled with a stub runtime.
 */
import { currentCoefficients } from './coefficients.js';
import { carbonDioxide, creditCodeCheck, FormulaError, nevShare, standardCoal } from './compute.js';

/** Runs a computation, turning a bad argument into the Excel error with its Chinese message. */
function excel<T>(compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    if (e instanceof FormulaError) throw new CustomFunctions.Error(CustomFunctions.ErrorCode[e.code], e.message);
    throw e;
  }
}

/**
 * 把能源消费量折算为标准煤（千克标准煤，kgce），折标系数与节能通任务窗格使用的系数集一致。
 * @customfunction TCE TCE
 * @param energy 能源品种，如“电力”“天然气”“燃煤”“汽油”“柴油”“液化石油气”“外购热力”，也可照抄表头“电力（kWh）”；不写单位时按报表台账单位计。
 * @param amount 消费量（不能为负数），单位与能源品种一致，如电力为千瓦时。
 * @returns 折合标准煤，千克（kgce）。
 */
export function tce(energy: unknown, amount: unknown): number {
  return excel(() => standardCoal(energy, amount, currentCoefficients()));
}

/**
 * 计算能源消费产生的二氧化碳排放量（千克，kgCO2），排放因子与节能通任务窗格使用的系数集一致。
 * @customfunction CO2 CO2
 * @param energy 能源品种，如“电力”“天然气”“燃煤”“汽油”“柴油”“液化石油气”“外购热力”，也可照抄表头“天然气（m³）”；不写单位时按报表台账单位计。
 * @param amount 消费量（不能为负数），单位与能源品种一致，如天然气为立方米。
 * @returns 二氧化碳排放量，千克（kgCO2）。
 */
export function co2(energy: unknown, amount: unknown): number {
  return excel(() => carbonDioxide(energy, amount, currentCoefficients()));
}

/**
 * 计算新能源车辆占比：所选“是否新能源”区域中“是”占已填单元格的比例（0–1，可设为百分比格式）。空单元格不计。
 * @customfunction NEVSHARE NEVSHARE
 * @param cells “公务用车”表的“是否新能源”列，填“是”或“否”（也认 有/无、√/×、Y/N、TRUE/FALSE、1/0）。
 * @returns 新能源车辆占比，0 到 1 之间的小数。
 */
export function nevshare(cells: unknown[][]): number {
  return excel(() => nevShare(cells));
}

/**
 * 按 GB 32100-2015 校验统一社会信用代码：校验位正确时返回 TRUE，否则返回第 18 位应有的校验字符。
 * @customfunction CREDITCODE CREDITCODE
 * @param code 18 位统一社会信用代码。
 * @returns TRUE，或应有的校验字符。
 */
export function creditcode(code: unknown): boolean | string {
  return excel(() => creditCodeCheck(code));
}

CustomFunctions.associate('TCE', tce);
CustomFunctions.associate('CO2', co2);
CustomFunctions.associate('NEVSHARE', nevshare);
CustomFunctions.associate('CREDITCODE', creditcode);

/**
 * What the JIENENG.* worksheet functions compute, free of Office globals so Node tests call it
 * directly. A bad argument throws FormulaError; functions.ts turns it into a CustomFunctions.Error
 * (#VALUE! or #DIV/0!) carrying the Chinese message.
 */
import { ledgerFactors, type CoefficientSet, type EnergyItem } from '../../shared/coefficients/types.js';
import type { CellValue } from '../../shared/table/sheet.js';
import { CREDIT_CODE_PATTERN, creditCodeCheckChar, normalizeCreditCode } from '../../shared/validation/credit-code.js';
import { toBoolean, toNumber } from '../../shared/values/coerce.js';
import { ENERGY_KINDS, lookupEnergy, unitSpellings } from './energy.js';

/** Names of CustomFunctions.ErrorCode members. */
export type FormulaErrorCode = 'invalidValue' | 'divisionByZero';

export class FormulaError extends Error {
  constructor(
    readonly code: FormulaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

const invalid = (message: string): FormulaError => new FormulaError('invalidValue', message);

/**
 * A cell value as a function receives it: the four basic types, null for an empty cell, or, since
 * the generated metadata allows data types for `any`, a data-type object with its basicValue.
 */
function basic(value: unknown): CellValue {
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && 'basicValue' in value) {
    return basic(value.basicValue);
  }
  return value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value) || value instanceof Date ? (value as CellValue) : String(value);
}

const isBlank = (v: CellValue): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const quoted = (v: CellValue): string => `“${String(v)}”`;

/** "电力、天然气、…；也认简称 电、燃气、…" for the unknown-name message. */
export function acceptedEnergyNames(): string {
  const short = ENERGY_KINDS.flatMap((k) => k.aliases.filter((a) => a.length <= k.name.length).slice(0, 1));
  return `${ENERGY_KINDS.map((k) => k.name).join('、')}（也认简称 ${short.join('、')} 等）`;
}

function energyAmount(energy: unknown, amount: unknown, set: CoefficientSet): { item: EnergyItem; ledger: number } {
  const name = basic(energy);
  if (typeof name !== 'string') {
    throw invalid(`第一个参数应为能源品种的名称（文字），如“电力”或“天然气（m³）”，收到的是${isBlank(name) ? '空值' : quoted(name)}。`);
  }
  const found = lookupEnergy(name, set);
  if (!found.ok) {
    switch (found.reason) {
      case 'blank':
        throw invalid(`请填写能源品种。可填：${acceptedEnergyNames()}，也可带单位，如“电力（kWh）”。`);
      case 'pv':
        throw invalid(`${quoted(name)}是单位自建光伏自发自用的电量，不是外购能源，不折算标准煤、不计二氧化碳排放。`);
      case 'unknown':
        throw invalid(`未知的能源品种${quoted(name)}。可填：${acceptedEnergyNames()}，也可带单位，如“电力（kWh）”。`);
      case 'unit':
        throw invalid(`${found.kind.name}的单位不能是${quoted(found.unit)}。可用单位：${unitSpellings(found.kind.item).join('、')}；不写单位时按 ${found.kind.unit} 计。`);
    }
  }
  const raw = basic(amount);
  // An empty cell is 0, as in Excel's own SUM and PRODUCT.
  const n = isBlank(raw) ? 0 : typeof raw === 'boolean' ? undefined : toNumber(raw);
  if (n === undefined) throw invalid(`用量${quoted(raw)}不是数字。请填写${found.kind.name}的用量（${found.kind.unit}）。`);
  if (n < 0) throw invalid(`用量不能为负数：${n}。`);
  return { item: found.kind.item, ledger: n * found.scale };
}

/** kg of standard coal equivalent (kgce) for an amount of one energy. */
export function standardCoal(energy: unknown, amount: unknown, set: CoefficientSet): number {
  const { item, ledger } = energyAmount(energy, amount, set);
  return ledger * ledgerFactors(set).kgce[item];
}

/** kg of CO2 emitted for an amount of one energy. */
export function carbonDioxide(energy: unknown, amount: unknown, set: CoefficientSet): number {
  const { item, ledger } = energyAmount(energy, amount, set);
  return ledger * ledgerFactors(set).co2[item];
}

/**
 * Share (0–1) of 是 among the filled cells of a 是否新能源 column, read as the validator reads
 * them (是/否, 有/无, √/×, Y/N, TRUE/FALSE, 1/0).
 */
export function nevShare(cells: readonly (readonly unknown[])[]): number {
  let yes = 0;
  let filled = 0;
  cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      const v = basic(cell);
      if (isBlank(v)) return;
      const b = toBoolean(typeof v === 'string' ? v.trim() : v);
      if (b === undefined) {
        const where = cells.length > 1 && row.length > 1 ? `第 ${r + 1} 行第 ${c + 1} 列` : `第 ${(cells.length > 1 ? r : c) + 1} 个单元格`;
        throw invalid(`“是否新能源”应填“是”或“否”，所选区域${where}是${quoted(v)}。`);
      }
      filled++;
      if (b) yes++;
    }),
  );
  if (filled === 0) throw new FormulaError('divisionByZero', '所选区域没有填写“是”或“否”的单元格，无法计算新能源车辆占比。');
  return yes / filled;
}

/** TRUE when the GB 32100-2015 check character is right, else the check character it should be. */
export function creditCodeCheck(code: unknown): true | string {
  const raw = basic(code);
  if (isBlank(raw)) throw invalid('请填写统一社会信用代码（18 位）。');
  if (typeof raw === 'number') {
    throw invalid(`统一社会信用代码应为 18 位文字，这里是数字 ${raw}（长数字在 Excel 中会丢失末几位）。请把单元格设为文本格式后重新录入。`);
  }
  const text = normalizeCreditCode(String(raw));
  if (text.length !== 18) throw invalid(`统一社会信用代码应为 18 位，${quoted(raw)}是 ${[...text].length} 位。`);
  if (!CREDIT_CODE_PATTERN.test(text)) {
    throw invalid(`统一社会信用代码${quoted(raw)}含不允许的字符：18 位只能是数字和大写字母（不含 I、O、Z、S、V）。`);
  }
  const expected = creditCodeCheckChar(text.slice(0, 17))!;
  return expected === text[17] ? true : expected;
}

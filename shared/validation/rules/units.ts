/**
 * Units as county staff write them in headers: "千瓦时", "kWh" and "度" are one unit, so are "吨"
 * and "t". Header hints use this to tell a unit written another way (same column, data need no
 * conversion) from a different unit (not that column: its numbers would be wrong by a factor).
 */
import { normalizeLabel } from '../../template/normalize.js';

const SYNONYMS: readonly (readonly string[])[] = [
  ['kwh', '千瓦时', '千瓦小时', '度', 'kw·h', 'kw.h'],
  ['t', '吨'],
  ['m3', '立方米', '立方', '方'],
  ['l', '升'],
  ['kg', '千克', '公斤'],
  ['gj', '吉焦', '吉焦耳'],
  ['m2', '平方米', '平米', '平方'],
  ['kw', '千瓦'],
  ['kwp', '千瓦峰'],
  ['万元', '万'],
  ['元', '人民币元'],
  ['%', '百分比', '百分数'],
];

const CANONICAL = new Map(SYNONYMS.flatMap((names) => names.map((n) => [normalizeLabel(n), names[0]!] as const)));

/** One spelling per unit ("千瓦时" → "kwh", "m³" → "m3"); a unit not in the table stays as written. */
export function canonicalUnit(unit: string): string {
  const n = normalizeLabel(unit);
  return CANONICAL.get(n) ?? n;
}

/** Whether two units (as written in headers, without parentheses) are the same unit. */
export function sameUnit(a: string, b: string): boolean {
  return canonicalUnit(a) === canonicalUnit(b);
}

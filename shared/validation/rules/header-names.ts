/**
 * Header cells that are not the template's but probably mean a template column that is missing
 * ("配建停车位数" for 配建车位数): each is one `header` issue on its own cell naming the template
 * header, instead of a "column missing" issue at A1 and a column silently left unread.
 */
import { labelBase, labelUnit, normalizeLabel } from '../../template/normalize.js';
import type { FieldSpec } from '../../template/spec.js';
import { CLOSE, textSimilarity } from './sheet-names.js';

export interface UnknownHeader {
  found: string;
  column: number;
}

const headerKey = (text: string): string => labelBase(normalizeLabel(text)).replace(/[\p{P}\p{S}]/gu, '');

/** Share of characters in common (Dice): "自来水用量" and "用水量" share most of theirs. */
function sharedCharacters(a: string, b: string): number {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const ch of x) if (y.has(ch)) common++;
  return (2 * common) / (x.size + y.size);
}

/** How alike a found header is to a template header; the same unit ("kWh") makes them more so. */
function headerScore(template: string, found: string): number {
  const a = headerKey(template);
  const b = headerKey(found);
  const unit = labelUnit(normalizeLabel(template));
  const sameUnit = unit !== null && unit === labelUnit(normalizeLabel(found));
  return Math.max(textSimilarity(a, b), sharedCharacters(a, b)) + (sameUnit ? 0.2 : 0);
}

/** Missing field key → the unknown header cell most like it (each cell used once). */
export function pairHeaders(missing: readonly FieldSpec[], unknown: readonly UnknownHeader[]): Map<string, UnknownHeader> {
  const pairs = missing
    .flatMap((f) => unknown.map((u) => ({ f, u, score: headerScore(f.header, u.found) })))
    .filter((p) => p.score >= CLOSE)
    .sort((a, b) => b.score - a.score || a.u.column - b.u.column);
  const out = new Map<string, UnknownHeader>();
  const taken = new Set<UnknownHeader>();
  for (const p of pairs) {
    if (out.has(p.f.key) || taken.has(p.u)) continue;
    out.set(p.f.key, p.u);
    taken.add(p.u);
  }
  return out;
}

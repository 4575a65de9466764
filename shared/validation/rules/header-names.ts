/**
 * Header cells that are not the template's but probably mean a template column that is missing
 * ("配建停车位数" for 配建车位数): each is one `header` issue on its own cell naming the template
 * header, instead of a "column missing" issue at A1 and a column silently left unread.
 */
import { labelBase, labelUnit, normalizeLabel } from '../../template/normalize.js';
import type { FieldSpec } from '../../template/spec.js';
import { CLOSE, textSimilarity } from './sheet-names.js';
import { sameUnit } from './units.js';

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

/** Characters that only say "amount of" ("用电量", "车位数", "总面积") and pair unrelated headers. */
const GENERIC = /[用量数总额耗消费]/gu;

/** Most a suggestion's header may be outscored by the next one: less apart is no clear winner. */
const CLEAR_MARGIN = 0.15;

/**
 * How alike a found header is to a template header, or null when their units differ: "用电量
 * （千瓦时）" is not "用水量（t）" however many characters they share. The same unit, however
 * written ("千瓦时" = "kWh"), makes them more alike.
 */
function headerScore(template: string, found: string): number | null {
  const a = headerKey(template);
  const b = headerKey(found);
  const unitA = labelUnit(normalizeLabel(template));
  const unitB = labelUnit(normalizeLabel(found));
  if (unitA !== null && unitB !== null && !sameUnit(unitA, unitB)) return null;
  // Compared without the generic characters: "电量" is not "光伏发电量" for sharing "电量".
  const x = a.replace(GENERIC, '') || a;
  const y = b.replace(GENERIC, '') || b;
  const alike = Math.max(textSimilarity(x, y), sharedCharacters(x, y));
  return alike + (unitA !== null && unitB !== null ? 0.2 : 0);
}

export interface HeaderPairs {
  /** Missing field key → the unknown header cell that clearly means it. */
  paired: Map<string, UnknownHeader>;
  /**
   * Unknown header cells close to missing fields with no clear winner ("油料（升）" between 汽油
   * and 柴油), with those fields, best first: one issue on the cell naming them all.
   */
  ambiguous: { header: UnknownHeader; fields: FieldSpec[] }[];
}

/**
 * Pairs unknown headers with missing fields. A header is paired only when one missing field is
 * close to it and clearly closer than the next (CLEAR_MARGIN), and no other header is about as
 * close to that field: a guess that could go two ways is no hint, but the cell is still named
 * (ambiguous) so that its column is not left unread without a word.
 */
export function pairHeaders(missing: readonly FieldSpec[], unknown: readonly UnknownHeader[]): HeaderPairs {
  const claims = new Map<string, { u: UnknownHeader; score: number; f: FieldSpec }[]>();
  const ambiguous: HeaderPairs['ambiguous'] = [];
  for (const u of unknown) {
    const ranked = missing
      .map((f) => ({ f, score: headerScore(f.header, u.found) }))
      .filter((p): p is { f: FieldSpec; score: number } => p.score !== null && p.score >= CLOSE)
      .sort((x, y) => y.score - x.score);
    const [best, next] = ranked;
    if (!best) continue;
    if (next && best.score - next.score < CLEAR_MARGIN) {
      ambiguous.push({ header: u, fields: ranked.filter((p) => best.score - p.score < CLEAR_MARGIN).map((p) => p.f) });
      continue;
    }
    claims.set(best.f.key, [...(claims.get(best.f.key) ?? []), { u, score: best.score, f: best.f }]);
  }
  const paired = new Map<string, UnknownHeader>();
  for (const [key, list] of claims) {
    const sorted = [...list].sort((x, y) => y.score - x.score || x.u.column - y.u.column);
    const [best, next] = sorted;
    if (best && (!next || best.score - next.score >= CLEAR_MARGIN)) {
      paired.set(key, best.u);
      continue;
    }
    // Two headers about as close to one field: each is named, neither is taken for it.
    for (const c of sorted) ambiguous.push({ header: c.u, fields: [c.f] });
  }
  ambiguous.sort((a, b) => a.header.column - b.header.column);
  return { paired, ambiguous };
}

/**
 * Header and enum normalisation: full-width digits, letters and parentheses become half-width
 * (NFKC), white space anywhere is dropped and Latin letters are lower-cased, so "建筑面积（m²） "
 * and "建筑面积(m2)" match.
 */
export function normalizeLabel(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** The label without a trailing unit in parentheses: "电力(kwh)" → "电力". Input already normalised. */
export function labelBase(normalized: string): string {
  return normalized.replace(/\([^()]*\)$/u, '');
}

/** The trailing unit in parentheses, or null: "电力(kwh)" → "kwh". Input already normalised. */
export function labelUnit(normalized: string): string | null {
  const m = /\(([^()]*)\)$/u.exec(normalized);
  return m ? m[1]! : null;
}

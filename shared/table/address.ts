/** A1-style addressing. Columns and rows are 1-based, as Excel shows them. */

export function columnLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1) throw new RangeError(`bad column ${column}`);
  let n = column;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) throw new RangeError(`bad column letters ${letters}`);
    n = n * 26 + (code - 64);
  }
  return n;
}

export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

const A1 = /^([A-Z]{1,3})([1-9][0-9]*)$/;

export function parseCellAddress(address: string): { row: number; column: number } | null {
  const m = A1.exec(address);
  if (!m) return null;
  return { column: columnNumber(m[1]!), row: Number(m[2]) };
}

/// <reference types="office-js" />
/** Addresses as Office.js reads and writes them: quoted sheet names, area lists, short `getRanges` strings. */
import { cellAddress, parseCellAddress } from '../../shared/table/address.js';

/** A sheet name as it appears before "!" in a formula or address ('My Sheet', 'O''Brien'). */
export function quoteSheet(name: string): string {
  const plain = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/u.test(name) && !/^[A-Za-z]{1,3}\d+$/u.test(name) && !/^R\d*C\d*$/iu.test(name);
  return plain ? name : `'${name.replace(/'/gu, "''")}'`;
}

/** Splits an Office RangeAreas address ("Sheet1!A1:B2, 'My, Sheet'!C3") into areas without their sheet. */
export function splitAreas(address: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i]!;
    if (ch === "'") {
      if (quoted && address[i + 1] === "'") {
        current += "''";
        i++;
        continue;
      }
      quoted = !quoted;
    }
    if (ch === ',' && !quoted) {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out.map((a) => a.slice(a.lastIndexOf('!') + 1).replace(/\$/gu, ''));
}

/** Cells of one column merged into vertical runs: B3, B4, B5, D7 → B3:B5, D7. */
export function toAreas(cells: readonly string[]): string[] {
  const byColumn = new Map<number, number[]>();
  for (const a of cells) {
    const p = parseCellAddress(a);
    if (!p) continue;
    let rows = byColumn.get(p.column);
    if (!rows) byColumn.set(p.column, (rows = []));
    rows.push(p.row);
  }
  const areas: string[] = [];
  for (const [column, rows] of [...byColumn].sort((a, b) => a[0] - b[0])) {
    const sorted = [...new Set(rows)].sort((a, b) => a - b);
    let start = sorted[0]!;
    let prev = start;
    for (const row of [...sorted.slice(1), Number.NaN]) {
      if (row === prev + 1) {
        prev = row;
        continue;
      }
      areas.push(start === prev ? cellAddress(start, column) : `${cellAddress(start, column)}:${cellAddress(prev, column)}`);
      start = prev = row;
    }
  }
  return areas;
}

/**
 * Areas joined into `getRanges` addresses of at most `limit` characters each: Excel refuses longer
 * multi-area references (255 characters, as in its Name Box).
 */
export function areaGroups(areas: readonly string[], limit = 250): string[] {
  const out: string[] = [];
  let current = '';
  for (const a of areas) {
    if (current && current.length + 1 + a.length > limit) {
      out.push(current);
      current = '';
    }
    current = current ? `${current},${a}` : a;
  }
  if (current) out.push(current);
  return out;
}

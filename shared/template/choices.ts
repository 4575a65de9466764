/** The values a column's drop-down offers (the .xlsx writer and the add-in's template insertion). */
import type { Region } from '../counties.js';
import type { FieldSpec } from './spec.js';

export function choicesFor(f: FieldSpec, region: Region): readonly string[] | null {
  if (f.kind === 'enum' && f.values) return f.values;
  if (f.kind === 'boolean') return ['是', '否'];
  if (f.kind === 'county') return region.counties.map((c) => c.name);
  if (f.kind === 'quarter') return ['1', '2', '3', '4'];
  return null;
}

/** The note on a header (or 基本信息 label): the column's rule and a correct example. */
export function headerNote(f: FieldSpec): string {
  return `${f.rule}\n示例：${f.example}`;
}

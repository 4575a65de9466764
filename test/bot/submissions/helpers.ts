/** Helpers for the intake tests. */
import { createHook, type AsyncHook } from 'node:async_hooks';
import type { WorkbookInput } from '../../../shared/table/sheet.js';

/** The workbook as the API takes it: {"sheets": {name: rows}}, dates as ISO text. */
export function sheetsJson(input: WorkbookInput): Buffer {
  const sheets: Record<string, unknown[]> = {};
  for (const s of input.sheets) sheets[s.name] = s.rows.map((r) => (r ? r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null))) : null));
  return Buffer.from(JSON.stringify({ sheets }));
}

/** Worker threads of this process that have not ended, as async_hooks sees them (counted from the first call on). */
const live = new Set<number>();
let hook: AsyncHook | null = null;

export function workerThreads(): number {
  hook ??= createHook({
    init(id, type) {
      if (type === 'WORKER') live.add(id);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return live.size;
}

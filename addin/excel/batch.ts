/**
 * Excel calls go out in batches: everything queued before `context.sync()` is one request. Excel
 * on the web refuses a request or response over 5 MB, so work is queued with an estimate of its
 * size and synced when the next piece would take the batch past the budget: the number of syncs
 * grows with the bytes moved, never with the number of cells or issues.
 */

/** Under Excel on the web's 5 MB payload limit, with room for the protocol's own overhead. */
export const REQUEST_BUDGET_BYTES = 3_500_000;

/** UTF-8 bytes of a value as JSON, without building the JSON of large arrays. */
export function jsonBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'number') return String(value).length;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (typeof value === 'string') {
    let n = 2;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      n += c < 0x80 ? (c === 0x22 || c === 0x5c || c < 0x20 ? 2 : 1) : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : 3;
    }
    return n;
  }
  if (Array.isArray(value)) {
    let n = 2;
    for (const v of value) n += jsonBytes(v) + 1;
    return n;
  }
  let n = 2;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) n += jsonBytes(k) + jsonBytes(v) + 2;
  return n;
}

export interface Syncer {
  sync(): Promise<void>;
}

/** Queues work and syncs whenever the estimated request would pass the budget, and at the end. */
export class Batch {
  private pending = 0;

  constructor(
    private readonly context: Syncer,
    private readonly budget = REQUEST_BUDGET_BYTES,
  ) {}

  /** Runs `queue` (which queues calls on proxies) after syncing first if `bytes` would not fit. */
  async add(bytes: number, queue: () => void): Promise<void> {
    if (this.pending > 0 && this.pending + bytes > this.budget) await this.flush();
    queue();
    this.pending += bytes;
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    this.pending = 0;
    await this.context.sync();
  }

  get queuedBytes(): number {
    return this.pending;
  }
}

/** Splits `items` into runs whose estimated bytes stay within `budget` (at least one item each). */
export function chunkBy<T>(items: readonly T[], bytesOf: (item: T) => number, budget: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const b = bytesOf(item);
    if (current.length > 0 && size + b > budget) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += b;
  }
  if (current.length > 0) out.push(current);
  return out;
}

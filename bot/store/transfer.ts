/**
 * Copying a whole store from one backend to another (`jieneng store copy`). The Repository has no
 * way to write a record as it is (ids, versions and timestamps are the store's own), so each
 * backend also offers a Transfer: everything out as one consistent snapshot, everything into an
 * empty store as is. copyStore moves the records and the upload bytes one file at a time, hashing
 * them on the way, then reads the target back and compares counts, records and every file's SHA-256.
 */
import { createHash } from 'node:crypto';
import type { Repository, StoreData, SubmissionRecord } from './types.js';

export type FileKind = 'original' | 'history';
/** The stored bytes of a submission's original upload or history snapshot, exactly as kept. */
export type FileSource = (record: SubmissionRecord, kind: FileKind) => Promise<Buffer>;

export interface Transfer {
  /** Everything the store holds, as one consistent snapshot; `fn` may read files while it runs. */
  exportAll<T>(fn: (data: StoreData, file: FileSource) => Promise<T>): Promise<T>;
  /**
   * Writes every record into this store as it is, in order, with the files from `file`; refuses
   * (TargetNotEmptyError) a store that holds anything. All or nothing for the records.
   */
  importAll(data: StoreData, file: FileSource): Promise<void>;
}

/** The tables of a store, in the order they are copied (referenced ones first). */
export const TABLES = ['counties', 'members', 'invites', 'tokens', 'conversations', 'submissions', 'reminders', 'notices', 'audit'] as const;
export type Table = (typeof TABLES)[number];
export type TableCounts = Record<Table, number>;

export const TABLE_LABEL: Record<Table, string> = {
  counties: '县（市、区）',
  members: '绑定的聊天用户',
  invites: '邀请码',
  tokens: '提交令牌',
  conversations: '聊天会话',
  submissions: '提交版本',
  reminders: '催报记录',
  notices: '通报',
  audit: '审计日志',
};

export function countsOf(data: StoreData): TableCounts {
  return Object.fromEntries(TABLES.map((t) => [t, data[t].length])) as TableCounts;
}

/** The target already holds records: nothing was copied. */
export class TargetNotEmptyError extends Error {
  constructor(readonly found: Partial<TableCounts>) {
    super(`target store is not empty: ${JSON.stringify(found)}`);
    this.name = 'TargetNotEmptyError';
  }
}

/** Throws TargetNotEmptyError naming every table that has rows. */
export function assertEmpty(counts: TableCounts): void {
  const found = Object.fromEntries(TABLES.filter((t) => counts[t] > 0).map((t) => [t, counts[t]]));
  if (Object.keys(found).length > 0) throw new TargetNotEmptyError(found);
}

export function transferOf(repo: Repository): Transfer {
  const t = repo as Partial<Transfer>;
  if (typeof t.exportAll !== 'function' || typeof t.importAll !== 'function') throw new Error(`store ${repo.kind} cannot copy records as they are`);
  return t as Transfer;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const fileKey = (record: SubmissionRecord, kind: FileKind): string => `${record.id}\u0000${kind}`;

/** JSON with keys sorted: two backends may give a record's fields in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A table's records as compared: tokens (one per county) in county order, which not every backend keeps otherwise. */
function comparable(table: Table, records: readonly unknown[]): string[] {
  const list = records.map(canonical);
  return table === 'tokens' ? list.sort() : list;
}

export type Mismatch =
  | { kind: 'count'; table: Table; source: number; target: number }
  | { kind: 'record'; table: Table; index: number }
  | { kind: 'file'; id: string; file: FileKind; source: string; target: string | null };

export interface CopyReport {
  counts: TableCounts;
  /** Originals and history snapshots copied, and their bytes. */
  files: number;
  bytes: number;
  /** Empty when the target read back equals the source. */
  mismatches: Mismatch[];
}

/** Copies everything from `from` into the empty `to`, then reads `to` back and compares. */
export async function copyStore(from: Repository, to: Repository): Promise<CopyReport> {
  const source = transferOf(from);
  const target = transferOf(to);
  await target.exportAll(async (data) => assertEmpty(countsOf(data)));
  const hashes = new Map<string, string>();
  let bytes = 0;
  const { counts, records } = await source.exportAll(async (data, file) => {
    const hashing: FileSource = async (record, kind) => {
      const content = await file(record, kind);
      hashes.set(fileKey(record, kind), sha256(content));
      bytes += content.length;
      return content;
    };
    await target.importAll(data, hashing);
    return { counts: countsOf(data), records: Object.fromEntries(TABLES.map((t) => [t, comparable(t, data[t])])) as Record<Table, string[]> };
  });
  const mismatches = await target.exportAll(async (data, file) => {
    const found: Mismatch[] = [];
    for (const table of TABLES) {
      const copied = data[table];
      if (copied.length !== counts[table]) found.push({ kind: 'count', table, source: counts[table], target: copied.length });
      const mine = comparable(table, copied);
      const index = mine.findIndex((r, i) => r !== records[table][i]);
      if (index >= 0) found.push({ kind: 'record', table, index });
    }
    for (const record of data.submissions) {
      for (const kind of ['original', 'history'] as const) {
        const expected = hashes.get(fileKey(record, kind));
        if (expected === undefined) continue;
        const actual = await file(record, kind).then(sha256, () => null);
        if (actual !== expected) found.push({ kind: 'file', id: record.id, file: kind, source: expected, target: actual });
      }
    }
    return found;
  });
  return { counts, files: hashes.size, bytes, mismatches };
}

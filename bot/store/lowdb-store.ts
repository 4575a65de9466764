/**
 * The repository on a lowdb JSON file. Every change runs through one queue: mutate the in-memory
 * document, then write the whole file (a temp file, then rename, so a crash leaves the old or the
 * new file, never half of one). If the write fails, the document is re-read from disk so memory
 * never holds changes the file does not. Original uploads and history snapshots live beside it as
 * plain files, named by county code, period and version. Everything under the data directory is
 * owner-only (directories 0700, files 0600). Opening the store removes what a crash left: temp files
 * and upload files of versions whose record was never saved.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import { Low, Memory, type Adapter } from 'lowdb';
import { loadLinkSecret } from '../access/signed-links.js';
import { ServiceUnavailableError } from '../errors.js';
import type { HistorySnapshot } from '../../shared/validation/history.js';
import { logLine } from '../log.js';
import { DIR_MODE, FILE_MODE, mkdirPrivate, octal, tighten, writePrivateFile } from './files.js';
import { removeLeftovers } from './leftovers.js';
import { acquireLock, type Lock, type LockOptions } from './lock.js';
import { assertEmpty, countsOf, TABLES, type FileKind, type FileSource } from './transfer.js';
import type {
  ApiToken,
  AuditEntry,
  ConversationRecord,
  CountyRecord,
  ExclusiveResult,
  Invite,
  Member,
  NewSubmission,
  NoticeRecord,
  RedeemResult,
  ReminderMark,
  ReminderRecord,
  Repository,
  StoreData,
  SubmissionRecord,
} from './types.js';

export const STORE_FILE = 'jieneng.json';
/** The lock: a directory whose modification time its holder refreshes (see lock.ts). */
export const LOCK_FILE = 'jieneng.lock';
/** Who holds the lock, to explain a refusal. */
export const HOLDER_FILE = 'jieneng.lock.json';

function emptyData(): StoreData {
  return { schema: 1, counties: [], members: [], invites: [], tokens: [], conversations: [], submissions: [], reminders: [], notices: [], audit: [] };
}

export class StoreFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`数据文件 ${file} 无法读取（${detail}）。服务没有改动它：请从备份恢复该文件，或把它移走后重新启动（会以空数据启动）。`);
    this.name = 'StoreFormatError';
  }
}

/**
 * The store's lock was lost (not refreshed in time, perhaps taken over by another process): from
 * then on this process writes nothing, so two writers can never undo each other's changes.
 */
export class StoreLockLostError extends ServiceUnavailableError {
  constructor() {
    super('store-lock-lost', '数据目录的锁已失效（可能有另一个服务进程接管了同一数据目录），为防止两个进程互相覆盖数据，本服务已停止写入，这次操作没有保存。请管理员确认只运行一个服务后重启服务；详情见服务日志。');
    this.name = 'StoreLockLostError';
  }
}

/**
 * lowdb's JSONFile (steno) creates files with the default mode (0644 under the usual umask): this
 * adapter writes the same JSON through a temp file created 0600, then renames it over the store.
 */
export class PrivateJsonFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    // One writer per directory (the lock), so one temp name will do; the name steno used too.
    const temp = join(dirname(this.file), `.${basename(this.file)}.tmp`);
    await rm(temp, { force: true }); // left by a crash; a directory there makes the write fail
    await writePrivateFile(this.file, JSON.stringify(data, null, 2), temp);
  }
}

class LowdbRepository implements Repository {
  readonly kind = 'lowdb';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Low<StoreData>,
    /** Where uploads are kept; null for an in-memory store (files then stay in memory too). */
    private readonly dir: string | null,
    private readonly lock: Lock | null,
  ) {}

  private get data(): StoreData {
    return this.db.data;
  }

  private readonly memoryFiles = new Map<string, Buffer>();

  /** Runs one change at a time; the change and its write succeed or fail together. */
  private update<T>(change: (data: StoreData) => T | Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.lock?.compromised) throw new StoreLockLostError();
      try {
        const result = await change(this.db.data);
        await this.db.write();
        return result;
      } catch (err) {
        // Drop whatever the failed change left in memory: the file is the truth (no file yet: empty).
        if (this.dir !== null) {
          const saved = await this.db.adapter.read().catch(() => null);
          this.db.data = saved ?? emptyData();
        }
        throw err;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async putFile(path: string, content: Buffer): Promise<void> {
    if (this.dir === null) this.memoryFiles.set(path, content);
    else await writePrivateFile(join(this.dir, path), content);
  }

  private async getFile(path: string): Promise<Buffer> {
    if (this.dir === null) {
      const f = this.memoryFiles.get(path);
      if (!f) throw new Error(`no file ${path}`);
      return f;
    }
    return readFile(join(this.dir, path));
  }

  async counties(): Promise<CountyRecord[]> {
    return [...this.data.counties];
  }

  addCounties(counties: readonly { name: string; code: string }[], actor: string, now: Date): Promise<number> {
    // Every start and command line run calls this; when all are known, skip the whole-file rewrite.
    if (counties.every((c) => this.data.counties.some((x) => x.name === c.name))) return Promise.resolve(0);
    return this.update((d) => {
      const fresh = counties.filter((c) => !d.counties.some((x) => x.name === c.name));
      for (const c of fresh) d.counties.push({ name: c.name, code: c.code, addedAt: now.toISOString() });
      if (fresh.length > 0) d.audit.push({ at: now.toISOString(), actor, action: 'counties.add', detail: fresh.map((c) => c.name).join('、') });
      return fresh.length;
    });
  }

  async member(channelId: string, userId: string): Promise<Member | undefined> {
    return this.data.members.find((m) => m.channelId === channelId && m.userId === userId);
  }

  async members(): Promise<Member[]> {
    return [...this.data.members];
  }

  async invites(): Promise<Invite[]> {
    return [...this.data.invites];
  }

  addInvite(invite: Invite): Promise<void> {
    return this.update((d) => {
      d.invites.push(invite);
      d.audit.push({ at: invite.createdAt, actor: invite.createdBy, action: 'invite.create', detail: `${invite.role} ${invite.county ?? '全市'}，有效期至 ${invite.expiresAt}` });
    });
  }

  redeemInvite(codeHash: string, user: { channelId: string; userId: string; name: string | null }, now: Date): Promise<RedeemResult> {
    // Checked inside the queue, so two people racing for one code cannot both win.
    return this.update<RedeemResult>((d) => {
      const invite = d.invites.find((i) => i.codeHash === codeHash);
      if (!invite) return { ok: false, reason: 'unknown' };
      if (invite.usedAt) return { ok: false, reason: 'used' };
      if (invite.expiresAt <= now.toISOString()) return { ok: false, reason: 'expired' };
      const who = `${user.channelId}:${user.userId}`;
      invite.usedAt = now.toISOString();
      invite.usedBy = who;
      const index = d.members.findIndex((m) => m.channelId === user.channelId && m.userId === user.userId);
      const previous = index >= 0 ? { ...d.members[index]! } : null;
      const member: Member = { channelId: user.channelId, userId: user.userId, name: user.name, role: invite.role, county: invite.county, boundAt: now.toISOString() };
      if (index >= 0) d.members[index] = member;
      else d.members.push(member);
      d.audit.push({ at: now.toISOString(), actor: who, action: 'member.bind', detail: `${invite.role} ${invite.county ?? '全市'}${previous ? `（原为 ${previous.role} ${previous.county ?? '全市'}）` : ''}` });
      return { ok: true, member, previous };
    });
  }

  setToken(token: ApiToken): Promise<void> {
    return this.update((d) => {
      const replaced = d.tokens.some((t) => t.county === token.county);
      d.tokens = d.tokens.filter((t) => t.county !== token.county);
      d.tokens.push(token);
      d.audit.push({ at: token.createdAt, actor: token.createdBy, action: 'token.issue', detail: `${token.county}${replaced ? '（旧令牌已作废）' : ''}` });
    });
  }

  async countyForToken(tokenHash: string): Promise<string | undefined> {
    return this.data.tokens.find((t) => t.tokenHash === tokenHash)?.county;
  }

  async tokenCount(): Promise<number> {
    return this.data.tokens.length;
  }

  saveConversation(record: ConversationRecord): Promise<void> {
    return this.update((d) => {
      const index = d.conversations.findIndex((c) => c.key === record.key);
      if (index >= 0) d.conversations[index] = record;
      else d.conversations.push(record);
    });
  }

  async conversations(): Promise<ConversationRecord[]> {
    return [...this.data.conversations];
  }

  addSubmission(s: NewSubmission): Promise<SubmissionRecord> {
    return this.update(async (d) => {
      const county = d.counties.find((c) => c.name === s.county);
      const code = county?.code ?? s.county;
      const version = d.submissions.filter((x) => x.county === s.county && x.period === s.period).length + 1;
      const base = `submissions/${code}/${s.period}/v${version}`;
      const file = `${base}.${s.format}`;
      // Files first: a record never points at a file that is not there.
      await this.putFile(file, s.original);
      const history = s.snapshot ? `${base}.history.json` : null;
      if (history) await this.putFile(history, Buffer.from(JSON.stringify(s.snapshot)));
      const { original: _o, snapshot: _s, ...fields } = s;
      const record: SubmissionRecord = { ...fields, id: `${code}-${s.period}-v${version}`, version, file, history };
      d.submissions.push(record);
      d.audit.push({ at: s.receivedAt, actor: `${s.sender.kind}:${s.sender.id}`, action: 'submission.add', detail: `${s.county} ${s.period} v${version} ${s.status} sha256=${s.sha256}` });
      return record;
    });
  }

  async submissions(filter: { county?: string; period?: string } = {}): Promise<SubmissionRecord[]> {
    return this.data.submissions.filter((s) => (!filter.county || s.county === filter.county) && (!filter.period || s.period === filter.period));
  }

  async counts(): Promise<{ counties: number; submissions: number }> {
    return { counties: this.data.counties.length, submissions: this.data.submissions.length };
  }

  async history(record: SubmissionRecord): Promise<HistorySnapshot | null> {
    if (!record.history) return null;
    return JSON.parse((await this.getFile(record.history)).toString('utf8')) as HistorySnapshot;
  }

  original(record: SubmissionRecord): Promise<Buffer> {
    return this.getFile(record.file);
  }

  claimReminder(key: string, now: Date): Promise<boolean> {
    // Inside the queue: of two callers for one key, exactly one finds it absent.
    return this.update((d) => {
      if (d.reminders.some((r) => r.key === key)) return false;
      d.reminders.push({ key, status: 'claimed', claimedAt: now.toISOString(), doneAt: null, detail: '', attempts: 1 });
      return true;
    });
  }

  claimReminders(keys: readonly string[], now: Date): Promise<string[]> {
    return this.update((d) => {
      const known = new Set(d.reminders.map((r) => r.key));
      const taken: string[] = [];
      for (const key of keys) {
        if (known.has(key)) continue;
        known.add(key);
        d.reminders.push({ key, status: 'claimed', claimedAt: now.toISOString(), doneAt: null, detail: '', attempts: 1 });
        taken.push(key);
      }
      return taken;
    });
  }

  markReminders(marks: readonly ReminderMark[], now: Date): Promise<void> {
    return this.update((d) => {
      const byKey = new Map(d.reminders.map((r) => [r.key, r]));
      // All or nothing: a key never claimed fails the whole write before anything changes.
      const missing = marks.find((m) => !byKey.has(m.key));
      if (missing) throw new Error(`reminder ${missing.key} was never claimed`);
      for (const m of marks) Object.assign(byKey.get(m.key)!, { status: m.status, detail: m.detail, doneAt: now.toISOString() });
    });
  }

  retryReminder(key: string, now: Date): Promise<boolean> {
    return this.update((d) => {
      const r = d.reminders.find((x) => x.key === key);
      if (r?.status !== 'failed') return false;
      r.status = 'claimed';
      r.claimedAt = now.toISOString();
      r.doneAt = null;
      r.attempts = (r.attempts ?? 1) + 1;
      return true;
    });
  }

  markReminder(key: string, status: 'sent' | 'failed', detail: string, now: Date): Promise<void> {
    return this.update((d) => {
      const r = d.reminders.find((x) => x.key === key);
      if (!r) throw new Error(`reminder ${key} was never claimed`);
      r.status = status;
      r.doneAt = now.toISOString();
      r.detail = detail;
    });
  }

  async reminders(keys?: readonly string[]): Promise<ReminderRecord[]> {
    const wanted = keys ? new Set(keys) : null;
    // Files written before attempts were counted: one attempt each.
    return this.data.reminders.filter((r) => !wanted || wanted.has(r.key)).map((r) => ({ ...r, attempts: r.attempts ?? 1 }));
  }

  addNotice(notice: NoticeRecord): Promise<void> {
    return this.update((d) => {
      d.notices.push(notice);
      d.audit.push({ at: notice.createdAt, actor: notice.createdBy, action: 'notice.add', detail: `${notice.period} ${notice.id}` });
    });
  }

  async notices(): Promise<NoticeRecord[]> {
    // Files written before revisions: each notice is its own first revision.
    return this.data.notices.map((n) => ({ ...n, revision: n.revision ?? 0, docNumber: n.docNumber ?? '', content: n.content ?? null }));
  }

  audit(entry: AuditEntry): Promise<void> {
    return this.update((d) => {
      d.audit.push(entry);
    });
  }

  async auditLog(): Promise<AuditEntry[]> {
    return [...this.data.audit];
  }

  private memorySecret: Buffer | null = null;

  private readonly running = new Set<string>();

  async runExclusive<T>(name: string, fn: () => Promise<T>): Promise<ExclusiveResult<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      return { ran: true, value: await fn() };
    } finally {
      this.running.delete(name);
    }
  }

  async linkSecret(): Promise<Buffer> {
    if (this.dir !== null) return loadLinkSecret(this.dir);
    this.memorySecret ??= randomBytes(32);
    return this.memorySecret;
  }

  // --- Whole-store copy (jieneng store copy, transfer.ts): records and files exactly as kept. ---

  async exportAll<T>(fn: (data: StoreData, file: FileSource) => Promise<T>): Promise<T> {
    await this.queue;
    return fn(structuredClone(this.data), (record, kind) => this.getFile(storedPath(record, kind)));
  }

  importAll(data: StoreData, file: FileSource): Promise<void> {
    return this.update(async (d) => {
      assertEmpty(countsOf(d));
      // Files first, as addSubmission does: a saved record never points at a missing file.
      for (const record of data.submissions) {
        await this.putFile(storedPath(record, 'original'), await file(record, 'original'));
        if (record.history) await this.putFile(storedPath(record, 'history'), await file(record, 'history'));
      }
      for (const table of TABLES) d[table] = structuredClone(data[table]) as never;
    });
  }

  async close(): Promise<void> {
    await this.queue;
    await this.lock?.release();
  }
}

/** A record's file path, checked to stay under submissions/ (it may come from another store). */
function storedPath(record: SubmissionRecord, kind: FileKind): string {
  const path = kind === 'original' ? record.file : record.history;
  if (!path || posix.normalize(path) !== path || !path.startsWith('submissions/') || path.split('/').includes('..')) {
    throw new Error(`submission ${record.id} has no usable ${kind} file path: ${String(path)}`);
  }
  return path;
}

function checkShape(value: unknown, file: string): StoreData {
  const d = value as Partial<StoreData> | null;
  if (!d || typeof d !== 'object' || d.schema !== 1) throw new StoreFormatError(file, '不是节能通数据文件或版本不符');
  const empty = emptyData();
  for (const key of Object.keys(empty) as (keyof StoreData)[]) {
    if (key !== 'schema' && !Array.isArray(d[key])) throw new StoreFormatError(file, `缺少 ${key}`);
  }
  return d as StoreData;
}

export interface OpenOptions {
  /** Lock timings and how long to wait for a live holder (tests use small values). */
  lock?: LockOptions;
}

/**
 * Opens the store in a data directory, taking its lock (StoreLockedError when another process
 * holds it). `purpose` names the holder in that message ("server", "jieneng invite"); the server
 * waits a little longer than the stale time for a lock left by a crash, commands refuse at once.
 */
export async function openStore(dataDir: string, purpose: string, now: Date = new Date(), options: OpenOptions = {}): Promise<Repository> {
  const dir = resolve(dataDir);
  await mkdirPrivate(dir);
  const lock = await acquireLock(join(dir, LOCK_FILE), join(dir, HOLDER_FILE), purpose, now, options.lock);
  try {
    const file = join(dir, STORE_FILE);
    const shown = relative(process.cwd(), file) || file;
    for (const [path, mode] of [
      [dir, DIR_MODE],
      [file, FILE_MODE],
    ] as const) {
      const was = await tighten(path, mode);
      if (was !== null) logLine('store', `${path} 的权限为 ${octal(was)}，已收紧为 ${octal(mode)}（仅所有者可访问）`);
    }
    const db = new Low<StoreData>(new PrivateJsonFile<StoreData>(file), emptyData());
    let saved: StoreData | null;
    try {
      saved = await db.adapter.read();
    } catch (err) {
      throw new StoreFormatError(shown, err instanceof SyntaxError ? 'JSON 格式损坏' : String(err));
    }
    db.data = checkShape(saved ?? emptyData(), shown);
    // No store file, or one without submissions (a damaged one moved away?): judge no upload file by it.
    const records = saved === null || db.data.submissions.length === 0 ? null : db.data.submissions;
    const { removed, unreferenced } = await removeLeftovers(dir, records);
    if (removed.length > 0) logLine('store', `打开数据目录 ${dir} 时清理了崩溃遗留的文件（${removed.length} 个）：${removed.join('，')}`);
    if (unreferenced.length > 0) {
      logLine('store', `数据文件 ${shown} 不存在或没有提交记录，submissions/ 下的 ${unreferenced.length} 个上传文件没有记录对应，未作清理（若数据文件曾被移走，请从备份恢复）：${unreferenced.slice(0, 20).join('，')}${unreferenced.length > 20 ? ' …' : ''}`);
    }
    return new LowdbRepository(db, dir, lock);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * A read-only look at a data directory's store without its lock (a running server holds it): a
 * copy in memory of the file as it is now. Changes to it are not saved and upload files are not
 * read: for the command line's reports (reminders plan, notice).
 */
export async function storeSnapshot(dataDir: string): Promise<Repository> {
  const file = join(resolve(dataDir), STORE_FILE);
  let saved: StoreData | null;
  try {
    saved = await new PrivateJsonFile<StoreData>(file).read();
  } catch (err) {
    throw new StoreFormatError(file, err instanceof SyntaxError ? 'JSON 格式损坏' : String(err));
  }
  const db = new Low<StoreData>(new Memory<StoreData>(), emptyData());
  db.data = checkShape(saved ?? emptyData(), file);
  return new LowdbRepository(db, null, null);
}

/** A store held in memory only (handler tests). */
export function memoryStore(): Repository {
  const db = new Low<StoreData>(new Memory<StoreData>(), emptyData());
  return new LowdbRepository(db, null, null);
}

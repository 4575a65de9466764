/**
 * The repository on a lowdb JSON file. Every change runs through one queue: mutate the in-memory
 * document, then write the whole file (steno writes a temp file and renames it, so a crash leaves
 * the old or the new file, never half of one). If the write fails, the document is re-read from
 * disk so memory never holds changes the file does not. Original uploads and history snapshots
 * live beside it as plain files, named by county code, period and version.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { HistorySnapshot } from '../../shared/validation/history.js';
import { acquireLock, type Lock } from './lock.js';
import type {
  ApiToken,
  AuditEntry,
  ConversationRecord,
  CountyRecord,
  Invite,
  Member,
  NewSubmission,
  NoticeRecord,
  RedeemResult,
  ReminderRecord,
  Repository,
  StoreData,
  SubmissionRecord,
} from './types.js';

export const STORE_FILE = 'jieneng.json';
export const LOCK_FILE = 'jieneng.lock';

function emptyData(): StoreData {
  return { schema: 1, counties: [], members: [], invites: [], tokens: [], conversations: [], submissions: [], reminders: [], notices: [], audit: [] };
}

export class StoreFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`数据文件 ${file} 无法读取（${detail}）。服务没有改动它：请从备份恢复该文件，或把它移走后重新启动（会以空数据启动）。`);
    this.name = 'StoreFormatError';
  }
}

async function atomicWrite(file: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${process.pid}.${Date.now()}.tmp`);
  await writeFile(temp, data);
  await rename(temp, file);
}

class LowdbRepository implements Repository {
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
    else await atomicWrite(join(this.dir, path), content);
  }

  private async getFile(path: string): Promise<Buffer> {
    if (this.dir === null) {
      const f = this.memoryFiles.get(path);
      if (!f) throw new Error(`no file ${path}`);
      return f;
    }
    return readFile(join(this.dir, path));
  }

  counties(): CountyRecord[] {
    return this.data.counties;
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

  member(channelId: string, userId: string): Member | undefined {
    return this.data.members.find((m) => m.channelId === channelId && m.userId === userId);
  }

  members(): Member[] {
    return this.data.members;
  }

  invites(): Invite[] {
    return this.data.invites;
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

  countyForToken(tokenHash: string): string | undefined {
    return this.data.tokens.find((t) => t.tokenHash === tokenHash)?.county;
  }

  tokenCount(): number {
    return this.data.tokens.length;
  }

  saveConversation(record: ConversationRecord): Promise<void> {
    return this.update((d) => {
      const index = d.conversations.findIndex((c) => c.key === record.key);
      if (index >= 0) d.conversations[index] = record;
      else d.conversations.push(record);
    });
  }

  conversations(): ConversationRecord[] {
    return this.data.conversations;
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

  submissions(filter: { county?: string; period?: string } = {}): SubmissionRecord[] {
    return this.data.submissions.filter((s) => (!filter.county || s.county === filter.county) && (!filter.period || s.period === filter.period));
  }

  async history(record: SubmissionRecord): Promise<HistorySnapshot | null> {
    if (!record.history) return null;
    return JSON.parse((await this.getFile(record.history)).toString('utf8')) as HistorySnapshot;
  }

  original(record: SubmissionRecord): Promise<Buffer> {
    return this.getFile(record.file);
  }

  reminderSent(key: string): boolean {
    return this.data.reminders.some((r) => r.key === key);
  }

  recordReminder(record: ReminderRecord): Promise<void> {
    return this.update((d) => {
      if (!d.reminders.some((r) => r.key === record.key)) d.reminders.push(record);
    });
  }

  addNotice(notice: NoticeRecord): Promise<void> {
    return this.update((d) => {
      d.notices.push(notice);
      d.audit.push({ at: notice.createdAt, actor: notice.createdBy, action: 'notice.add', detail: `${notice.period} ${notice.id}` });
    });
  }

  notices(): NoticeRecord[] {
    return this.data.notices;
  }

  audit(entry: AuditEntry): Promise<void> {
    return this.update((d) => {
      d.audit.push(entry);
    });
  }

  auditLog(): AuditEntry[] {
    return this.data.audit;
  }

  async close(): Promise<void> {
    await this.queue;
    this.lock?.release();
  }
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

/**
 * Opens the store in a data directory, taking its lock (StoreLockedError when another process
 * holds it). `purpose` names the holder in that message ("server", "jieneng invite").
 */
export async function openStore(dataDir: string, purpose: string, now: Date = new Date()): Promise<Repository> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lock = acquireLock(join(dir, LOCK_FILE), purpose, now);
  try {
    const file = join(dir, STORE_FILE);
    const db = new Low<StoreData>(new JSONFile<StoreData>(file), emptyData());
    try {
      await db.read();
    } catch (err) {
      throw new StoreFormatError(relative(process.cwd(), file) || file, err instanceof SyntaxError ? 'JSON 格式损坏' : String(err));
    }
    db.data = checkShape(db.data, relative(process.cwd(), file) || file);
    return new LowdbRepository(db, dir, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** A store held in memory only (handler tests). */
export function memoryStore(): Repository {
  const db = new Low<StoreData>(new Memory<StoreData>(), emptyData());
  return new LowdbRepository(db, null, null);
}

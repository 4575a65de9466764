/**
 * The repository on PostgreSQL, for several service processes sharing one database. Every change
 * that must be right under concurrency is one transaction: a version number is taken under an
 * advisory lock per county and period, an invite is redeemed under a row lock, a reminder is
 * claimed by insert-if-absent. Uploads and history snapshots are bytea rows, so the servers need no
 * shared disk. The schema comes from numbered migrations applied at start-up (postgres/migrate.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { HistorySnapshot } from '../../shared/validation/history.js';
import { logLine } from '../log.js';
import { parseStoreUrl, redactUrl, schemaStaleError, startupError } from './postgres/errors.js';
import { LOCK_SPACE, runExclusive as runExclusiveOn, type ExclusiveResult } from './postgres/locks.js';
import { loadMigrations, migrate } from './postgres/migrate.js';
import * as rows from './postgres/rows.js';
import { insertSubmissions, selectSubmissions } from './postgres/submissions.js';
import * as transfer from './postgres/transfer.js';
import type { FileSource } from './transfer.js';
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
  ReminderMark,
  ReminderRecord,
  Repository,
  StoreData,
  SubmissionRecord,
} from './types.js';

export { PostgresStoreError, redactUrl } from './postgres/errors.js';
export type { ExclusiveResult } from './postgres/locks.js';

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** How long to wait for a connection, at start-up and after (default 10 s). */
  connectionTimeoutMillis?: number;
  /** How long an idle connection stays open (default 10 s; 0 keeps it). */
  idleTimeoutMillis?: number;
  /** Shown in pg_stat_activity (default "jieneng"). */
  applicationName?: string;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

const auditInsert = 'insert into audit (at, actor, action, detail) values ($1, $2, $3, $4)';
const insertAudit = (q: Queryable, e: AuditEntry): Promise<unknown> => q.query(auditInsert, [e.at, e.actor, e.action, e.detail]);

export class PostgresRepository implements Repository {
  readonly kind = 'postgres';
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      try {
        const result = await fn(client);
        await client.query('commit');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is dropped, not handed to the next caller.
        broken = await client.query('rollback').then(
          () => undefined,
          (rollbackError: Error) => rollbackError,
        );
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  private async all<R extends pg.QueryResultRow, T>(sql: string, params: unknown[], map: (row: R) => T): Promise<T[]> {
    return (await this.pool.query<R>(sql, params)).rows.map(map);
  }

  /** Work that must run in one process at a time across all servers on this database (the reminder tick, the notice job). */
  runExclusive<T>(name: string, fn: () => Promise<T>): Promise<ExclusiveResult<T>> {
    return runExclusiveOn(this.pool, name, fn);
  }

  counties(): Promise<CountyRecord[]> {
    return this.all(`select ${rows.COUNTY_COLUMNS} from counties order by seq`, [], rows.county);
  }

  addCounties(counties: readonly { name: string; code: string }[], actor: string, now: Date): Promise<number> {
    return this.transaction(async (c) => {
      const fresh: string[] = [];
      for (const county of counties) {
        const added = await c.query('insert into counties (name, code, added_at) values ($1, $2, $3) on conflict (name) do nothing returning name', [county.name, county.code, now.toISOString()]);
        if (added.rowCount === 1) fresh.push(county.name);
      }
      if (fresh.length > 0) await insertAudit(c, { at: now.toISOString(), actor, action: 'counties.add', detail: fresh.join('、') });
      return fresh.length;
    });
  }

  async member(channelId: string, userId: string): Promise<Member | undefined> {
    const found = await this.all(`select ${rows.MEMBER_COLUMNS} from members where channel_id = $1 and user_id = $2`, [channelId, userId], rows.member);
    return found[0];
  }

  members(): Promise<Member[]> {
    return this.all(`select ${rows.MEMBER_COLUMNS} from members order by seq`, [], rows.member);
  }

  invites(): Promise<Invite[]> {
    return this.all(`select ${rows.INVITE_COLUMNS} from invites order by seq`, [], rows.invite);
  }

  addInvite(invite: Invite): Promise<void> {
    return this.transaction(async (c) => {
      await c.query(`insert into invites (${rows.INVITE_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        invite.codeHash,
        invite.county,
        invite.role,
        invite.createdAt,
        invite.expiresAt,
        invite.createdBy,
        invite.usedAt,
        invite.usedBy,
      ]);
      await insertAudit(c, { at: invite.createdAt, actor: invite.createdBy, action: 'invite.create', detail: `${invite.role} ${invite.county ?? '全市'}，有效期至 ${invite.expiresAt}` });
    });
  }

  redeemInvite(codeHash: string, user: { channelId: string; userId: string; name: string | null }, now: Date): Promise<RedeemResult> {
    return this.transaction<RedeemResult>(async (c) => {
      // The row lock makes racing callers take turns; the later ones then see used_at set.
      const found = (await c.query<rows.InviteRow>(`select ${rows.INVITE_COLUMNS} from invites where code_hash = $1 for update`, [codeHash])).rows[0];
      if (!found) return { ok: false, reason: 'unknown' };
      if (found.used_at !== null) return { ok: false, reason: 'used' };
      const at = now.toISOString();
      if (found.expires_at <= at) return { ok: false, reason: 'expired' };
      const who = `${user.channelId}:${user.userId}`;
      await c.query('update invites set used_at = $2, used_by = $3 where code_hash = $1', [codeHash, at, who]);
      const before = (await c.query<rows.MemberRow>(`select ${rows.MEMBER_COLUMNS} from members where channel_id = $1 and user_id = $2 for update`, [user.channelId, user.userId])).rows[0];
      const previous = before ? rows.member(before) : null;
      const member: Member = { channelId: user.channelId, userId: user.userId, name: user.name, role: found.role, county: found.county, boundAt: at };
      await c.query(
        `insert into members (${rows.MEMBER_COLUMNS}) values ($1, $2, $3, $4, $5, $6)
         on conflict (channel_id, user_id) do update set name = excluded.name, role = excluded.role, county = excluded.county, bound_at = excluded.bound_at`,
        [member.channelId, member.userId, member.name, member.role, member.county, member.boundAt],
      );
      await insertAudit(c, {
        at,
        actor: who,
        action: 'member.bind',
        detail: `${found.role} ${found.county ?? '全市'}${previous ? `（原为 ${previous.role} ${previous.county ?? '全市'}）` : ''}`,
      });
      return { ok: true, member, previous };
    });
  }

  setToken(token: ApiToken): Promise<void> {
    return this.transaction(async (c) => {
      const replaced = ((await c.query('select 1 from tokens where county = $1 for update', [token.county])).rowCount ?? 0) > 0;
      await c.query(
        `insert into tokens (county, token_hash, created_at, created_by) values ($1, $2, $3, $4)
         on conflict (county) do update set token_hash = excluded.token_hash, created_at = excluded.created_at, created_by = excluded.created_by`,
        [token.county, token.tokenHash, token.createdAt, token.createdBy],
      );
      await insertAudit(c, { at: token.createdAt, actor: token.createdBy, action: 'token.issue', detail: `${token.county}${replaced ? '（旧令牌已作废）' : ''}` });
    });
  }

  async countyForToken(tokenHash: string): Promise<string | undefined> {
    return (await this.pool.query<{ county: string }>('select county from tokens where token_hash = $1', [tokenHash])).rows[0]?.county;
  }

  async tokenCount(): Promise<number> {
    return (await this.pool.query<{ n: number }>('select count(*)::int as n from tokens')).rows[0]!.n;
  }

  async saveConversation(r: ConversationRecord): Promise<void> {
    await this.pool.query(
      `insert into conversations (${rows.CONVERSATION_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (key) do update set channel_id = excluded.channel_id, user_id = excluded.user_id, county = excluded.county,
         role = excluded.role, reference = excluded.reference, updated_at = excluded.updated_at`,
      [r.key, r.channelId, r.userId, r.county, r.role, r.reference === undefined ? null : JSON.stringify(r.reference), r.updatedAt],
    );
  }

  conversations(): Promise<ConversationRecord[]> {
    return this.all(`select ${rows.CONVERSATION_COLUMNS} from conversations order by seq`, [], rows.conversation);
  }

  addSubmission(s: NewSubmission): Promise<SubmissionRecord> {
    return this.transaction(async (c) => {
      // max(version) locks no row when there is none yet: the advisory lock serialises the numbering itself.
      await c.query('select pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE.submissions, `${s.county}/${s.period}`]);
      const code = (await c.query<{ code: string }>('select code from counties where name = $1', [s.county])).rows[0]?.code ?? s.county;
      const version = (await c.query<{ v: number }>('select coalesce(max(version), 0)::int + 1 as v from submissions where county = $1 and period = $2', [s.county, s.period])).rows[0]!.v;
      const base = `submissions/${code}/${s.period}/v${version}`;
      const { original, snapshot, ...fields } = s;
      const record: SubmissionRecord = { ...fields, id: `${code}-${s.period}-v${version}`, version, file: `${base}.${s.format}`, history: snapshot ? `${base}.history.json` : null };
      await insertSubmissions(c, [record]);
      await c.query(`insert into submission_files (submission_id, kind, content) values ($1, 'original', $2)`, [record.id, original]);
      if (snapshot) await c.query(`insert into submission_files (submission_id, kind, content) values ($1, 'history', $2)`, [record.id, Buffer.from(JSON.stringify(snapshot))]);
      await insertAudit(c, { at: s.receivedAt, actor: `${s.sender.kind}:${s.sender.id}`, action: 'submission.add', detail: `${s.county} ${s.period} v${version} ${s.status} sha256=${s.sha256}` });
      return record;
    });
  }

  submissions(filter: { county?: string; period?: string } = {}): Promise<SubmissionRecord[]> {
    // An empty string filters nothing, as in the lowdb store.
    return selectSubmissions(this.pool, 'where ($1::text is null or s.county = $1) and ($2::text is null or s.period = $2)', [filter.county || null, filter.period || null]);
  }

  async counts(): Promise<{ counties: number; submissions: number }> {
    const r = (await this.pool.query<{ counties: number; submissions: number }>('select (select count(*) from counties)::int as counties, (select count(*) from submissions)::int as submissions')).rows[0]!;
    return { counties: r.counties, submissions: r.submissions };
  }

  private async file(record: SubmissionRecord, kind: 'original' | 'history'): Promise<Buffer> {
    const found = (await this.pool.query<{ content: Buffer }>('select content from submission_files where submission_id = $1 and kind = $2', [record.id, kind])).rows[0];
    if (!found) throw new Error(`no ${kind} file for submission ${record.id}`);
    return found.content;
  }

  async history(record: SubmissionRecord): Promise<HistorySnapshot | null> {
    if (!record.history) return null;
    return JSON.parse((await this.file(record, 'history')).toString('utf8')) as HistorySnapshot;
  }

  original(record: SubmissionRecord): Promise<Buffer> {
    return this.file(record, 'original');
  }

  async claimReminder(key: string, now: Date): Promise<boolean> {
    const inserted = await this.pool.query(
      `insert into reminders (key, status, claimed_at, done_at, detail, attempts) values ($1, 'claimed', $2, null, '', 1) on conflict (key) do nothing returning key`,
      [key, now.toISOString()],
    );
    return inserted.rowCount === 1;
  }

  async claimReminders(keys: readonly string[], now: Date): Promise<string[]> {
    if (keys.length === 0) return [];
    // One statement: each key is inserted by exactly one caller; the others find it there.
    const inserted = await this.pool.query<{ key: string }>(
      `insert into reminders (key, status, claimed_at, done_at, detail, attempts)
       select k, 'claimed', $2, null, '', 1 from unnest($1::text[]) with ordinality as t(k, n) order by n
       on conflict (key) do nothing returning key`,
      [[...new Set(keys)], now.toISOString()],
    );
    const taken = new Set(inserted.rows.map((r) => r.key));
    return keys.filter((k, i) => taken.has(k) && keys.indexOf(k) === i);
  }

  async markReminders(marks: readonly ReminderMark[], now: Date): Promise<void> {
    if (marks.length === 0) return;
    await this.transaction(async (c) => {
      const updated = await c.query(
        `update reminders set status = m.status, detail = m.detail, done_at = $4
         from unnest($1::text[], $2::text[], $3::text[]) as m(key, status, detail) where reminders.key = m.key`,
        [marks.map((m) => m.key), marks.map((m) => m.status), marks.map((m) => m.detail), now.toISOString()],
      );
      // All or nothing, as in lowdb: a key never claimed rolls the whole write back.
      if (updated.rowCount !== new Set(marks.map((m) => m.key)).size) throw new Error(`a reminder in ${marks.map((m) => m.key).join(', ').slice(0, 200)} was never claimed`);
    });
  }

  async retryReminder(key: string, now: Date): Promise<boolean> {
    // One statement: of two callers the second finds it no longer failed.
    const taken = await this.pool.query(
      `update reminders set status = 'claimed', claimed_at = $2, done_at = null, attempts = attempts + 1 where key = $1 and status = 'failed' returning key`,
      [key, now.toISOString()],
    );
    return taken.rowCount === 1;
  }

  async markReminder(key: string, status: 'sent' | 'failed', detail: string, now: Date): Promise<void> {
    const updated = await this.pool.query('update reminders set status = $2, detail = $3, done_at = $4 where key = $1', [key, status, detail, now.toISOString()]);
    if (updated.rowCount !== 1) throw new Error(`reminder ${key} was never claimed`);
  }

  reminders(keys?: readonly string[]): Promise<ReminderRecord[]> {
    if (keys) return this.all(`select ${rows.REMINDER_COLUMNS} from reminders where key = any($1::text[]) order by seq`, [[...keys]], rows.reminder);
    return this.all(`select ${rows.REMINDER_COLUMNS} from reminders order by seq`, [], rows.reminder);
  }

  addNotice(notice: NoticeRecord): Promise<void> {
    return this.transaction(async (c) => {
      await c.query(`insert into notices (${rows.NOTICE_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        notice.id,
        notice.period,
        notice.createdAt,
        notice.createdBy,
        notice.text,
        notice.postedAt,
        notice.revision,
        notice.docNumber,
        JSON.stringify(notice.content ?? null),
      ]);
      await insertAudit(c, { at: notice.createdAt, actor: notice.createdBy, action: 'notice.add', detail: `${notice.period} ${notice.id}` });
    });
  }

  notices(): Promise<NoticeRecord[]> {
    return this.all(`select ${rows.NOTICE_COLUMNS} from notices order by seq`, [], rows.notice);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await insertAudit(this.pool, entry);
  }

  auditLog(): Promise<AuditEntry[]> {
    return this.all('select at, actor, action, detail from audit order by id', [], rows.audit);
  }

  async linkSecret(): Promise<Buffer> {
    // Insert-if-absent, then read: servers starting together all end up with the first one's secret.
    await this.pool.query(`insert into settings (key, value) values ('link-secret', $1) on conflict (key) do nothing`, [randomBytes(32).toString('base64')]);
    const value = (await this.pool.query<{ value: string }>(`select value from settings where key = 'link-secret'`)).rows[0]!.value;
    return Buffer.from(value, 'base64');
  }

  // --- Whole-store copy (jieneng store copy, transfer.ts): records and files exactly as kept. ---

  exportAll<T>(fn: (data: StoreData, file: FileSource) => Promise<T>): Promise<T> {
    return transfer.exportAll(this.pool, fn);
  }

  importAll(data: StoreData, file: FileSource): Promise<void> {
    return transfer.importAll(this.pool, data, file);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/**
 * Opens the store at a postgres:// address: checks the address, connects, applies the migrations
 * the database has not run. Every failure a user can fix is a PostgresStoreError (a ConfigError)
 * with a Chinese message; the password is never repeated.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresRepository> {
  const target = parseStoreUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
    application_name: options.applicationName ?? 'jieneng',
  });
  // An idle connection that breaks (a database restart) must not bring the process down.
  pool.on('error', (err) => logLine('store', `PostgreSQL 连接中断（${redactUrl(url)}）：${err.message}`));
  try {
    const applied = await migrate(pool, target.database, await loadMigrations());
    // 001 was edited before release (issues and indicators left their JSON columns): a database made by the
    // earlier 001 has run #1 and would fail on the first submission, so it is refused here instead.
    const stale = (await pool.query<{ missing: boolean }>(`select to_regclass('submission_issues') is null as missing`)).rows[0]!.missing;
    if (stale) throw schemaStaleError(target.database);
    if (applied.length > 0) logLine('store', `数据库 ${redactUrl(url)} 已升级数据表：${applied.map((v) => `#${v}`).join('、')}`);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw startupError(err, target);
  }
  return new PostgresRepository(pool);
}

/** Runs `fn` in one process at a time across every server on the store's database. */
export function runExclusive<T>(repo: PostgresRepository, name: string, fn: () => Promise<T>): Promise<ExclusiveResult<T>> {
  return repo.runExclusive(name, fn);
}

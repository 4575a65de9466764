/**
 * The PostgreSQL side of a whole-store copy (../transfer.ts). Export reads every table in one
 * repeatable-read transaction, so servers writing meanwhile cannot make the copy inconsistent.
 * Import writes in one transaction, in rows of several records per statement (a city's 50,000
 * versions go in minutes, not hours), with the identity columns numbering rows in the source's order.
 */
import type pg from 'pg';
import { assertEmpty, TABLES, type FileKind, type FileSource } from '../transfer.js';
import type { StoreData, SubmissionRecord } from '../types.js';
import * as rows from './rows.js';
import { insertSubmissions, selectSubmissions } from './submissions.js';

/** File bytes per statement. */
const MAX_FILE_BATCH = 16 * 1024 * 1024;
/** The tables holding parts of a submission, locked and analysed with the others. */
const SUBMISSION_PARTS = 'submission_files, submission_issues, submission_indicators';

const cols = (list: string): string[] => list.split(',').map((c) => c.trim());

export async function exportAll<T>(pool: pg.Pool, fn: (data: StoreData, file: FileSource) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const all = async <R extends pg.QueryResultRow, V>(sql: string, map: (row: R) => V): Promise<V[]> => (await client.query<R>(sql)).rows.map(map);
    const data: StoreData = {
      schema: 1,
      counties: await all(`select ${rows.COUNTY_COLUMNS} from counties order by seq`, rows.county),
      members: await all(`select ${rows.MEMBER_COLUMNS} from members order by seq`, rows.member),
      invites: await all(`select ${rows.INVITE_COLUMNS} from invites order by seq`, rows.invite),
      // Tokens have no insertion order here (one per county, replaced in place): by county.
      tokens: await all('select county, token_hash, created_at, created_by from tokens order by county', (r: { county: string; token_hash: string; created_at: string; created_by: string }) => ({
        county: r.county,
        tokenHash: r.token_hash,
        createdAt: r.created_at,
        createdBy: r.created_by,
      })),
      conversations: await all(`select ${rows.CONVERSATION_COLUMNS} from conversations order by seq`, rows.conversation),
      submissions: await selectSubmissions(client, '', []),
      reminders: await all(`select ${rows.REMINDER_COLUMNS} from reminders order by seq`, rows.reminder),
      notices: await all(`select ${rows.NOTICE_COLUMNS} from notices order by seq`, rows.notice),
      audit: await all('select at, actor, action, detail from audit order by id', rows.audit),
    };
    const file: FileSource = async (record, kind) => {
      const found = (await client.query<{ content: Buffer }>('select content from submission_files where submission_id = $1 and kind = $2', [record.id, kind])).rows[0];
      if (!found) throw new Error(`no ${kind} file for submission ${record.id}`);
      return found.content;
    };
    const result = await fn(data, file);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function insertFiles(client: pg.PoolClient, submissions: readonly SubmissionRecord[], file: FileSource): Promise<void> {
  let batch: unknown[][] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    await rows.insertRows(client, 'submission_files', ['submission_id', 'kind', 'content'], batch);
    batch = [];
    size = 0;
  };
  for (const record of submissions) {
    const kinds: FileKind[] = record.history ? ['original', 'history'] : ['original'];
    for (const kind of kinds) {
      const content = await file(record, kind);
      batch.push([record.id, kind, content]);
      size += content.length;
      if (size >= MAX_FILE_BATCH) await flush();
    }
  }
  if (batch.length > 0) await flush();
}

async function tableCounts(client: pg.PoolClient): Promise<Record<(typeof TABLES)[number], number>> {
  const row = (await client.query<Record<string, number>>(`select ${TABLES.map((t) => `(select count(*) from ${t})::int as ${t}`).join(', ')}`)).rows[0]!;
  return Object.fromEntries(TABLES.map((t) => [t, row[t] ?? 0])) as Record<(typeof TABLES)[number], number>;
}

export async function importAll(pool: pg.Pool, data: StoreData, file: FileSource): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Nobody may write between the emptiness check and the commit (a server started on this database meanwhile).
    await client.query(`lock table ${TABLES.join(', ')}, ${SUBMISSION_PARTS} in exclusive mode`);
    assertEmpty(await tableCounts(client));
    const d = data;
    await rows.insertRows(client, 'counties', cols(rows.COUNTY_COLUMNS), d.counties.map((c) => [c.name, c.code, c.addedAt]));
    await rows.insertRows(client, 'members', cols(rows.MEMBER_COLUMNS), d.members.map((m) => [m.channelId, m.userId, m.name, m.role, m.county, m.boundAt]));
    await rows.insertRows(client, 'invites', cols(rows.INVITE_COLUMNS), d.invites.map((i) => [i.codeHash, i.county, i.role, i.createdAt, i.expiresAt, i.createdBy, i.usedAt, i.usedBy]));
    await rows.insertRows(client, 'tokens', ['county', 'token_hash', 'created_at', 'created_by'], d.tokens.map((t) => [t.county, t.tokenHash, t.createdAt, t.createdBy]));
    await rows.insertRows(
      client,
      'conversations',
      cols(rows.CONVERSATION_COLUMNS),
      d.conversations.map((c) => [c.key, c.channelId, c.userId, c.county, c.role, c.reference === undefined ? null : JSON.stringify(c.reference), c.updatedAt]),
    );
    await insertSubmissions(client, d.submissions);
    await insertFiles(client, d.submissions, file);
    await rows.insertRows(client, 'reminders', cols(rows.REMINDER_COLUMNS), d.reminders.map((r) => [r.key, r.status, r.claimedAt, r.doneAt, r.detail, r.attempts]));
    await rows.insertRows(client, 'notices', cols(rows.NOTICE_COLUMNS), d.notices.map((n) => [n.id, n.period, n.createdAt, n.createdBy, n.text, n.postedAt, n.revision, n.docNumber, JSON.stringify(n.content ?? null)]));
    await rows.insertRows(client, 'audit', ['at', 'actor', 'action', 'detail'], d.audit.map((a) => [a.at, a.actor, a.action, a.detail]));
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  // Fresh statistics, so the first queries after a copy plan for the copied rows rather than for empty tables.
  await pool.query(`analyze ${TABLES.join(', ')}, ${SUBMISSION_PARTS}`);
}

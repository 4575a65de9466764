/**
 * What only the PostgreSQL store has: migrations and their records, start-up errors in Chinese,
 * bytea uploads, and exclusive work across two pools (as two server processes would have).
 * Behaviour both backends share, including two pools racing for versions, invites and reminder
 * claims, is the contract suite's (contract.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ConfigError } from '../../../bot/config.js';
import { openPostgresStore, PostgresStoreError, runExclusive, type PostgresRepository } from '../../../bot/store/postgres-store.js';
import { newSubmission } from '../helpers.js';
import { freePort, testDatabaseUrl } from './pg-harness.js';

const NOW = new Date('2026-10-12T02:00:00.000Z');
const COUNTY = { name: '泽州县', code: '140525' };

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The open rejects with a PostgresStoreError of this problem; returns its message. */
async function refusal(url: string, problem: string, options = {}): Promise<string> {
  const err = await openPostgresStore(url, options).then(
    () => assert.fail('the store opened'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PostgresStoreError, `a PostgresStoreError, got ${String(err)}`);
  assert.ok(err instanceof ConfigError, 'a ConfigError: the command line and server print it without a stack');
  assert.equal(err.problem, problem, err.message);
  assert.match(err.message, /[\u4e00-\u9fff]/u, 'the message is in Chinese');
  assert.match(err.message, /JIENENG_STORE/u, 'the message names the setting');
  return err.message;
}

describe('bot/store/postgres-store', function () {
  // The first test may start the embedded server.
  this.timeout(60_000);
  const open: PostgresRepository[] = [];
  let url: string;

  async function openTracked(at = url): Promise<PostgresRepository> {
    const repo = await openPostgresStore(at);
    open.push(repo);
    return repo;
  }

  beforeEach(async () => {
    url = await testDatabaseUrl();
  });

  afterEach(async () => {
    while (open.length > 0) await open.pop()!.close();
  });

  describe('migrations', () => {
    it('creates the schema once, records it, and applies nothing on the next start', async () => {
      await (await openTracked()).close();
      const first = await query<{ version: number; name: string; applied_at: Date }>(url, 'select version, name, applied_at from schema_migrations order by version');
      assert.deepEqual(
        first.map((r) => [r.version, r.name]),
        [
          [1, 'init'],
          [2, 'settings'],
          [3, 'reminder_attempts_notice_revisions'],
        ],
      );
      const tables = await query<{ table_name: string }>(url, "select table_name from information_schema.tables where table_schema = 'public' order by table_name");
      assert.deepEqual(
        tables.map((t) => t.table_name),
        ['audit', 'conversations', 'counties', 'invites', 'members', 'notices', 'reminders', 'schema_migrations', 'settings', 'submission_files', 'submission_indicators', 'submission_issues', 'submissions', 'tokens'],
      );
      await (await openTracked()).close();
      const second = await query<{ version: number; applied_at: Date }>(url, 'select version, applied_at from schema_migrations');
      assert.deepEqual(
        second,
        first.map((r) => ({ version: r.version, applied_at: r.applied_at })),
      );
    });

    it('lets two processes start at once on an empty database: one applies, the other waits and applies nothing', async () => {
      await Promise.all([openTracked(), openTracked(), openTracked()]);
      assert.deepEqual(await query(url, 'select version from schema_migrations order by version'), [{ version: 1 }, { version: 2 }, { version: 3 }]);
    });

    it('refuses a database whose schema is newer than this code, in Chinese, and changes nothing', async () => {
      await (await openTracked()).close();
      await query(url, "insert into schema_migrations (version, name, applied_at) values (4, 'future', now())");
      const message = await refusal(url, 'schema-newer');
      assert.match(message, /数据表版本为 4，比本程序认识的版本 3 新/u);
      assert.equal((await query(url, 'select * from schema_migrations')).length, 4);
    });

    it('refuses a database made by the unreleased 001 that kept issues and indicators as JSON', async () => {
      await (await openTracked()).close();
      // What that 001 left: its migrations recorded as run, the JSON columns, no tables for them.
      await query(url, 'drop table submission_issues, submission_indicators');
      await query(url, "alter table submissions add column issues json not null default '[]', add column indicators json not null default '{}'");
      const message = await refusal(url, 'schema-stale');
      assert.match(message, /删除并重建此数据库/u);
      assert.deepEqual(await query(url, 'select version from schema_migrations order by version'), [{ version: 1 }, { version: 2 }, { version: 3 }]);
    });
  });

  describe('start-up errors', () => {
    const secret = 'S3cret-pw-never-shown';

    it('a malformed address names the expected form and hides the password', async () => {
      for (const bad of [`postgres://admin:${secret}@db.example`, `mysql://admin:${secret}@db/jieneng`, `admin:${secret}@db/jieneng`, 'postgres://']) {
        const message = await refusal(bad, 'url');
        assert.ok(!message.includes(secret), message);
        assert.match(message, /postgres:\/\/用户名:密码@主机:5432\/数据库名/u);
      }
    });

    it('a port nobody listens on: connection refused', async () => {
      const port = await freePort();
      const message = await refusal(`postgres://admin:${secret}@127.0.0.1:${port}/jieneng`, 'refused');
      assert.match(message, new RegExp(`127\\.0\\.0\\.1:${port}：连接被拒绝`, 'u'));
      assert.ok(!message.includes(secret));
    });

    it('a host name that does not resolve', async () => {
      const message = await refusal(`postgres://admin:${secret}@no-such-host.invalid/jieneng`, 'host', { connectionTimeoutMillis: 5000 });
      assert.match(message, /找不到 PostgreSQL 服务器“no-such-host\.invalid”/u);
      assert.ok(!message.includes(secret));
    });

    it('a wrong password: login refused, neither password shown', async () => {
      const wrong = new URL(url);
      const right = decodeURIComponent(wrong.password);
      wrong.password = secret;
      const message = await refusal(wrong.toString(), 'auth');
      assert.match(message, /拒绝了用户“postgres”的登录/u);
      assert.ok(!message.includes(secret) && !message.includes(right), message);
    });

    it('a database that does not exist says how to create it', async () => {
      const missing = new URL(url);
      missing.pathname = '/jieneng_no_such_db';
      const message = await refusal(missing.toString(), 'no-database');
      assert.match(message, /没有数据库“jieneng_no_such_db”。请先创建它（如 CREATE DATABASE "jieneng_no_such_db";）/u);
    });

    it('a server that accepts the connection but never answers: timeout', async () => {
      const { createServer } = await import('node:net');
      const silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      try {
        await refusal(`postgres://admin:${secret}@127.0.0.1:${port}/jieneng`, 'timeout', { connectionTimeoutMillis: 300 });
      } finally {
        silent.close();
      }
    });
  });

  describe('exclusive work across processes', () => {
    it('runExclusive runs the work in one holder at a time, then lets the next one in', async () => {
      const a = await openTracked();
      const b = await openTracked();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const first = runExclusive(a, 'reminder-tick', async () => {
        started();
        await held;
        return 'a';
      });
      await running;
      assert.deepEqual(await runExclusive(b, 'reminder-tick', () => Promise.resolve('b')), { ran: false });
      assert.deepEqual(await a.runExclusive('reminder-tick', () => Promise.resolve('a2')), { ran: false }, 'also another caller in the same process');
      assert.deepEqual(await b.runExclusive('notice-job', () => Promise.resolve('other')), { ran: true, value: 'other' }, 'other work is not held up');
      release();
      assert.deepEqual(await first, { ran: true, value: 'a' });
      assert.deepEqual(await runExclusive(b, 'reminder-tick', () => Promise.resolve('b')), { ran: true, value: 'b' });
      await assert.rejects(
        b.runExclusive('reminder-tick', () => Promise.reject(new Error('boom'))),
        /boom/u,
      );
      assert.deepEqual(await a.runExclusive('reminder-tick', () => Promise.resolve(1)), { ran: true, value: 1 }, 'work that threw released the lock');
    });
  });

  describe('storage', () => {
    it('keeps a 5 MB upload exactly (bytea) and the history snapshot beside it', async () => {
      const repo = await openTracked();
      await repo.addCounties([COUNTY], 'cli', NOW);
      const bytes = randomBytes(5 * 1024 * 1024);
      const snapshot = { period: '2026Q3', county: '泽州县', staff: 1, totals: {}, institutions: {} } as never;
      const record = await repo.addSubmission(newSubmission({ original: bytes, bytes: bytes.length, snapshot }));
      assert.ok((await repo.original(record)).equals(bytes));
      assert.deepEqual(await repo.history(record), snapshot);
      const files = await query<{ kind: string; size: number }>(url, 'select kind, octet_length(content) as size from submission_files order by kind');
      assert.deepEqual(files, [
        { kind: 'history', size: Buffer.byteLength(JSON.stringify(snapshot)) },
        { kind: 'original', size: bytes.length },
      ]);
    });

    it('returns records exactly as given: ISO strings, key order, nulls, -0', async () => {
      const repo = await openTracked();
      await repo.addCounties([COUNTY], 'cli', NOW);
      const outlier = { severity: 'warning', code: 'outlier', sheet: '能耗', cell: 'B7', row: 7, column: 'B', field: '年耗电量', value: 12.5, message: '偏高' } as const;
      const issues = [outlier, { ...outlier, cell: 'B8', row: 8, value: -0 }];
      const indicators = { 单位建筑面积能耗: 12.5, 人均能耗: null, 人均水耗: 0.1 + 0.2, 'pv.planned_kw': -0 };
      const record = await repo.addSubmission(newSubmission({ issues, issueCount: 1, indicators, sender: { kind: 'member', id: 'msteams:u1', name: '张三' } }));
      const [stored] = await repo.submissions();
      assert.deepEqual(stored, record);
      assert.equal(JSON.stringify(stored!.issues), JSON.stringify(issues), 'keys keep their order');
      assert.equal(JSON.stringify(stored!.indicators), JSON.stringify(indicators));
      assert.ok(Object.is(stored!.issues[1]!.value, -0) && Object.is(stored!.indicators['pv.planned_kw'], -0), '-0 stays -0');
      assert.equal(stored!.receivedAt, '2026-10-12T02:00:00.000Z');
      assert.equal(record.id, '140525-2026Q3-v1');
    });

    it('refuses rows that break the constraints (a submission for a county never added)', async () => {
      const repo = await openTracked();
      await assert.rejects(repo.addSubmission(newSubmission({ county: '无此县' })), /foreign key/u);
      assert.deepEqual(await repo.submissions(), []);
      assert.deepEqual(await repo.auditLog(), [], 'the failed transaction left no audit entry');
    });
  });
});

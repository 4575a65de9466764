/**
 * The server on PostgreSQL (JIENENG_STORE): the demo seeded into the database, /healthz and the
 * start-up log naming the backend (the address without its password), no lock or store file in
 * the data directory, the link secret kept in the database; a bad address stops start-up with the
 * Chinese message.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { LINK_SECRET_FILE } from '../../../bot/access/signed-links.js';
import { ConfigError, loadConfig } from '../../../bot/config.js';
import { startServer } from '../../../bot/server/start.js';
import { LOCK_FILE, STORE_FILE } from '../../../bot/store/lowdb-store.js';
import { tempDir } from '../helpers.js';
import { testDatabaseUrl } from '../store/pg-harness.js';

describe('e2e: the server on PostgreSQL', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });

  afterEach(async () => {
    await cleanup();
  });

  it('seeds the demo into the database and says so in /healthz and the log', async () => {
    const url = await testDatabaseUrl();
    const lines: string[] = [];
    const config = loadConfig({ JIENENG_DATA: dir, PORT: '0', JIENENG_STORE: url });
    const server = await startServer(config, { log: (l) => lines.push(l), now: () => new Date('2026-10-10T02:00:00Z') });
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { store: string; counties: number; submissions: number };
      assert.deepEqual([health.store, health.counties, health.submissions], ['postgres', 6, 10]);
      const log = lines.join('\n');
      assert.match(log, /数据存储：PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/jieneng_test_\w+（6 个县（市、区），10 份提交）/u);
      assert.ok(!log.includes(decodeURIComponent(new URL(url).password)), 'the password is not logged');
      assert.match(log, /督导员邀请码/u);
      for (const file of [STORE_FILE, LOCK_FILE, LINK_SECRET_FILE]) assert.equal(existsSync(join(dir, file)), false, `no ${file} in the data directory`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const rows = (await client.query<{ value: string }>("select value from settings where key = 'link-secret'")).rows;
        assert.equal(Buffer.from(rows[0]!.value, 'base64').length, 32, 'the link secret is in the database');
      } finally {
        await client.end();
      }
    } finally {
      await server.close();
    }
  });

  it('two servers starting together on one empty database seed the demo once (review)', async () => {
    const url = await testDatabaseUrl();
    const other = await tempDir();
    try {
      const start = (data: string) => startServer(loadConfig({ JIENENG_DATA: data, PORT: '0', JIENENG_STORE: url }), { log: () => undefined, now: () => new Date('2026-10-10T02:00:00Z') });
      const servers = await Promise.all([start(dir), start(other.dir)]);
      try {
        for (const server of servers) {
          const health = (await (await fetch(`${server.url}/healthz`)).json()) as { submissions: number };
          assert.equal(health.submissions, 10, 'one demo, not two');
        }
      } finally {
        await Promise.all(servers.map((x) => x.close()));
      }
    } finally {
      await other.cleanup();
    }
  });

  it('a store address that does not work stops start-up with a ConfigError', async () => {
    const config = loadConfig({ JIENENG_DATA: dir, PORT: '0', JIENENG_STORE: 'postgres://jn:pw@127.0.0.1:1/jieneng' });
    await assert.rejects(startServer(config, { log: () => undefined }), (err: unknown) => err instanceof ConfigError && /连接被拒绝/u.test(err.message));
  });
});

/** openRepository: the configured backend, the lowdb lock only for lowdb, errors a user can act on. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../bot/config.js';
import { StoreLockedError } from '../../../bot/store/lock.js';
import { LOCK_FILE, STORE_FILE } from '../../../bot/store/lowdb-store.js';
import { describeStore, openRepository } from '../../../bot/store/open.js';
import { redactUrl } from '../../../bot/store/postgres/redact.js';
import type { Repository } from '../../../bot/store/types.js';
import { tempDir } from '../helpers.js';
import { testDatabaseUrl } from './pg-harness.js';

describe('bot/store/open', function () {
  // The first PostgreSQL test may start the embedded server.
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  const open: Repository[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });

  afterEach(async () => {
    while (open.length > 0) await open.pop()!.close();
    await cleanup();
  });

  it('opens the lowdb file under the data directory, under its lock, when no store is set', async () => {
    const repo = await openRepository({ dataDir: dir }, 'server');
    open.push(repo);
    assert.equal(repo.kind, 'lowdb');
    await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', new Date());
    assert.ok(existsSync(join(dir, STORE_FILE)));
    await assert.rejects(openRepository({ dataDir: dir, store: undefined }, 'jieneng invite'), StoreLockedError);
    assert.equal(describeStore({ dataDir: dir }), `lowdb 文件 ${join(dir, STORE_FILE)}`);
  });

  it('opens PostgreSQL for a postgres:// store, without the data-directory lock: several servers share it', async () => {
    const url = await testDatabaseUrl();
    const a = await openRepository({ dataDir: dir, store: url }, 'server');
    open.push(a);
    const b = await openRepository({ dataDir: dir, store: url }, 'server');
    open.push(b);
    assert.deepEqual([a.kind, b.kind], ['postgres', 'postgres']);
    await a.addCounties([{ name: '泽州县', code: '140525' }], 'cli', new Date());
    assert.deepEqual((await b.counties()).map((c) => c.name), ['泽州县'], 'both see one database');
    assert.equal(existsSync(join(dir, LOCK_FILE)) || existsSync(join(dir, STORE_FILE)), false, 'nothing of the store in the data directory');
    const described = describeStore({ dataDir: dir, store: url });
    assert.match(described, /^PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/jieneng_test_/u);
    assert.ok(!described.includes(decodeURIComponent(new URL(url).password)));
  });

  it('a store address that does not work is a ConfigError in Chinese, without the password', async () => {
    const err = await openRepository({ dataDir: dir, store: 'postgres://jn:S3cret-pw@127.0.0.1:1/jieneng' }, 'server').then(
      () => assert.fail('opened'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /无法连接 PostgreSQL 服务器 127\.0\.0\.1:1：连接被拒绝/u);
    assert.ok(!err.message.includes('S3cret-pw'));
  });

  it('a password given in the query string (?password=) is hidden too, in messages and the start-up line (review)', async () => {
    for (const store of ['postgres://jn@127.0.0.1:1/jieneng?password=S3cret-pw', 'postgres://jn:x@127.0.0.1:1/jieneng?sslmode=disable&sslpassword=S3cret-pw&password=S3cret-pw']) {
      assert.ok(!redactUrl(store).includes('S3cret-pw'), redactUrl(store));
      assert.ok(!describeStore({ dataDir: dir, store }).includes('S3cret-pw'));
      const err = await openRepository({ dataDir: dir, store }, 'server').then(
        () => assert.fail('opened'),
        (e: unknown) => e as Error,
      );
      assert.ok(!err.message.includes('S3cret-pw'), err.message);
    }
    assert.equal(redactUrl('postgres://jn:pw@db/x?password=pw'), 'postgres://jn:***@db/x?password=***');
  });
});

/**
 * What only the lowdb repository has, on a real JSON file in a temp dir: uploads as files, the
 * store file itself, the link-secret file, a damaged store file, failed writes, and the
 * data-directory lock (in this process, stale locks naming a reused PID or another host, the older
 * lock-file format, and a real second process). Crash and timing cases: lock.test.ts.
 * Behaviour every backend shares is the contract suite's (contract.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HOLDER_FILE, LOCK_FILE, openStore, STORE_FILE, StoreFormatError } from '../../../bot/store/lowdb-store.js';
import { StoreLockedError } from '../../../bot/store/lock.js';
import type { Repository, StoreData } from '../../../bot/store/types.js';
import { LINK_SECRET_FILE, loadLinkSecret } from '../../../bot/access/signed-links.js';
import { newSubmission, tempDir, tinySnapshot } from '../helpers.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NOW = new Date('2026-10-12T02:00:00.000Z');


describe('bot/store/lowdb-store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const open: Repository[] = [];

  async function openTracked(purpose = 'test'): Promise<Repository> {
    const repo = await openStore(dir, purpose, NOW);
    open.push(repo);
    return repo;
  }

  async function closeAll(): Promise<void> {
    while (open.length > 0) await open.pop()!.close();
  }

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });

  afterEach(async () => {
    await closeAll();
    await cleanup();
  });

  describe('the file and the data directory', () => {
    it('keeps uploads and history snapshots as files under the data directory, and records in the store file', async () => {
      const repo = await openTracked();
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', NOW);
      const record = await repo.addSubmission(newSubmission({ original: Buffer.from('原始文件'), snapshot: tinySnapshot() }));
      assert.deepEqual(await readFile(join(dir, record.file)), Buffer.from('原始文件'));
      assert.deepEqual(JSON.parse(await readFile(join(dir, record.history!), 'utf8')), tinySnapshot());
      assert.equal(await repo.claimReminder('k', NOW), true);
      await repo.markReminder('k', 'failed', '发送失败：超时', NOW);
      await closeAll();
      assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'close releases the lock');
      const json = JSON.parse(await readFile(join(dir, STORE_FILE), 'utf8')) as StoreData;
      assert.deepEqual(json.submissions, [record]);
      assert.deepEqual(
        json.reminders.map((r) => [r.key, r.status, r.detail]),
        [['k', 'failed', '发送失败：超时']],
      );
    });

    it('does not rewrite the file when every county given is known', async () => {
      const repo = await openTracked();
      const counties = [
        { name: '城区', code: '140502' },
        { name: '泽州县', code: '140525' },
      ];
      assert.equal(await repo.addCounties(counties, 'test', NOW), 2);
      const before = await stat(join(dir, STORE_FILE));
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(await repo.addCounties(counties, 'test', NOW), 0);
      assert.equal((await stat(join(dir, STORE_FILE))).mtimeMs, before.mtimeMs, 'no write when nothing is new');
    });

    it('keeps the link secret in the file link-secret of the data directory, as the server always has', async () => {
      const repo = await openTracked();
      const secret = await repo.linkSecret();
      assert.deepEqual(await readFile(join(dir, LINK_SECRET_FILE)), secret);
      assert.deepEqual(await loadLinkSecret(dir), secret, 'links signed before the store made it are still accepted');
    });
  });

  describe('damaged store file', () => {
    it('refuses corrupted JSON with a Chinese StoreFormatError and leaves the file byte-identical', async () => {
      const file = join(dir, STORE_FILE);
      const broken = Buffer.from('{"schema": 1, "counties": [{"name": "泽州县"', 'utf8');
      await writeFile(file, broken);
      await assert.rejects(openStore(dir, 'test', NOW), (err: unknown) => {
        assert.ok(err instanceof StoreFormatError);
        assert.match(err.message, /无法读取/u);
        assert.match(err.message, /JSON 格式损坏/u);
        assert.match(err.message, /备份恢复/u);
        return true;
      });
      assert.deepEqual(await readFile(file), broken);
      assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'the lock is released when opening fails');
      // Nothing holds the directory: once the file is fixed, it opens.
      await writeFile(file, JSON.stringify({ schema: 1, counties: [], members: [], invites: [], tokens: [], conversations: [], submissions: [], reminders: [], notices: [], audit: [] }));
      const repo = await openTracked();
      assert.deepEqual((await repo.counties()), []);
    });

    it('refuses a JSON file of another shape or schema version, unchanged', async () => {
      const file = join(dir, STORE_FILE);
      for (const [content, phrase] of [
        ['{"schema": 2}', /版本不符/u],
        ['{"schema": 1, "counties": []}', /缺少 members/u],
        ['[1, 2]', /不是节能通数据文件/u],
      ] as const) {
        await writeFile(file, content);
        await assert.rejects(openStore(dir, 'test', NOW), (err: unknown) => err instanceof StoreFormatError && phrase.test(err.message));
        assert.equal(await readFile(file, 'utf8'), content);
      }
    });
  });

  describe('failed writes', () => {
    /** steno writes `.jieneng.json.tmp` first: a directory of that name makes every write fail. */
    async function breakWrites(): Promise<void> {
      await mkdir(join(dir, `.${STORE_FILE}.tmp`));
    }

    it('drops a change whose write failed when the store file exists', async () => {
      const repo = await openTracked();
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', NOW);
      await breakWrites();
      await assert.rejects(repo.addCounties([{ name: '城区', code: '140502' }], 'cli', NOW));
      assert.deepEqual(
        (await repo.counties()).map((c) => c.name),
        ['泽州县'],
      );
      assert.equal((await repo.auditLog()).length, 1);
    });

    // With no file yet, lowdb's read() keeps the in-memory data: the rollback must reset it itself.
    it('drops a change whose write failed on a fresh store (no file yet)', async () => {
      const repo = await openTracked();
      await breakWrites();
      await assert.rejects(repo.addCounties([{ name: '城区', code: '140502' }], 'cli', NOW));
      assert.deepEqual((await repo.counties()), []);
      assert.deepEqual((await repo.auditLog()), []);
    });
  });

  describe('lock', () => {
    it('refuses a second open of the same directory in one process, naming the holder', async () => {
      const repo = await openTracked('jieneng invite');
      await assert.rejects(openStore(dir, 'test', NOW), (err: unknown) => {
        assert.ok(err instanceof StoreLockedError);
        assert.equal(err.holder?.pid, process.pid);
        assert.match(err.message, /数据目录正被另一个命令占用/u);
        assert.match(err.message, /jieneng invite/u);
        return true;
      });
      // The failed attempt did not disturb the holder.
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'cli', NOW);
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number; purpose: string };
      assert.equal(holder.pid, process.pid);
      assert.equal(holder.purpose, 'jieneng invite');
      await closeAll();
      assert.equal(existsSync(join(dir, HOLDER_FILE)), false, 'close removes the holder file too');
      const again = await openTracked();
      assert.equal((await again.counties()).length, 1);
    });

    it('takes over a lock not refreshed for the stale time even when its holder names this very process and host (PID reuse)', async () => {
      // What kill -9 leaves when the restarted process gets the same PID (PID 1 in a container).
      const lock = join(dir, LOCK_FILE);
      await mkdir(lock);
      const old = new Date(Date.now() - 60_000);
      await utimes(lock, old, old);
      await writeFile(join(dir, HOLDER_FILE), JSON.stringify({ pid: process.pid, host: hostname(), purpose: 'server', since: '2026-01-01T00:00:00.000Z' }));
      const repo = await openTracked('test');
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number; purpose: string; since: string };
      assert.equal(holder.purpose, 'test');
      assert.equal(holder.since, NOW.toISOString());
      await repo.addCounties([{ name: '城区', code: '140502' }], 'cli', NOW);
      assert.equal((await repo.counties()).length, 1);
    });

    it('takes over a stale lock whose holder ran on another host (the hostname changed)', async () => {
      const lock = join(dir, LOCK_FILE);
      await mkdir(lock);
      const old = new Date(Date.now() - 60_000);
      await utimes(lock, old, old);
      await writeFile(join(dir, HOLDER_FILE), JSON.stringify({ pid: 1, host: 'container-before-restart', purpose: 'server', since: '2026-01-01T00:00:00.000Z' }));
      await openTracked('jieneng invite');
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number; host: string };
      assert.deepEqual([holder.pid, holder.host], [process.pid, hostname()]);
    });

    it('takes over a stale lock file of the older format, even one naming this PID or unreadable', async () => {
      const lock = join(dir, LOCK_FILE);
      const old = new Date(Date.now() - 60_000);
      for (const content of [JSON.stringify({ pid: process.pid, host: hostname(), purpose: 'server', since: '2026-01-01T00:00:00.000Z' }), '{"pid": 12']) {
        await writeFile(lock, content);
        await utimes(lock, old, old);
        await openTracked('test');
        assert.ok((await stat(lock)).isDirectory(), 'now a directory lock');
        await closeAll();
      }
    });

    it('refuses a real second process while the server holds the directory, and lets it in once released', async () => {
      await openTracked('server');
      const script = [
        "import { openStore } from './bot/store/lowdb-store.ts';",
        'try {',
        "  const repo = await openStore(process.argv[1], 'jieneng invite');",
        "  console.log('OPENED');",
        '  await repo.close();',
        '} catch (err) {',
        "  console.log(`${err.name}: ${err.message}`);",
        '}',
      ].join('\n');
      const child = () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { cwd: ROOT, encoding: 'utf8' });

      const refused = await child();
      assert.match(refused.stdout, /StoreLockedError/u);
      assert.match(refused.stdout, /数据目录正被运行中的服务占用/u);
      assert.ok(refused.stdout.includes(`进程 ${process.pid}，主机 ${hostname()}，自 2026-10-12 10:00 起`), refused.stdout);
      assert.match(refused.stdout, /邀请 泽州县 填报员/u);
      assert.doesNotMatch(refused.stdout, /OPENED/u);
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as { pid: number };
      assert.equal(holder.pid, process.pid, 'the refused process leaves the lock alone');

      await closeAll();
      const allowed = await child();
      assert.match(allowed.stdout, /OPENED/u);
      assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'the second process released the lock on close');
      assert.equal(existsSync(join(dir, HOLDER_FILE)), false);
    });
  });
});

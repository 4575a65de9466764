/**
 * Data at rest is owner-only: the data directory and every directory the store makes are 0700,
 * every file it writes 0600 (store file, uploads, history snapshots, lock and holder, demo
 * credentials), by explicit modes: the tests run under umask 000, where defaults would give 0777 / 0666.
 * A data directory or store file left looser by an older version is tightened at open and logged.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logFile } from '../../../bot/log.js';
import { saveCredentials } from '../../../bot/demo/seed.js';
import { HOLDER_FILE, LOCK_FILE, openStore, STORE_FILE } from '../../../bot/store/lowdb-store.js';
import { newSubmission, tempDir, tinySnapshot } from '../helpers.js';

const NOW = new Date('2026-10-12T02:00:00.000Z');
const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8);


describe('bot/store file modes', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let umask: number;

  beforeEach(async () => {
    ({ dir: root, cleanup } = await tempDir());
    umask = process.umask(0o000);
  });

  afterEach(async () => {
    process.umask(umask);
    await cleanup();
  });

  it('creates the data directory 0700 and writes the store, uploads, snapshots, lock and holder owner-only', async () => {
    const dir = join(root, 'data');
    const repo = await openStore(dir, 'server', NOW);
    try {
      assert.equal(await mode(dir), '700');
      assert.equal(await mode(join(dir, LOCK_FILE)), '700');
      assert.equal(await mode(join(dir, HOLDER_FILE)), '600');
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'test', NOW);
      const record = await repo.addSubmission(newSubmission({ snapshot: tinySnapshot() }));
      assert.equal(await mode(join(dir, STORE_FILE)), '600');
      assert.equal(await mode(join(dir, record.file)), '600');
      assert.equal(await mode(join(dir, record.history!)), '600');
      for (const sub of ['submissions', 'submissions/140525', 'submissions/140525/2026Q3']) assert.equal(await mode(join(dir, sub)), '700', sub);
    } finally {
      await repo.close();
    }
  });

  it('tightens a data directory and store file left 0755 / 0644, and logs it', async () => {
    const dir = join(root, 'data');
    await mkdir(dir);
    await chmod(dir, 0o755);
    const empty = { schema: 1, counties: [], members: [], invites: [], tokens: [], conversations: [], submissions: [], reminders: [], notices: [], audit: [] };
    await writeFile(join(dir, STORE_FILE), JSON.stringify(empty), { mode: 0o644 });
    const repo = await openStore(dir, 'test', NOW);
    try {
      assert.equal(await mode(dir), '700');
      assert.equal(await mode(join(dir, STORE_FILE)), '600');
      const log = await readFile(logFile(), 'utf8');
      assert.ok(log.includes(`[store] ${dir} 的权限为 0755，已收紧为 0700`), log);
      assert.ok(log.includes(`[store] ${join(dir, STORE_FILE)} 的权限为 0644，已收紧为 0600`), log);
    } finally {
      await repo.close();
    }
  });

  it('writes the demo credentials 0600, also over an older file that was 0644', async () => {
    const file = join(root, '演示账号.txt');
    await writeFile(file, 'old', { mode: 0o644 });
    const saved = await saveCredentials(root, { period: '2026Q3', supervisorCode: 'AAAA-BBBB', reporterCodes: { 泽州县: 'CCCC-DDDD' }, tokens: { 泽州县: 'jn_x' } }, 'http://localhost:3978');
    assert.equal(saved.file, file);
    assert.equal(await mode(file), '600');
    assert.match(await readFile(file, 'utf8'), /AAAA-BBBB/u);
  });
});

/** The command line's store commands: invite, token, demo data, the lock, PostgreSQL (JIENENG_STORE), and the Teams package. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { openStore, STORE_FILE } from '../../../bot/store/lowdb-store.js';
import type { StoreData } from '../../../bot/store/types.js';
import { hashSecret } from '../../../bot/access/secrets.js';
import { openPostgresStore } from '../../../bot/store/postgres-store.js';
import { tempDir } from '../helpers.js';
import { testDatabaseUrl } from '../store/pg-harness.js';
import { cliIn } from '../e2e/harness.js';

async function storeOf(dir: string): Promise<StoreData> {
  return JSON.parse(await readFile(join(dir, STORE_FILE), 'utf8')) as StoreData;
}

describe('cli: invite, token, demo, teams-package', function () {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async function () {
    ({ dir, cleanup } = await tempDir());
  });

  afterEach(async function () {
    await cleanup();
  });

  it('invite --format json prints {"code"} and stores only its hash', async function () {
    const r = await cliIn(dir, ['invite', '--county', '泽州', '--role', 'reporter', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const { code } = JSON.parse(r.out) as { code: string };
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/u);
    const raw = await readFile(join(dir, STORE_FILE), 'utf8');
    assert.ok(!raw.includes(code), 'the code itself is not stored');
    const store = JSON.parse(raw) as StoreData;
    assert.deepEqual(
      store.invites.map((i) => [i.county, i.role, i.codeHash]),
      [['泽州县', 'reporter', hashSecret(code)]],
    );
    assert.equal(store.counties.length, 6);
  });

  it('invite explains a missing county or a wrong role', async function () {
    const noCounty = await cliIn(dir, ['invite', '--role', 'reporter']);
    assert.equal(noCounty.code, 2);
    assert.match(noCounty.err, /缺少 --county/u);
    const badRole = await cliIn(dir, ['invite', '--county', '泽州县', '--role', 'boss']);
    assert.equal(badRole.code, 2);
    assert.match(badRole.err, /--role 只能是 reporter（填报员）或 supervisor（督导员）/u);
  });

  it('token --format json prints {"token"}; a new one replaces the old', async function () {
    const first = JSON.parse((await cliIn(dir, ['token', '--county', '高平市', '--format', 'json'])).out) as { token: string };
    const second = JSON.parse((await cliIn(dir, ['token', '--county', '高平市', '--format', 'json'])).out) as { token: string };
    assert.notEqual(first.token, second.token);
    const store = await storeOf(dir);
    assert.deepEqual(store.tokens.map((t) => [t.county, t.tokenHash]), [['高平市', hashSecret(second.token)]]);
  });

  it('refuses to write while the server holds the store, and says what to do', async function () {
    const held = await openStore(dir, 'server');
    try {
      const r = await cliIn(dir, ['invite', '--county', '泽州县', '--role', 'reporter']);
      assert.equal(r.code, 2);
      assert.match(r.err, /数据目录正被运行中的服务占用/u);
      assert.match(r.err, /邀请 泽州县 填报员/u);
    } finally {
      await held.close();
    }
    const after = await cliIn(dir, ['invite', '--county', '泽州县', '--role', 'reporter']);
    assert.equal(after.code, 0, 'the lock is released with the store');
  });

  it('demo prepares the store once: counties, codes, tokens, sample submissions', async function () {
    const first = await cliIn(dir, ['demo', '--dir', join(dir, 'demo')]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /督导员邀请码：[A-Z2-9]{4}-[A-Z2-9]{4}/u);
    const store = await storeOf(dir);
    // Five counties this quarter (陵川县 missing) and five last year; one supervisor + six reporter codes.
    assert.equal(store.submissions.length, 10);
    assert.equal(store.invites.length, 7);
    assert.equal(store.tokens.length, 6);
    assert.ok(store.submissions.every((s) => s.status !== 'rejected'));
    const second = await cliIn(dir, ['demo', '--dir', join(dir, 'demo')]);
    assert.match(second.out, /已有数据，没有重复生成演示账号/u);
    assert.equal((await storeOf(dir)).submissions.length, 10);
  });

  describe('with JIENENG_STORE (PostgreSQL)', function () {
    this.timeout(60_000);

    async function withStore<T>(url: string, fn: () => Promise<T>): Promise<T> {
      process.env['JIENENG_STORE'] = url;
      try {
        return await fn();
      } finally {
        delete process.env['JIENENG_STORE'];
      }
    }

    it('invite and token write to the database, and need no data-directory lock', async function () {
      const url = await testDatabaseUrl();
      const held = await openStore(dir, 'server');
      try {
        const invite = await withStore(url, () => cliIn(dir, ['invite', '--county', '泽州县', '--role', 'reporter', '--format', 'json']));
        assert.equal(invite.code, 0, invite.err);
        const token = await withStore(url, () => cliIn(dir, ['token', '--county', '高平市', '--format', 'json']));
        assert.equal(token.code, 0, token.err);
        const repo = await openPostgresStore(url);
        try {
          const { code } = JSON.parse(invite.out) as { code: string };
          assert.deepEqual((await repo.invites()).map((i) => [i.county, i.codeHash]), [['泽州县', hashSecret(code)]]);
          assert.equal(await repo.countyForToken(hashSecret((JSON.parse(token.out) as { token: string }).token)), '高平市');
          assert.equal((await repo.counties()).length, 6);
        } finally {
          await repo.close();
        }
      } finally {
        await held.close();
      }
      assert.equal(existsSync(join(dir, STORE_FILE)), false, 'the lowdb file was not written');
    });

    it('a wrong address or value is said in Chinese with exit code 2, without the password or a stack trace', async function () {
      for (const [url, phrase] of [
        ['postgres://jn:S3cret-pw@127.0.0.1:1/jieneng', /连接被拒绝/u],
        ['mysql://jn:S3cret-pw@db/jieneng', /配置项 store（环境变量 JIENENG_STORE） 的值无效/u],
      ] as const) {
        const r = await withStore(url, () => cliIn(dir, ['token', '--county', '高平市']));
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, /^错误：/u);
        assert.match(r.err, phrase);
        assert.ok(!r.err.includes('S3cret-pw') && !/\bat /u.test(r.err), r.err);
      }
    });
  });

  it('teams-package fills the app id and domain into the manifest', async function () {
    const out = join(dir, 'teams.zip');
    const appId = '1b2c3d4e-0000-4000-8000-00000000abcd';
    const r = await cliIn(dir, ['teams-package', '--app-id', appId, '--domain', 'jieneng.example.gov.cn', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const zip = await JSZip.loadAsync(await readFile(out));
    assert.deepEqual(Object.keys(zip.files).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { id: string; bots: { botId: string; supportsFiles: boolean }[]; validDomains: string[] };
    assert.equal(manifest.id, appId);
    assert.equal(manifest.bots[0]!.botId, appId);
    assert.equal(manifest.bots[0]!.supportsFiles, true);
    assert.deepEqual(manifest.validDomains, ['jieneng.example.gov.cn']);
    const bad = await cliIn(dir, ['teams-package', '--app-id', 'not-a-guid', '--domain', 'x.cn', '--out', join(dir, 'b.zip')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--app-id 应为/u);
  });
});

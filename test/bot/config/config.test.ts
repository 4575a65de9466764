/** loadConfig over a plain environment object and an optional JSON file (JIENENG_CONFIG). */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, loadConfig, storeFromConfig } from '../../../bot/config.js';
import { tempDir } from '../helpers.js';

/** Asserts loadConfig throws a ConfigError whose message matches every pattern; returns the message. */
function configError(env: NodeJS.ProcessEnv, ...patterns: RegExp[]): string {
  let message = '';
  assert.throws(
    () => loadConfig(env),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
      message = err.message;
      for (const p of patterns) assert.match(err.message, p);
      return true;
    },
  );
  return message;
}

const PROD = { NODE_ENV: 'production', MicrosoftAppId: 'app-id-1', MicrosoftAppPassword: 'secret' };

describe('bot/config', () => {
  describe('defaults', () => {
    it('runs locally, anonymously, on loopback, with demo data, when nothing is set', () => {
      const c = loadConfig({});
      assert.equal(c.port, 3978);
      assert.ok(isAbsolute(c.dataDir));
      assert.equal(basename(c.dataDir), 'data');
      assert.equal(c.dataDir, resolve('data'));
      assert.equal(c.anonymous, true);
      assert.equal(c.host, '127.0.0.1');
      assert.equal(c.seedDemo, true);
      assert.equal(c.nodeEnv, 'development');
      assert.equal(c.maxUploadMb, 20);
      assert.equal(c.inviteTtlDays, 7);
      assert.equal(c.microsoftAppType, 'MultiTenant');
    });

    it('reads values from the environment, coercing numbers and flags', () => {
      const c = loadConfig({ PORT: '8080', JIENENG_DATA: '/srv/jieneng', JIENENG_SEED_DEMO: 'false', JIENENG_MAX_UPLOAD_MB: '2.5', HOST: '::1' });
      assert.equal(c.port, 8080);
      assert.equal(c.dataDir, '/srv/jieneng');
      assert.equal(c.seedDemo, false);
      assert.equal(c.maxUploadMb, 2.5);
      assert.equal(c.host, '::1');
    });

    it('ignores empty environment values', () => {
      assert.equal(loadConfig({ PORT: '' }).port, 3978);
    });

    it('accepts the upper-case alias of a Bot Framework variable', () => {
      const c = loadConfig({ MICROSOFT_APP_ID: 'id-2', MICROSOFT_APP_PASSWORD: 'pw' });
      assert.equal(c.microsoftAppId, 'id-2');
      assert.equal(c.anonymous, false);
    });
  });

  describe('bad values', () => {
    it('names port and PORT, and what it got, for a port that is not a number', () => {
      const m = configError({ PORT: 'abc' }, /port/u, /PORT/u, /abc/u, /无效/u);
      assert.match(m, /0–65535/u);
    });

    it('refuses a port out of range', () => {
      configError({ PORT: '70000' }, /port/u, /PORT/u);
    });

    it('names seedDemo and its variable for an unknown flag', () => {
      configError({ JIENENG_SEED_DEMO: 'maybe' }, /seedDemo/u, /JIENENG_SEED_DEMO/u, /true 或 false/u);
    });

    it('refuses an unknown app type', () => {
      configError({ MicrosoftAppType: 'Whatever' }, /microsoftAppType/u, /SingleTenant/u);
    });
  });

  describe('production and bot identity', () => {
    it('requires MicrosoftAppId in production', () => {
      configError({ NODE_ENV: 'production' }, /MicrosoftAppId/u, /生产环境/u);
    });

    it('in production with an app id and password: authenticated, all interfaces, no demo data', () => {
      const c = loadConfig({ ...PROD, JIENENG_SEED_DEMO: 'true' });
      assert.equal(c.anonymous, false);
      assert.equal(c.host, '0.0.0.0');
      assert.equal(c.seedDemo, false, 'demo data is never seeded in production');
      assert.equal(c.microsoftAppId, 'app-id-1');
    });

    it('requires the password with an app id', () => {
      configError({ MicrosoftAppId: 'app-id-1' }, /microsoftAppPassword/u, /MicrosoftAppPassword/u, /未设置/u);
    });

    it('does not require a password for a managed identity, but its tenant, said in Chinese (it crashed with an AssertionError)', () => {
      const message = configError({ MicrosoftAppId: 'app-id-1', MicrosoftAppType: 'UserAssignedMSI' }, /microsoftAppTenantId/u, /UserAssignedMSI/u, /租户 ID/u);
      assert.doesNotMatch(message, /Assertion|undefined/u);
      const c = loadConfig({ MicrosoftAppId: 'app-id-1', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant-1' });
      assert.equal(c.anonymous, false);
    });

    it('refuses a password of only spaces, without echoing it', () => {
      const message = configError({ MicrosoftAppId: 'app-id-1', MicrosoftAppPassword: '   ' }, /microsoftAppPassword/u, /只有空格/u);
      assert.doesNotMatch(message, /收到/u);
    });

    it('refuses to listen beyond loopback without a bot identity, and says how to configure one', () => {
      for (const host of ['0.0.0.0', '::', '192.168.1.10', 'jieneng.example.gov.cn']) {
        configError({ HOST: host }, /匿名模式/u, /MicrosoftAppId/u, /MicrosoftAppPassword/u);
      }
      for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) assert.equal(loadConfig({ HOST: host }).host, host);
      assert.equal(loadConfig({ ...PROD, HOST: '0.0.0.0' }).host, '0.0.0.0', 'authenticated mode may listen anywhere');
    });

    it('reads the inflated-size cap for uploads and checks its range', () => {
      assert.equal(loadConfig({}).maxInflatedMb, 256);
      assert.equal(loadConfig({ JIENENG_MAX_INFLATED_MB: '64' }).maxInflatedMb, 64);
      configError({ JIENENG_MAX_INFLATED_MB: '8' }, /maxInflatedMb/u, /16–4096/u);
    });

    it('reads the attachment host suffixes and the public address', () => {
      assert.ok(loadConfig({}).attachmentHosts.includes('sharepoint.com'));
      assert.deepEqual(loadConfig({ JIENENG_ATTACHMENT_HOSTS: '*.sharepoint.cn, Files.Example.org' }).attachmentHosts, ['sharepoint.cn', 'files.example.org']);
      assert.equal(loadConfig({ JIENENG_PUBLIC_URL: 'https://jieneng.example.gov.cn/' }).publicUrl, 'https://jieneng.example.gov.cn');
      configError({ JIENENG_PUBLIC_URL: 'ftp://example.org' }, /publicUrl/u, /http/u);
      configError({ JIENENG_ATTACHMENT_HOSTS: 'bad host!' }, /attachmentHosts/u, /域名后缀/u);
    });

    it('selects the store: unset is the lowdb file, a postgres:// or postgresql:// address PostgreSQL', () => {
      assert.equal(loadConfig({}).store, undefined);
      assert.equal(loadConfig({ JIENENG_STORE: 'postgres://jn:pw@db.example:5432/jieneng' }).store, 'postgres://jn:pw@db.example:5432/jieneng');
      assert.equal(loadConfig({ JIENENG_STORE: ' postgresql://db/jieneng ' }).store, 'postgresql://db/jieneng');
      assert.equal(storeFromConfig({}), undefined);
      assert.equal(storeFromConfig({ JIENENG_STORE: 'postgres://db/jieneng' }), 'postgres://db/jieneng');
    });

    it('refuses another store value, naming store and JIENENG_STORE, without echoing a password', () => {
      for (const bad of ['mysql://jn:S3cret-pw@db/jieneng', 'data/jieneng.json', 'lowdb']) {
        const message = configError({ JIENENG_STORE: bad }, /配置项 store（环境变量 JIENENG_STORE）/u, /postgres:\/\/用户名:密码@主机:5432\/数据库名/u, /lowdb/u);
        assert.ok(!message.includes('S3cret-pw'), message);
        assert.throws(
          () => storeFromConfig({ JIENENG_STORE: bad }),
          (err: unknown) => err instanceof ConfigError && /JIENENG_STORE/u.test(err.message) && !err.message.includes('S3cret-pw'),
        );
      }
      assert.match(configError({ JIENENG_STORE: 'mysql://jn:S3cret-pw@db/jieneng' }), /收到“mysql:\/\/jn:\*\*\*@db\/jieneng”/u);
    });

    it('requires a tenant for a single-tenant bot', () => {
      configError({ ...PROD, MicrosoftAppType: 'SingleTenant' }, /microsoftAppTenantId/u, /SingleTenant/u, /租户/u);
      const ok = loadConfig({ ...PROD, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'tenant-1' });
      assert.equal(ok.microsoftAppTenantId, 'tenant-1');
    });
  });

  describe('configuration file (JIENENG_CONFIG)', () => {
    let dir: string;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ dir, cleanup } = await tempDir());
    });

    afterEach(async () => {
      await cleanup();
    });

    async function file(content: string): Promise<string> {
      const path = join(dir, 'config.json');
      await writeFile(path, content);
      return path;
    }

    it('reads the file, and the environment wins over it', async () => {
      const path = await file(JSON.stringify({ port: 4000, maxUploadMb: 5 }));
      const fromFile = loadConfig({ JIENENG_CONFIG: path });
      assert.equal(fromFile.port, 4000);
      assert.equal(fromFile.maxUploadMb, 5);
      const overridden = loadConfig({ JIENENG_CONFIG: path, PORT: '5000' });
      assert.equal(overridden.port, 5000);
      assert.equal(overridden.maxUploadMb, 5, 'keys not in the environment still come from the file');
    });

    it('lists unknown keys of the file', async () => {
      const path = await file(JSON.stringify({ port: 4000, prot: 1, colour: 'red' }));
      configError({ JIENENG_CONFIG: path }, /未知的配置项/u, /prot/u, /colour/u);
    });

    it('says in Chinese when the file is not JSON', async () => {
      const path = await file('port = 4000');
      const m = configError({ JIENENG_CONFIG: path }, /不是有效的 JSON 对象/u);
      assert.ok(m.includes(path));
    });

    it('refuses a JSON file that is not an object', async () => {
      const path = await file('[4000]');
      configError({ JIENENG_CONFIG: path }, /不是有效的 JSON 对象/u);
    });

    // Coercion would turn null, "" or [] into 0 (a random port) and true into 1, silently.
    it('refuses a port of null, blank or true in the file instead of coercing it to 0 or 1', async () => {
      for (const value of [null, '', ' ', true, []]) {
        const path = await file(JSON.stringify({ port: value }));
        configError({ JIENENG_CONFIG: path }, /port/u, /无效/u);
      }
    });

    it('reads store from the file, for the server and the command line alike; the environment wins', async () => {
      const path = await file(JSON.stringify({ store: 'postgres://jn:pw@db/jieneng' }));
      assert.equal(loadConfig({ JIENENG_CONFIG: path }).store, 'postgres://jn:pw@db/jieneng');
      assert.equal(storeFromConfig({ JIENENG_CONFIG: path }), 'postgres://jn:pw@db/jieneng');
      assert.equal(storeFromConfig({ JIENENG_CONFIG: path, JIENENG_STORE: 'postgres://other/jieneng' }), 'postgres://other/jieneng');
    });

    it('says when the file is missing', () => {
      configError({ JIENENG_CONFIG: join(dir, 'missing.json') }, /找不到配置文件/u, /JIENENG_CONFIG/u);
    });
  });
});

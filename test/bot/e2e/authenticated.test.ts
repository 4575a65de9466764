/** With a bot identity configured, /api/messages refuses traffic that Bot Framework did not sign. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sinon from 'sinon';
import { logFile } from '../../../bot/log.js';
import { activity, startTestServer, type TestServer } from './harness.js';

describe('e2e: authenticated mode', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer({ env: { MicrosoftAppId: '1b2c3d4e-0000-4000-8000-00000000abcd', MicrosoftAppPassword: 'secret', HOST: '127.0.0.1' } });
  });

  after(async function () {
    await server?.stop();
  });

  afterEach(function () {
    sinon.restore();
  });

  it('answers 401 to an activity without a Bot Framework token, and to a forged one, and stores nothing', async function () {
    const before = await server.storeBytes();
    // botbuilder reports refused requests on stderr; keep it out of the test output, and check it did.
    const stderr = sinon.stub(console, 'error');
    const body = JSON.stringify(activity({ id: 'intruder', name: '冒充者' }, '进度'));
    const none = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(none.status, 401);
    const forged = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not.a.jwt' }, body });
    assert.equal(forged.status, 401);
    stderr.restore();
    assert.ok(stderr.called, 'the refusal is logged');
    const answer = (await forged.json()) as { error: { message: string } };
    assert.match(answer.error.message, /没有有效的 Bot Framework 身份令牌/u);
    assert.equal(await server.storeBytes(), before);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { mode: string };
    assert.equal(health.mode, 'authenticated');
  });
});

const APP_ID = '1b2c3d4e-0000-4000-8000-00000000abcd';

/** A token shaped like Bot Framework's (right issuer and audience, unexpired), so checking it needs the signing keys. */
function wellFormedToken(): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, exp: now + 600, nbf: now - 60, serviceurl: 'http://127.0.0.1:9/' })}.${Buffer.from('signature').toString('base64url')}`;
}

describe('e2e: a user-assigned managed identity', function () {
  it('starts with its tenant (without one, start-up crashed with an AssertionError)', async function () {
    const server = await startTestServer({ env: { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant-1', HOST: '127.0.0.1' } });
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { mode: string };
      assert.equal(health.mode, 'authenticated');
    } finally {
      await server.stop();
    }
  });
});

describe('e2e: authenticated mode when the identity metadata cannot be fetched', function () {
  let metadata: Server;
  let requests = 0;

  before(async function () {
    metadata = createServer((_req, res) => {
      requests += 1;
      res.writeHead(500).end('down');
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  });

  after(async function () {
    await new Promise<void>((resolve) => metadata.close(() => resolve()));
  });

  afterEach(function () {
    sinon.restore();
  });

  for (const [label, url] of [
    ['answers HTTP 500', () => `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/.well-known/openidconfiguration`],
    ['refuses connections', () => 'http://127.0.0.1:9/.well-known/openidconfiguration'],
  ] as const) {
    it(`answers 503 with a Chinese message when the metadata server ${label}, logs the detail, stores nothing`, async function () {
      const server = await startTestServer({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', HOST: '127.0.0.1' }, auth: { openIdMetadataUrl: url() } });
      try {
        sinon.stub(console, 'error'); // botbuilder's own console.error of the failure
        const before = await server.storeBytes();
        const seen = requests;
        const r = await fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${wellFormedToken()}` },
          body: JSON.stringify(activity({ id: 'u1', name: '王填报' }, '进度')),
        });
        assert.equal(r.status, 503);
        assert.equal(r.headers.get('retry-after'), '30');
        const answer = (await r.json()) as { error: { code: string; message: string } };
        assert.equal(answer.error.code, 'identity-unavailable');
        assert.match(answer.error.message, /暂时无法校验/u);
        assert.doesNotMatch(answer.error.message, /Failed|ECONNREFUSED|openID/iu);
        if (label === 'answers HTTP 500') assert.ok(requests > seen, 'the metadata server was asked');
        const log = await readFile(logFile(), 'utf8');
        assert.match(log, /identity metadata unavailable/u);
        assert.match(log, label === 'answers HTTP 500' ? /Failed to load openID config: 500/u : /ECONNREFUSED/u);
        assert.equal(await server.storeBytes(), before);
      } finally {
        await server.stop();
      }
    });
  }

  it('still answers 401 to a forged token it can check', async function () {
    const server = await startTestServer({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', HOST: '127.0.0.1' }, auth: { openIdMetadataUrl: 'http://127.0.0.1:9/x' } });
    try {
      sinon.stub(console, 'error');
      const r = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not.a.jwt' }, body: JSON.stringify(activity({ id: 'u1', name: 'x' }, '进度')) });
      assert.equal(r.status, 401);
    } finally {
      await server.stop();
    }
  });
});

/** With a bot identity configured, /api/messages refuses traffic that Bot Framework did not sign. */
import assert from 'node:assert/strict';
import sinon from 'sinon';
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

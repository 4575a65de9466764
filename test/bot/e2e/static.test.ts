/** The add-in's files under /addin/: served from their folder, never from outside it. */
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { startTestServer, type TestServer } from './harness.js';

/** A raw GET, so "../" and encoded slashes reach the server as typed (fetch would normalise them). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('e2e: add-in static files', function () {
  let server: TestServer;
  let cleanup: () => Promise<void>;

  before(async function () {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const addin = join(temp.dir, 'addin');
    await mkdir(addin, { recursive: true });
    await writeFile(join(addin, 'index.html'), '<!doctype html><title>节能通</title>');
    await writeFile(join(temp.dir, 'secret.txt'), 'not for the web');
    await mkdir(join(temp.dir, 'outside'));
    await writeFile(join(temp.dir, 'outside', 'index.html'), 'not for the web either');
    await writeFile(join(addin, 'app.js'), 'console.log(1);');
    // Links that leave the folder (a file, a directory, an absolute target) and one that stays inside.
    await symlink(join(temp.dir, 'secret.txt'), join(addin, 'leak.txt'));
    await symlink('../outside', join(addin, 'outside'));
    await symlink('/etc/passwd', join(addin, 'passwd'));
    await symlink('app.js', join(addin, 'alias.js'));
    server = await startTestServer({ env: { JIENENG_ADDIN_DIR: addin } });
  });

  after(async function () {
    await server?.stop();
    await cleanup?.();
  });

  it('serves the task pane with its content type', async function () {
    const r = await fetch(`${server.url}/addin/`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/u);
    assert.match(await r.text(), /节能通/u);
  });

  it('serves no symbolic link that leaves the folder, and follows one that stays inside', async function () {
    for (const path of ['/addin/leak.txt', '/addin/outside/', '/addin/outside/index.html', '/addin/passwd']) {
      const r = await rawGet(server.url, path);
      assert.equal(r.status, 404, path);
      assert.ok(!/not for the web|root:/u.test(r.body), path);
    }
    const alias = await rawGet(server.url, '/addin/alias.js');
    assert.equal(alias.status, 200);
    assert.equal(alias.body, 'console.log(1);');
  });

  it('refuses paths that climb out of the folder', async function () {
    for (const path of ['/addin/../secret.txt', '/addin/..%2fsecret.txt', '/addin/%2e%2e/secret.txt', '/addin/..%5csecret.txt']) {
      const r = await rawGet(server.url, path);
      assert.notEqual(r.status, 200, path);
      assert.ok(!r.body.includes('not for the web'), path);
    }
  });
});

/**
 * Issue 8 review, item 5, over HTTP: an upload whose check runs its intake thread out of memory
 * is a 500 with a Chinese message and no stack, stores nothing, leaves the server answering, and
 * the next upload is checked by a new thread. The thread is a stand-in that allocates until its
 * heap limit while a marker file exists, and otherwise checks for real.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { sample } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { cliIn, startTestServer, XLSX_TYPE, unchanged, type TestServer } from './harness.js';

describe('e2e: an intake thread out of memory (issue 8 review)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let cleanup: () => Promise<void>;
  let token: string;
  let marker: string;

  before(async function () {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const issued = await cliIn(temp.dir, ['token', '--county', '泽州县', '--format', 'json']);
    assert.equal(issued.code, 0, issued.err);
    token = (JSON.parse(issued.out) as { token: string }).token;
    marker = join(temp.dir, 'hog');
    const worker = join(temp.dir, 'hog-worker.mjs');
    writeFileSync(
      worker,
      `import { existsSync } from 'node:fs';
import checkTask from ${JSON.stringify(new URL('../../../bot/submissions/check-worker.ts', import.meta.url).href)};
export default async function (task) {
  if (existsSync(${JSON.stringify(marker)})) { const held = []; for (;;) held.push(new Array(1e5).fill(Math.random())); }
  return (checkTask.default ?? checkTask)(task);
}
`,
    );
    server = await startTestServer({ dir: temp.dir, intake: { worker: pathToFileURL(worker), memoryLimitMb: 64 } });
  });

  after(async function () {
    await server?.stop();
    await cleanup?.();
  });

  const post = async (body: Buffer): Promise<{ status: number; text: string }> => {
    const r = await fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': XLSX_TYPE, Authorization: `Bearer ${token}` }, body });
    return { status: r.status, text: await r.text() };
  };

  it('answers 500 in Chinese without a stack, stores nothing, logs the cause, and checks the next upload', async function () {
    const data = await xlsxBuffer(sample());
    writeFileSync(marker, '');
    const failed = await unchanged(server, () => post(data));
    assert.equal(failed.status, 500, failed.text);
    const body = JSON.parse(failed.text) as { error: { code: string; message: string } };
    assert.match(body.error.message, /\p{Script=Han}/u);
    assert.doesNotMatch(failed.text, /memory|heap|at .*\.(ts|js):\d+|Error:/iu, 'no internal detail for the user');
    const log = readFileSync(join(server.dir, 'logs', 'jieneng.log'), 'utf8');
    assert.match(log, /memory limit/u, 'the cause is in the log');

    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);

    rmSync(marker);
    assert.ok(!existsSync(marker));
    const next = await post(data);
    assert.equal(next.status, 201, next.text);
    assert.equal((JSON.parse(next.text) as { version: number }).version, 1);
  });
});

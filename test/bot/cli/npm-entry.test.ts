import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../helpers.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** `npm run -s jieneng -- …` typed in `cwd`, as the README tells users (builds dist/ first). */
async function npmJieneng(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['--prefix', root, 'run', '-s', 'jieneng', '--', ...args], { cwd, env: { ...process.env, INIT_CWD: cwd } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run jieneng (the real entry point: npm → bin/jieneng.js → dist/)', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(async () => cleanup());

  it('works on files named relative to the directory the user is in', async () => {
    const made = await npmJieneng(dir, ['sample', '--county', '陵川县', '--period', '2026Q2', '--out', '陵川县.xlsx']);
    assert.equal(made.code, 0, made.stderr);
    assert.ok(existsSync(join(dir, '陵川县.xlsx')), 'the sample is written where the user is');
    const checked = await npmJieneng(dir, ['validate', '陵川县.xlsx', '--format', 'json']);
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(JSON.parse(checked.stdout).county, '陵川县');
  });

  it('exits 2 with a Chinese message for an unreadable file', async () => {
    const r = await npmJieneng(dir, ['validate', '没有这个文件.xlsx']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /文件“没有这个文件\.xlsx”不存在/u);
  });
});

describe('npm start (the server, as a newcomer starts it)', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(async () => cleanup());

  it('comes up with the demo counties, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, PORT: '0', JIENENG_DATA: dir, NODE_ENV: 'development' }, detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // 'close', not 'exit': npm may exit before the server it started has finished stopping; the pipe closes when both have.
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /节能通服务已启动：(http:\/\/\S+)/u.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m[1]!);
          }
        }, 100);
        void exited.then(() => {
          clearInterval(timer);
          reject(new Error(`npm start exited:\n${out}`));
        });
      });
      assert.match(out, /本地匿名模式/u, 'says loudly that it runs without a bot identity');
      assert.match(out, /督导员邀请码：[A-Z2-9]{4}-[A-Z2-9]{4}/u, 'first start prints the demo codes');
      const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; counties: number; submissions: number };
      assert.equal(health.status, 'ok');
      assert.equal(health.counties, 6);
      assert.equal(health.submissions, 10);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    assert.match(out, /服务已停止/u);
    assert.ok(!existsSync(join(dir, 'jieneng.lock')), 'the lock file is removed on shutdown');
  });
});

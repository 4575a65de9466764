import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
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

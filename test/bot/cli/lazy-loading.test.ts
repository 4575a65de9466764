/**
 * Each command loads what it needs: `--help` loads neither exceljs nor the chat SDK, `validate`
 * not the chat SDK, the worker pool or the store's lock. Checked in a fresh process running the
 * compiled command line (dist/) as `node bin/jieneng.js` does. Timings: `npm run bench:cli`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cli, tempDir } from '../helpers.js';
import { buildOnce, root } from './spawned.js';

const PROBE = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { main } = await import(process.argv[2]);
const code = await main(JSON.parse(process.argv[3]), { out() {}, err() {}, now: () => new Date() });
const packages = new Set();
for (const path of Object.keys(require.cache)) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(path);
  if (m) packages.add(m[1]);
}
process.stdout.write(JSON.stringify({ code, packages: [...packages] }));
`;

describe('jieneng loads per command what it needs', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  let probe: string;
  let file: string;
  before(async () => {
    ({ dir, cleanup } = await tempDir());
    probe = join(dir, 'probe.mjs');
    await writeFile(probe, PROBE);
    file = join(dir, '泽州县.xlsx');
    assert.equal((await cli(['sample', '--county', '泽州县', '--period', '2026Q3', '--institutions', '5', '--out', file])).code, 0);
    await buildOnce();
  });
  after(async () => cleanup());

  async function loaded(args: string[]): Promise<{ code: number; packages: string[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, [probe, join(root, 'dist/bot/cli/main.js'), JSON.stringify(args)], { cwd: dir });
    return JSON.parse(stdout) as { code: number; packages: string[] };
  }

  it('--help and coefficients load no workbook library and no chat SDK', async () => {
    for (const args of [['--help'], ['validate', '--help'], ['coefficients']]) {
      const r = await loaded(args);
      assert.equal(r.code, 0);
      const heavy = r.packages.filter((p) => /^(exceljs|jszip|botbuilder.*|botframework.*|piscina|proper-lockfile)$/u.test(p));
      assert.deepEqual(heavy, [], args.join(' '));
    }
  });

  it('validate loads exceljs but not the chat SDK, the worker pool or the store', async () => {
    const r = await loaded(['validate', file]);
    assert.equal(r.code, 0);
    assert.ok(r.packages.includes('exceljs'));
    assert.deepEqual(r.packages.filter((p) => /^(botbuilder.*|botframework.*|piscina|proper-lockfile|node-cron|chinese-days)$/u.test(p)), []);
  });
});

/**
 * The command line and the small mistakes users make: an --out that cannot be written, an --out
 * of the wrong kind, a --limit that is not a count, a pipe closed early (`| head`). All are said in
 * Chinese with exit 2 (or end quietly), and none leaves a data/logs folder where the user works.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../../bot/cli/main.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { JINCHENG } from '../../../shared/counties.js';
import { SHEET } from '../../../shared/template/v1.js';
import { cli, tempDir } from '../helpers.js';
import { bin, buildOnce, jieneng } from './spawned.js';

const noStackTrace = (text: string): void => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/u, 'no stack trace for users');
const APP_ID = '00000000-0000-0000-0000-000000000001';

/** A sample of n institutions, each with 建筑面积 missing and text in 用能人数, as .xlsx bytes. */
async function manyMistakes(n: number): Promise<Buffer> {
  const input = generateSample({ county: JINCHENG.counties[4]!, period: { year: 2026, quarter: 3 }, institutions: n, seed: 5 });
  const directory = input.sheets.find((s) => s.name === SHEET.institutions)!;
  const head = directory.rows[0]!;
  const area = head.indexOf('建筑面积（m²）');
  const staff = head.indexOf('用能人数');
  for (const row of directory.rows.slice(1)) {
    (row as unknown[])[area] = null;
    (row as unknown[])[staff] = '很多';
  }
  return xlsxBuffer(input, { guide: false });
}

describe('jieneng and the mistakes users make', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ dir, cleanup } = await tempDir());
    await buildOnce();
  });
  after(async () => cleanup());

  /** A fresh, empty working folder, as a user's would be. */
  async function workFolder(name: string): Promise<string> {
    const cwd = join(dir, name);
    await mkdir(cwd, { recursive: true });
    return cwd;
  }

  it('an --out that cannot be written is the user’s to fix: exit 2 with a Chinese message, not an internal error', async () => {
    const cwd = await workFolder('out');
    await mkdir(join(cwd, '目录.xlsx'));
    await writeFile(join(cwd, '文件'), 'x');
    const cases: [string[], RegExp][] = [
      [['template', '--out', join('没有的文件夹', '模板.xlsx')], /无法写入文件“没有的文件夹\/模板\.xlsx”：文件夹“没有的文件夹”不存在/u],
      [['template', '--out', '目录.xlsx'], /无法写入“目录\.xlsx”：这是一个文件夹/u],
      [['template', '--out', '目录.xlsx', '--force'], /这是一个文件夹/u],
      [['sample', '--county', '泽州县', '--period', '2026Q3', '--out', join('文件', '示例.xlsx')], /路径中的“文件”不是文件夹/u],
      [['teams-package', '--app-id', APP_ID, '--domain', 'bot.example.cn', '--out', join('没有的文件夹', 'app.zip')], /文件夹“没有的文件夹”不存在/u],
    ];
    for (const [args, message] of cases) {
      const r = await jieneng(args, { cwd });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      noStackTrace(r.stderr);
    }
    const demo = await cli(['demo', '--dir', join(cwd, '文件'), '--period', '2026Q3']);
    assert.equal(demo.code, 2, demo.err);
    assert.match(demo.err, /无法使用文件夹“.*文件”：同名的文件已存在/u);
    assert.ok(!existsSync(join(cwd, 'data')), 'no data/ in the working folder');
  });

  it('an --out in a folder without write permission: exit 2, and nothing is left behind', async function () {
    const cwd = await workFolder('readonly');
    const locked = join(cwd, '只读');
    await mkdir(locked);
    await chmod(dir, 0o755);
    await chmod(cwd, 0o755);
    await chmod(locked, 0o555);
    // root may write anywhere: run as nobody, as a user without the permission would.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    for (const args of [['template', '--out', join(locked, '模板.xlsx')], ['sample', '--county', '泽州县', '--period', '2026Q3', '--out', join(locked, '示例.xlsx')]]) {
      const r = await jieneng(args, { cwd, ...asUser });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /没有写入权限/u);
      noStackTrace(r.stderr);
    }
    assert.ok(!existsSync(join(locked, '模板.xlsx')));
    assert.ok(!existsSync(join(cwd, 'data')), 'no data/ in the working folder');
  });

  it('leaves no data/logs in the working folder for a user’s mistake', async () => {
    const cwd = await workFolder('no-logs');
    const good = join(cwd, '好.xlsx');
    assert.equal((await jieneng(['sample', '--county', '泽州县', '--period', '2026Q3', '--institutions', '5', '--out', good], { cwd })).code, 0);
    await writeFile(join(cwd, '半个.xlsx'), (await readFile(good)).subarray(0, 3000));
    await writeFile(join(cwd, '文本.xlsx'), 'not a workbook');
    for (const args of [['validate', '半个.xlsx'], ['validate', '文本.xlsx'], ['validate', '没有.xlsx'], ['indicators', '好.xlsx', '--history', '半个.xlsx'], ['validate', '好.xlsx', '--limit', '-3']]) {
      const r = await jieneng(args, { cwd });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      noStackTrace(r.stderr);
    }
    assert.ok(!existsSync(join(cwd, 'data')), 'no data/ in the working folder');
  });

  it('an internal error is logged, and the message says where the log is', async () => {
    const logs = (await tempDir()).dir;
    const previous = process.env['JIENENG_DATA'];
    process.env['JIENENG_DATA'] = logs;
    let err = '';
    try {
      const failing = { out: () => undefined, err: (t: string) => void (err += t), now: (): Date => { throw new Error('clock broke'); } };
      assert.equal(await main(['demo', '--dir', join(dir, 'never')], failing), 3);
    } finally {
      process.env['JIENENG_DATA'] = previous;
    }
    const log = join(logs, 'logs', 'jieneng.log');
    assert.ok(err.includes(`详细信息已写入日志 ${log}`), err);
    assert.match(await readFile(log, 'utf8'), /Error: clock broke\n\s+at /u, 'the operator finds the stack in the log');
    noStackTrace(err);
  });

  it('ends quietly when the reader of its output goes away (| head)', async () => {
    const cwd = await workFolder('pipe');
    await writeFile(join(cwd, '错.xlsx'), await manyMistakes(400));
    for (const args of [['validate', '错.xlsx', '--format', 'json', '--limit', 'all'], ['validate', '错.xlsx', '--limit', 'all']]) {
      const { code, stderr, firstChunk } = await new Promise<{ code: number | null; stderr: string; firstChunk: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '' } });
        let stderrText = '';
        let first = '';
        child.stderr.on('data', (d: Buffer) => (stderrText += d.toString()));
        // Like `head -1`: read the first chunk, then close the pipe.
        child.stdout.once('data', (d: Buffer) => {
          first = d.toString();
          child.stdout.destroy();
        });
        child.on('error', reject);
        child.on('close', (c) => resolve({ code: c, stderr: stderrText, firstChunk: first }));
      });
      assert.ok(firstChunk.length > 0);
      assert.equal(stderr, '', `nothing on stderr for ${args.join(' ')}`);
      assert.equal(code, 1, 'the exit code still says the workbook has errors');
    }
  });

  it('--limit takes a positive count or all, and says so otherwise', async () => {
    const cwd = await workFolder('limit');
    const file = join(cwd, '错.xlsx');
    await writeFile(file, await manyMistakes(30));
    for (const value of ['-3', '0', '2.5', 'abc', '']) {
      for (const args of [['--limit', value], [`--limit=${value}`]]) {
        const r = await cli(['validate', file, ...args]);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.err, /--limit 应为正整数（每类问题最多列出的条数，如 --limit 20），或 all（全部列出）/u, `${args.join(' ')}: ${r.err}`);
      }
    }
    const negative = await cli(['sample', '--county', '泽州县', '--period', '2026Q3', '--institutions', '-3']);
    assert.equal(negative.code, 2);
    assert.match(negative.err, /--institutions 应为 1–200000 之间的整数，收到“-3”/u, 'a negative number is a value, not a missing one');
    const two = JSON.parse((await cli(['validate', file, '--format', 'json', '--limit', '2'])).out) as { issues: unknown[] };
    assert.equal(two.issues.length, 4);
    const all = JSON.parse((await cli(['validate', file, '--format', 'json', '--limit', 'all'])).out) as { issues: unknown[]; issueCount: number };
    assert.equal(all.issues.length, all.issueCount);
    assert.equal(all.issueCount, 60);
  });

  it('template, sample and teams-package refuse an --out of another kind of file', async () => {
    const cwd = await workFolder('kinds');
    const cases: [string[], string][] = [
      [['template', '--out', 't.csv'], '.xlsx'],
      [['template', '--out', '模板'], '.xlsx'],
      [['sample', '--county', '泽州县', '--period', '2026Q3', '--out', 's.xls'], '.xlsx'],
      [['teams-package', '--app-id', APP_ID, '--domain', 'bot.example.cn', '--out', 'app.xlsx'], '.zip'],
    ];
    for (const [args, ext] of cases) {
      const r = await jieneng(args, { cwd });
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.includes(`--out 的文件名应以 ${ext} 结尾`), r.stderr);
      assert.ok(r.stderr.includes('用法：jieneng'), 'with the command’s help');
    }
    assert.equal((await jieneng(['template', '--out', '模板.XLSX'], { cwd })).code, 0, 'the extension in any case');
    assert.ok(!existsSync(join(cwd, 't.csv')) && !existsSync(join(cwd, 's.xls')) && !existsSync(join(cwd, 'app.xlsx')));
  });
});

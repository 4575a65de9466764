/**
 * The command line honours the server's inflate cap setting (config maxInflatedMb, environment
 * JIENENG_MAX_INFLATED_MB or the JIENENG_CONFIG file) and defaults to the server's 256 MB, for the
 * file it validates and the --history file alike (issue 8 review, item 4).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../bot/cli/main.js';
import type { Io } from '../../../bot/cli/commands.js';
import { DEFAULT_INFLATED_MB, ENV_NAMES } from '../../../bot/config.js';
import { MAX_UNCOMPRESSED_BYTES } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { entriesOf, repeatedDeflate, zipOf, type RawEntry } from './zip-writer.js';

const MiB = 1024 * 1024;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], env: Record<string, string>): Promise<Run> {
  const names = ['JIENENG_MAX_INFLATED_MB', 'JIENENG_CONFIG', 'NODE_ENV', 'MicrosoftAppId', 'MICROSOFT_APP_ID'];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), now: () => new Date('2026-04-20T08:00:00Z') };
  try {
    const code = await main(argv, io);
    return { code, out, err };
  } finally {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}

describe('the command line and the inflate cap (issue 8 review, item 4)', function () {
  this.timeout(120_000);
  let dir: string;
  let good: string;
  /** The sample with a 40 MiB entry. */
  let forty: string;
  /** The sample with a 300 MiB entry. */
  let threeHundred: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jieneng-cap-'));
    const buffer = await xlsxBuffer(generateSample({ county: JINCHENG.counties[2]!, period: { year: 2026, quarter: 1 }, institutions: 10, seed: 9 }));
    const entries = await entriesOf(buffer);
    let seed = 1;
    const ws = [' ', '\n', '\t', '\r'];
    const block = Buffer.from(Array.from({ length: 8192 }, () => ws[((seed = (seed * 1_103_515_245 + 12_345) >>> 0) >>> 24) & 3]).join('').repeat(128));
    const padding = (mib: number): RawEntry => {
      const { data, crc, size } = repeatedDeflate(Buffer.from('padding'), block, mib, Buffer.from('end'));
      return { name: 'xl/media/padding.bin', data, method: 8, crc, declaredSize: size };
    };
    good = join(dir, 'good.xlsx');
    writeFileSync(good, buffer);
    forty = join(dir, 'forty.xlsx');
    writeFileSync(forty, zipOf([...entries, padding(40)]));
    threeHundred = join(dir, 'three-hundred.xlsx');
    writeFileSync(threeHundred, zipOf([...entries, padding(300)]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to the server default, 256 MB (was 512 MB for the command line)', async () => {
    assert.equal(DEFAULT_INFLATED_MB, 256);
    assert.equal(MAX_UNCOMPRESSED_BYTES, 256 * MiB);
    const r = await run(['validate', threeHundred], {});
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /解压后过大.*256 MB 的上限/u);
    const ok = await run(['validate', forty], {});
    assert.notEqual(ok.code, 2, ok.err);
  });

  it('JIENENG_MAX_INFLATED_MB sets it, for the file and for --history', async () => {
    assert.deepEqual(ENV_NAMES.maxInflatedMb, ['JIENENG_MAX_INFLATED_MB']); // the name bot/cli/commands.ts looks for
    const r = await run(['validate', forty], { JIENENG_MAX_INFLATED_MB: '16' });
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /解压后过大.*16 MB 的上限/u);
    const history = await run(['validate', good, '--history', forty], { JIENENG_MAX_INFLATED_MB: '16' });
    assert.equal(history.code, 2, history.out);
    assert.match(history.err, /解压后过大.*16 MB 的上限/u);
    const larger = await run(['validate', threeHundred], { JIENENG_MAX_INFLATED_MB: '400' });
    assert.notEqual(larger.code, 2, larger.err);
  });

  it('so does maxInflatedMb in the JIENENG_CONFIG file; a server setting missing or invalid elsewhere does not matter', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ maxInflatedMb: 16, port: 'not a port' }));
    const r = await run(['indicators', forty], { JIENENG_CONFIG: config, NODE_ENV: 'production' });
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /16 MB 的上限/u);
  });

  it('an invalid value is said as for the server, naming the key and the variable', async () => {
    const r = await run(['validate', good], { JIENENG_MAX_INFLATED_MB: 'lots' });
    assert.equal(r.code, 2);
    assert.match(r.err, /配置项 maxInflatedMb（环境变量 JIENENG_MAX_INFLATED_MB） 的值无效，收到“lots”：应为 16–4096 的整数/u);
  });
});

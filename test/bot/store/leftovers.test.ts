/**
 * What a crash leaves is removed when the store is opened: temp files of interrupted writes and the
 * upload files of versions whose record was never saved. Files a record names are never removed,
 * nor files of other names, nor anything when there are no records to judge by. One log line lists
 * what was removed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logFile } from '../../../bot/log.js';
import { openStore, STORE_FILE } from '../../../bot/store/lowdb-store.js';
import { newSubmission, tempDir, tinySnapshot } from '../helpers.js';

const NOW = new Date('2026-10-12T02:00:00.000Z');


const lines = async (): Promise<string[]> => (existsSync(logFile()) ? (await readFile(logFile(), 'utf8')).split('\n') : []);

describe('bot/store leftovers of a crash', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });

  afterEach(async () => {
    await cleanup();
  });

  it('removes temp files and unacknowledged version files at open, keeps every referenced file, and logs one line', async () => {
    const repo = await openStore(dir, 'server', NOW);
    await repo.addCounties([{ name: '泽州县', code: '140525' }], 'test', NOW);
    const v1 = await repo.addSubmission(newSubmission({ snapshot: tinySnapshot(), original: Buffer.from('first') }));
    const v2 = await repo.addSubmission(newSubmission({ status: 'rejected', original: Buffer.from('second') }));
    await repo.close();
    const period = join(dir, 'submissions', '140525', '2026Q3');
    // As kill -9 leaves them: v3 written but never recorded, a snapshot beside a record without one,
    // temp files of interrupted writes (atomicWrite's, the store's, steno's), and one file we did not make.
    const leftovers = {
      'submissions/140525/2026Q3/v3.xlsx': 'orphan',
      'submissions/140525/2026Q3/v3.history.json': '{}',
      'submissions/140525/2026Q3/v2.history.json': '{}',
      'submissions/140525/2026Q2/v1.json': '{}',
      'submissions/140525/2026Q3/.12345.1790000000000.tmp': 'partial',
      'submissions/140525/2026Q3/.v4.xlsx.12345.1790000000000.1.tmp': 'partial',
      [`.${STORE_FILE}.tmp`]: '{"schema": 1',
      '.jieneng.lock.json.12345.1790000000000.1.tmp': '{}',
    };
    await mkdir(join(dir, 'submissions', '140525', '2026Q2'), { recursive: true });
    for (const [path, content] of Object.entries(leftovers)) await writeFile(join(dir, path), content);
    await writeFile(join(period, 'notes.txt'), 'operator notes');
    const before = (await lines()).length;

    const again = await openStore(dir, 'server', NOW);
    try {
      for (const path of Object.keys(leftovers)) assert.equal(existsSync(join(dir, path)), false, `${path} removed`);
      assert.equal(await readFile(join(dir, v1.file), 'utf8'), 'first');
      assert.ok(existsSync(join(dir, v1.history!)));
      assert.equal(await readFile(join(dir, v2.file), 'utf8'), 'second');
      assert.ok(existsSync(join(period, 'notes.txt')), 'a file of another name is left alone');
      assert.ok(await again.history(v1), 'the recorded snapshot still reads');
      const added = (await lines()).slice(Math.max(before - 1, 0)).filter((l) => l.includes('[store]'));
      assert.equal(added.length, 1, added.join('\n'));
      assert.match(added[0]!, /清理了崩溃遗留的文件（8 个）/u);
      for (const path of Object.keys(leftovers)) assert.ok(added[0]!.includes(path), `${path} is listed`);
      // The next version takes the number the orphan had.
      const v3 = await again.addSubmission(newSubmission({ snapshot: tinySnapshot(), original: Buffer.from('third') }));
      assert.equal(v3.file, 'submissions/140525/2026Q3/v3.xlsx');
    } finally {
      await again.close();
    }
    // Nothing is left to clean: no log line at the next open.
    const quiet = (await lines()).length;
    await (await openStore(dir, 'jieneng invite', NOW)).close();
    assert.equal((await lines()).length, quiet);
  });

  it('removes no upload file when there is no store file (moved away) or no submission in it, and says so', async () => {
    await mkdir(join(dir, 'submissions', '140525', '2026Q3'), { recursive: true });
    await writeFile(join(dir, 'submissions', '140525', '2026Q3', 'v1.xlsx'), 'kept');
    await writeFile(join(dir, 'submissions', '140525', '2026Q3', '.1.2.tmp'), 'temp');
    for (let i = 0; i < 2; i++) {
      const before = (await lines()).length;
      const repo = await openStore(dir, 'server', NOW);
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'test', NOW); // the second open has a store file without submissions
      await repo.close();
      assert.equal(await readFile(join(dir, 'submissions', '140525', '2026Q3', 'v1.xlsx'), 'utf8'), 'kept');
      const added = (await lines()).slice(Math.max(before - 1, 0)).join('\n');
      assert.match(added, /不存在或没有提交记录.*submissions\/140525\/2026Q3\/v1\.xlsx/u);
    }
    assert.equal(existsSync(join(dir, 'submissions', '140525', '2026Q3', '.1.2.tmp')), false, 'temp files go all the same');
  });
});

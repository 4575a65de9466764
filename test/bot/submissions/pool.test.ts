/**
 * bot/submissions/pool.ts: a check in a worker thread gives what the in-process check gives, asks
 * the main thread for last year's history, moves the bytes there and back, and fails loudly, never
 * hangs, when the worker dies.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServiceUnavailableError } from '../../../bot/errors.js';
import { IN_PROCESS, UPLOAD_MAX_UNCOMPRESSED, type CheckRequest, type HistoryLookup } from '../../../bot/submissions/intake.js';
import { createIntakePool, memoryLimitMb, movableBytes, type IntakePool } from '../../../bot/submissions/pool.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { snapshotOf, type HistorySnapshot } from '../../../shared/validation/history.js';
import { sample, setCell } from '../../shared/helpers.js';
import { workerThreads } from './helpers.js';

const FAILING_WORKER = new URL('./failing-worker.ts', import.meta.url);

function request(data: Buffer, county = '泽州县'): CheckRequest {
  return { payload: { kind: 'xlsx', data, name: '泽州县-2026Q3.xlsx' }, county, today: '2026-10-10', region: JINCHENG };
}

/** Last year's snapshot of the sample with a fifth of its consumption: every row becomes a year-on-year outlier. */
function lastYearSnapshot(): HistorySnapshot {
  const snap = snapshotOf(analyzeWorkbook(sample()).workbook)!;
  const fifth = (q: Record<string, number>): void => {
    for (const k of Object.keys(q)) q[k]! *= 0.2;
  };
  fifth(snap.totals);
  for (const q of Object.values(snap.institutions)) fifth(q);
  return { ...snap, period: '2025Q3' };
}

describe('bot/submissions/pool', function () {
  this.timeout(60_000);
  let pool: IntakePool;

  before(function () {
    pool = createIntakePool({ threads: 1 });
  });

  after(async function () {
    await pool?.close();
  });

  it('checks as the in-process path does, with the history the main thread answers, and gives the bytes back', async function () {
    const input = sample();
    setCell(input, '单位名录', 'E3', '很多人');
    const data = await xlsxBuffer(input);
    const copy = Buffer.from(data);
    const history = lastYearSnapshot();
    const asked: [string, string][] = [];
    const lookup: HistoryLookup = async (county, period) => {
      asked.push([county, period]);
      return history;
    };

    const threaded = await pool.check(request(data), lookup);
    assert.deepEqual(asked, [['泽州县', '2025Q3']], 'one question: the same quarter of last year');
    assert.equal(data.length, 0, "the upload's memory was moved to the worker, not copied");
    assert.ok(threaded.data.equals(copy), 'the bytes came back intact');
    assert.equal(threaded.outcome.kind, 'checked');
    assert.equal(threaded.outcome.kind === 'checked' && threaded.outcome.sha256, createHash('sha256').update(copy).digest('hex'));

    const inProcess = await IN_PROCESS.check(request(copy), lookup);
    assert.deepEqual(threaded.outcome, inProcess.outcome);
    const checked = inProcess.outcome.kind === 'checked' ? inProcess.outcome.checked : assert.fail(inProcess.outcome.kind);
    assert.ok((checked.issueCounts['outlier'] ?? 0) > 0, 'the history reached the engine: year-on-year outliers');
    assert.equal(checked.issueCounts['type'], 1);
  });

  it('copies a Buffer that shares its memory with others instead of detaching them', async function () {
    const shared = Buffer.from('{"sheets": {"基本信息": "泽州县"}}'); // small: a slice of Node's buffer pool
    assert.notEqual(shared.byteLength, shared.buffer.byteLength);
    const neighbour = Buffer.from('neighbour');
    const r = await pool.check({ ...request(shared), payload: { kind: 'json', data: shared } }, async () => null);
    assert.equal(r.outcome.kind, 'unreadable');
    assert.equal(r.outcome.kind === 'unreadable' && r.outcome.reason, 'bad-shape');
    assert.equal(shared.toString(), '{"sheets": {"基本信息": "泽州县"}}', 'the caller still has its bytes');
    assert.equal(neighbour.toString(), 'neighbour');
    const own = Buffer.alloc(100_000, 1);
    assert.equal(movableBytes(own), own.buffer, 'a Buffer owning its ArrayBuffer is moved as it is');
  });

  it('rejects, never hangs, when the worker exits, throws or fails outside the task, and the next check gets a new thread', async function () {
    const failing = createIntakePool({ threads: 1, worker: FAILING_WORKER });
    try {
      const data = await xlsxBuffer(sample());
      for (const [county, detail] of [
        ['exit', /worker exited with code: 7/u],
        ['throw', /boom inside the worker/u],
        ['uncaught', /uncaught boom inside the worker/u],
      ] as const) {
        await assert.rejects(failing.check(request(Buffer.from(data), county), async () => null), (err: Error) => {
          assert.match(err.message, /^intake worker failed/u);
          assert.match(err.message, detail);
          assert.ok(err.cause instanceof Error, 'the worker error is kept as the cause, with its stack');
          return true;
        });
      }
      const ok = await failing.check(request(Buffer.from(data)), async () => null);
      assert.equal(ok.outcome.kind, 'checked');
    } finally {
      await failing.close();
    }
  });

  it('each thread has a heap limit sized from the inflate cap; a thread past it dies alone, as an error, and the next upload is checked (issue 8 review, item 5)', async function () {
    assert.equal(memoryLimitMb(UPLOAD_MAX_UNCOMPRESSED), 512);
    assert.equal(memoryLimitMb(1024 * 1024 * 1024), 2048);
    // A stand-in worker: "limit" answers the thread's heap limit, "hog" allocates until it dies, others are checked for real.
    const dir = mkdtempSync(join(tmpdir(), 'jieneng-pool-'));
    const worker = join(dir, 'hog-worker.mjs');
    writeFileSync(
      worker,
      `import { resourceLimits } from 'node:worker_threads';
import checkTask from ${JSON.stringify(new URL('../../../bot/submissions/check-worker.ts', import.meta.url).href)};
export default async function (task) {
  if (task.county === 'limit') return { outcome: { kind: 'limit', mb: resourceLimits.maxOldGenerationSizeMb }, bytes: new ArrayBuffer(0) };
  if (task.county === 'hog') { const held = []; for (;;) held.push(new Array(1e5).fill(Math.random())); }
  return (checkTask.default ?? checkTask)(task);
}
`,
    );
    const limited = (opts: Parameters<typeof createIntakePool>[0]) => createIntakePool({ threads: 1, worker: pathToFileURL(worker), ...opts });
    const data = await xlsxBuffer(sample());
    const limitOf = async (pool: IntakePool, maxInflatedBytes?: number): Promise<unknown> => {
      const r = await pool.check({ ...request(Buffer.from(data), 'limit'), ...(maxInflatedBytes === undefined ? {} : { maxInflatedBytes }) }, async () => null);
      return (r.outcome as unknown as { mb: number }).mb;
    };
    const pools: IntakePool[] = [];
    try {
      const byDefault = limited({});
      const fromUpload = limited({});
      const fromOption = limited({ maxInflatedBytes: 1024 * 1024 * 1024 });
      pools.push(byDefault, fromUpload, fromOption);
      assert.equal(await limitOf(byDefault), 512);
      assert.equal(await limitOf(fromUpload, 512 * 1024 * 1024), 1024, "sized from the cap the server's uploads are read under");
      assert.equal(await limitOf(fromOption), 2048);

      const small = limited({ memoryLimitMb: 64 });
      pools.push(small);
      await assert.rejects(small.check(request(Buffer.from(data), 'hog'), async () => null), (err: Error) => {
        assert.match(err.message, /^intake worker failed: .*memory limit/u);
        assert.ok(err.cause instanceof Error);
        return true;
      });
      const next = await small.check(request(Buffer.from(data)), async () => null);
      assert.equal(next.outcome.kind, 'checked');
    } finally {
      await Promise.all(pools.map((p) => p.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a failing history lookup rejects with the store's own error", async function () {
    const broken = new Error('store unreadable');
    const data = await xlsxBuffer(sample());
    await assert.rejects(
      pool.check(request(data), async () => {
        throw broken;
      }),
      (err) => err === broken,
    );
  });

  it('turns work away with a Chinese "busy" once its queue is full, and takes work again after', async function () {
    const small = createIntakePool({ threads: 1, maxQueue: 1 });
    try {
      const data = await xlsxBuffer(sample());
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => small.check(request(Buffer.from(data)), async () => null)));
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.ok(refused.length >= 1, 'past one running and one waiting, work is refused');
      for (const r of refused) {
        assert.ok(r.reason instanceof ServiceUnavailableError, String(r.reason));
        assert.equal(r.reason.code, 'busy');
        assert.match(r.reason.message, /服务正忙/u);
      }
      assert.ok(results.some((r) => r.status === 'fulfilled'));
      assert.equal((await small.check(request(Buffer.from(data)), async () => null)).outcome.kind, 'checked');
    } finally {
      await small.close();
    }
  });

  it('close() ends its threads', async function () {
    const before = workerThreads();
    const own = createIntakePool({ threads: 2 });
    await Promise.all([1, 2].map(async () => own.check(request(await xlsxBuffer(sample())), async () => null)));
    assert.ok(workerThreads() > before, 'threads are running');
    await own.close();
    // Other test files' servers may still be ending their threads: wait for the count to settle.
    for (let i = 0; i < 50 && workerThreads() > before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(workerThreads() <= before, `${workerThreads()} threads left, ${before} before`);
    await assert.rejects(own.check(request(await xlsxBuffer(sample())), async () => null), /intake pool closed/u);
    assert.ok(workerThreads() <= before, 'no thread was started after close()');
  });
});

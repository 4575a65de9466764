/**
 * The server's intake threads over real HTTP: a big submission is read and checked off the event
 * loop (health checks keep answering meanwhile), its answer is capped at 1,000 issues, chat uploads
 * take the same way, a dying worker becomes a 500 with the detail in the log, and stopping the
 * server ends its threads.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { issueInvite, issueToken } from '../../../bot/access/access.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import type { IssueReports } from '../../../bot/server/reports.js';
import type { BotChannel } from '../../../bot/channels/botframework.js';
import { logFile } from '../../../bot/log.js';
import { createApp } from '../../../bot/server/app.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import { IN_PROCESS, ISSUE_ANSWER_LIMIT } from '../../../bot/submissions/intake.js';
import { createIntakePool } from '../../../bot/submissions/pool.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { generateSample } from '../../../shared/sample/generate.js';
import type { Issue } from '../../../shared/validation/issues.js';
import { sample, setCell, setField } from '../../shared/helpers.js';
import { cards, fileServer, replyText, say, startTestServer, XLSX_TYPE, type TestServer } from '../e2e/harness.js';
import { sheetsJson, workerThreads } from './helpers.js';

const ZEZHOU = JINCHENG.counties[4]!;
const REPORTER = { id: 'u-zezhou-threads', name: '王填报' };
const INSTITUTIONS = 8000;

interface Answer {
  status: string;
  version: number | null;
  summary: { errors: number; warnings: number };
  issues: Issue[];
  issueCount: number;
  issueCounts: Record<string, number>;
  issuesTruncated: boolean;
  error?: { code: string; message: string };
}

/** 8,000 institutions, every 用能人数 not a number and every third area negative: 10,666 errors. */
function bigBody(): Buffer {
  const input = generateSample({ county: ZEZHOU, period: { year: 2026, quarter: 3 }, institutions: INSTITUTIONS, seed: 11 });
  for (let r = 2; r <= INSTITUTIONS + 1; r++) {
    setField(input, '单位名录', '用能人数', r, '很多人');
    if (r % 3 === 0) setField(input, '单位名录', '建筑面积（m²）', r, -5);
  }
  return sheetsJson(input);
}

describe('intake threads: big submissions off the event loop', function () {
  this.timeout(120_000);
  let server: TestServer;
  let files: Awaited<ReturnType<typeof fileServer>>;
  let token: string;
  let threadsBefore: number;
  let body: Buffer;
  /** The big intake, observed in before(). */
  const observed = { intakeMs: 0, healthz: [] as number[], status: 0, answer: null as Answer | null };

  before(async function () {
    threadsBefore = workerThreads();
    server = await startTestServer();
    files = await fileServer();
    token = await issueToken(server.repo, '泽州县', 'test', server.clock.now);
    body = bigBody();

    // The big JSON submission; meanwhile GET /healthz one after another, each timed (also one that
    // started during the intake and ended after it: that is the one a blocked event loop holds up).
    let done = false;
    const t0 = performance.now();
    const post = fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body })
      .then(async (r) => {
        observed.status = r.status;
        observed.answer = (await r.json()) as Answer;
      })
      .finally(() => {
        observed.intakeMs = performance.now() - t0;
        done = true;
      });
    while (!done) {
      const t = performance.now();
      const r = await fetch(`${server.url}/healthz`);
      await r.arrayBuffer();
      assert.equal(r.status, 200);
      observed.healthz.push(performance.now() - t);
      await sleep(5);
    }
    await post;
  });

  after(async function () {
    await server?.stop();
    await files?.close();
  });

  it('keeps /healthz answering while a big JSON workbook is read and checked', function () {
    const slowest = Math.max(...observed.healthz);
    const summary = `intake ${observed.intakeMs.toFixed(0)} ms, ${observed.healthz.length} health checks, slowest ${slowest.toFixed(1)} ms`;
    assert.ok(observed.healthz.length >= 10, `health checks kept coming during the intake (${summary})`);
    // In process the event loop is blocked for most of the intake: the slowest health check waits nearly as long.
    assert.ok(slowest * 5 < observed.intakeMs, `the slowest health check is far below the intake's own time (${summary})`);
  });

  it('answers with the first 1,000 issues, the total and the count per code', async function () {
    assert.equal(observed.status, 201, JSON.stringify(observed.answer).slice(0, 500));
    const a = observed.answer!;
    assert.equal(a.status, 'rejected');
    assert.equal(a.version, 1);
    // The same check in process gives the expected figures.
    const expected = await IN_PROCESS.check({ payload: { kind: 'json', data: body }, county: '泽州县', today: '2026-10-10', region: JINCHENG }, async () => null);
    const checked = expected.outcome.kind === 'checked' ? expected.outcome.checked : assert.fail(expected.outcome.kind);
    assert.equal(checked.issueCount, INSTITUTIONS + Math.floor((INSTITUTIONS + 1) / 3));
    assert.equal(a.issues.length, ISSUE_ANSWER_LIMIT);
    assert.deepEqual(a.issues, checked.issues);
    assert.equal(a.issueCount, checked.issueCount);
    assert.deepEqual(a.issueCounts, { type: INSTITUTIONS, range: Math.floor((INSTITUTIONS + 1) / 3) });
    assert.equal(
      Object.values(a.issueCounts).reduce((x, y) => x + y, 0),
      a.issueCount,
    );
    assert.equal(a.issuesTruncated, true);
    assert.deepEqual(a.summary, { errors: a.issueCount, warnings: 0 });
    assert.deepEqual(Object.keys(a.issues[0]!), ['severity', 'code', 'sheet', 'cell', 'row', 'column', 'field', 'value', 'message']);
  });

  it('a chat upload is checked the same way and answered with the submission card', async function () {
    const { code } = await issueInvite(server.repo, { county: '泽州县', role: 'reporter', actor: 'test', now: server.clock.now, ttlDays: 7 });
    assert.match(replyText((await say(server, REPORTER, `绑定 ${code}`)).replies), /绑定成功/u);
    const bad = sample();
    setCell(bad, '单位名录', 'E3', '很多人');
    const rejected = await say(server, REPORTER, '', [{ name: '泽州县-2026Q3.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('bad.xlsx', await xlsxBuffer(bad)) }]);
    assert.equal(cards(rejected.replies).length, 1);
    const text = replyText(rejected.replies);
    assert.match(text, /× 未通过/u);
    assert.match(text, /第 2 版（未通过，不计入统计）/u);
    assert.match(text, /单位名录 E3\n「用能人数」的值“很多人”不是整数/u);
    const accepted = await say(server, REPORTER, '', [{ name: '泽州县-2026Q3.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('good.xlsx', await xlsxBuffer(sample())) }]);
    assert.match(replyText(accepted.replies), /✓ 已受理：报表校验通过/u);
    assert.match(replyText(accepted.replies), /主要指标/u);
    assert.equal((await server.repo.submissions({ county: '泽州县' })).length, 3);
  });

  it('stopping the server ends its intake threads', async function () {
    assert.ok(workerThreads() > threadsBefore, 'an intake thread is running');
    await server.stop();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(workerThreads(), threadsBefore);
  });

  it('a worker that dies answers 500 with the detail in the log, and the next upload is taken', async function () {
    const repo = memoryStore();
    await repo.addCounties(JINCHENG.counties, 'test', new Date());
    const key = await issueToken(repo, '泽州县', 'test', new Date());
    const checker = createIntakePool({ threads: 1, worker: new URL('./failing-worker.ts', import.meta.url) });
    const app = createApp({
      repo,
      calendar: CHINA_CALENDAR,
      region: JINCHENG,
      maxUploadBytes: 1048576,
      checker,
      now: () => new Date('2026-10-10T02:00:00Z'),
      channel: {} as BotChannel,
      reports: {} as IssueReports, // not asked for here
      addinDir: '/nonexistent-addin', // not asked for here
      health: async () => ({ status: 'ok' }),
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      // The failing worker ends its thread when the sender's county is "exit": give the token to such a county.
      const exitKey = await issueToken(repo, 'exit', 'test', new Date());
      const post = (auth: string) =>
        fetch(`${url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json' }, body: sheetsJson(sample()) });
      const died = await post(exitKey);
      assert.equal(died.status, 500);
      assert.equal(((await died.json()) as Answer).error?.code, 'internal');
      const log = await readFile(logFile(), 'utf8');
      assert.match(log, /intake worker failed: worker exited with code: 7/u);
      const next = await post(key);
      assert.equal(next.status, 201);
    } finally {
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
      await checker.close();
    }
  });
});

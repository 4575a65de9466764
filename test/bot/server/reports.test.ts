/** The issue-report route on its own: one build per version at a time, kept for repeat downloads, HEAD without building. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { linkSigner } from '../../../bot/access/signed-links.js';
import { issueReports } from '../../../bot/server/reports.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import type { Repository, SubmissionRecord } from '../../../bot/store/types.js';
import { historyFrom } from '../../../bot/submissions/intake.js';
import { newSubmission, tinySnapshot } from '../helpers.js';

describe('bot/server/reports', () => {
  let server: Server;
  let base: string;
  let repo: Repository;
  let record: SubmissionRecord;
  let builds = 0;
  let link: string;
  const now = new Date('2026-10-12T02:00:00Z');

  before(async () => {
    repo = memoryStore();
    record = await repo.addSubmission(newSubmission({ status: 'rejected', issueCount: 3 }));
    const reports = issueReports({
      signer: linkSigner(Buffer.alloc(32, 1)),
      repo,
      baseUrl: () => base,
      build: async () => {
        builds += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return Buffer.from('report bytes');
      },
    });
    server = createServer((req, res) => {
      void reports.serve(req, res, new URL(req.url ?? '/', 'http://x'), now).catch((err: Error) => res.writeHead(500).end(err.message));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    link = reports.link(record, now);
  });

  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('builds once for concurrent and repeated downloads, and not at all for HEAD', async () => {
    const head = await fetch(link, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(builds, 0, 'HEAD (a link preview) does not build the report');
    const answers = await Promise.all([fetch(link), fetch(link), fetch(link)]);
    for (const a of answers) assert.equal(await a.text(), 'report bytes');
    assert.equal((await (await fetch(link)).text()), 'report bytes');
    assert.equal(builds, 1);
  });

  it('takes last year as it stood when a version came in', async () => {
    const store = memoryStore();
    const early = await store.addSubmission(newSubmission({ period: '2025Q3', receivedAt: '2025-10-10T02:00:00.000Z', snapshot: { ...tinySnapshot(), staff: 10 } }));
    await store.addSubmission(newSubmission({ period: '2025Q3', receivedAt: '2026-10-20T02:00:00.000Z', snapshot: { ...tinySnapshot(), staff: 20 } }));
    assert.equal(early.version, 1);
    assert.equal((await historyFrom(store, '2026-10-12T02:00:00.000Z')('泽州县', '2025Q3'))?.staff, 10, 'as of the version: the later correction is not used');
    assert.equal((await historyFrom(store)('泽州县', '2025Q3'))?.staff, 20, 'now: the newest accepted');
  });
});

/**
 * Receipts that agree with 进度 and 排名, over real HTTP: a late version after an on-time one, a
 * rejected version, the same file sent again, and the full issue list behind a signed link that
 * expires and opens nothing else.
 */
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { readXlsxBuffer } from '../../../bot/xlsx/read.js';
import { sample, setCell } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { cards, cliIn, fileServer, replyText, say, serverWithReporter, startTestServer, unchanged, XLSX_TYPE, type BotActivity, type TestServer } from './harness.js';

const REPORTER = { id: 'u-receipts', name: '李填报' };

function actionUrl(replies: readonly BotActivity[]): string | null {
  const card = cards(replies)[0] as { actions?: { type: string; url: string }[] } | undefined;
  return card?.actions?.find((a) => a.type === 'Action.OpenUrl')?.url ?? null;
}

describe('e2e: receipts that agree, and the issue list behind a signed link', function () {
  this.timeout(60_000);
  let server: TestServer;
  let files: Awaited<ReturnType<typeof fileServer>>;
  let token: string;

  before(async function () {
    const made = await serverWithReporter(REPORTER, { now: new Date('2026-10-10T02:00:00Z'), token: true });
    ({ server } = made);
    token = made.token!;
    files = await fileServer();
  });

  after(async function () {
    await server?.stop();
    await files?.close();
  });

  const send = async (name: string, data: Buffer) => say(server, REPORTER, '', [{ name, contentType: XLSX_TYPE, contentUrl: files.put(name, data) }]);

  it('a late resend of the same file says it is the same as version 1 and that the county is still on time', async function () {
    const good = await xlsxBuffer(sample());
    const first = replyText((await send('泽州县.xlsx', good)).replies);
    assert.match(first, /✓ 已受理：报表校验通过/u);
    server.clock.now = new Date('2026-10-20T02:00:00Z'); // after the due date (2026-10-15)
    const again = replyText((await send('泽州县.xlsx', good)).replies);
    assert.match(again, /版本：第 2 版；与第 1 版内容相同/u);
    assert.match(again, /本版晚于截止日；本县已有按时受理的第 1 版，仍记为按时/u);
    assert.doesNotMatch(again, /逾期|迟报/u);
    assert.equal((await server.repo.submissions({ county: '泽州县' })).length, 2, 'the same file is still stored as a new version');
    assert.match(replyText((await say(server, REPORTER, '进度 2026Q3')).replies), /按时报送/u);
  });

  it('a rejected version says nothing about lateness and links to its full issue list', async function () {
    const bad = sample({ institutions: 40 });
    for (let r = 2; r <= 31; r++) setCell(bad, '单位名录', `F${r}`, null);
    const reply = (await send('泽州县-错.xlsx', await xlsxBuffer(bad))).replies;
    const text = replyText(reply);
    assert.match(text, /第 3 版（未通过，不计入统计）/u);
    assert.doesNotMatch(text, /逾期|迟报|晚于截止日/u);
    assert.match(text, /单位名录 F2–F31/u);
    assert.match(text, /共 30 处：「建筑面积（m²）」未填写/u);
    const url = actionUrl(reply);
    assert.ok(url?.startsWith(`${server.url}/reports/`), String(url));

    const download = await unchanged(server, () => fetch(url!));
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), XLSX_TYPE);
    assert.match(decodeURIComponent(download.headers.get('content-disposition') ?? ''), /泽州县-2026Q3-第3版-问题清单\.xlsx/u);
    const data = Buffer.from(await download.arrayBuffer());
    const report = await readXlsxBuffer(data);
    const list = report.sheets.find((s) => s.name === '问题清单')!;
    assert.deepEqual(list.rows[0], ['序号', '工作表', '单元格', '级别', '问题类型', '字段', '原值', '说明']);
    const stored = (await server.repo.submissions({ county: '泽州县' })).at(-1)!;
    assert.equal(list.rows.length - 1, stored.issueCount, 'every issue, not only the 20 kept in the store');
    assert.deepEqual(list.rows.slice(1, 31).map((r) => r![2]), Array.from({ length: 30 }, (_, i) => `F${i + 2}`));
    const zip = await JSZip.loadAsync(data);
    assert.doesNotMatch(await zip.file('xl/worksheets/sheet2.xml')!.async('string'), /<f>/u, 'no formulas in the report');
  });

  it('the link opens only its own report, and only until it expires', async function () {
    const reply = (await say(server, REPORTER, '我的提交')).replies;
    const text = JSON.stringify(cards(reply));
    const link = /\]\((http[^)]+)\)/u.exec(text)?.[1];
    assert.ok(link, '我的提交 carries a fresh link for a version with issues');
    const url = new URL(link);
    assert.equal(url.searchParams.has('token'), false);

    const other = new URL(link);
    other.pathname = other.pathname.replace(/v3\.xlsx$/u, 'v1.xlsx');
    assert.notEqual(other.pathname, url.pathname);
    assert.equal((await fetch(other)).status, 403, 'a signature for v3 does not open v1');
    const tampered = new URL(link);
    tampered.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    assert.equal((await fetch(tampered)).status, 403, 'the expiry cannot be stretched');
    const unsigned = new URL(link);
    unsigned.search = '';
    const refused = await fetch(unsigned);
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /下载链接无效/u);
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);

    server.clock.now = new Date(server.clock.now.getTime() + 73 * 3_600_000);
    const expired = await fetch(url);
    assert.equal(expired.status, 410);
    assert.match(((await expired.json()) as { error: { message: string } }).error.message, /已过期.*我的提交/u);
  });

  it('the API answer says the same: same-as, counts-as-late and the report link', async function () {
    server.clock.now = new Date('2026-10-21T02:00:00Z');
    const post = async (data: Buffer) => {
      const r = await fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': XLSX_TYPE }, body: data });
      return (await r.json()) as { version: number; late: boolean; countsAsLate: boolean | null; sameAs: number | null; issueReport: string | null; status: string };
    };
    const good = await xlsxBuffer(sample());
    const answer = await post(good);
    assert.equal(answer.late, true, 'this version arrived after the due date');
    assert.equal(answer.countsAsLate, false, 'but the county is on time through version 1');
    assert.equal(answer.issueReport, null, 'no issues, no report');
    const bad = sample();
    setCell(bad, '单位名录', 'E3', '很多人');
    const rejected = await post(await xlsxBuffer(bad));
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.countsAsLate, null);
    assert.ok(rejected.issueReport?.includes('/reports/'));
    assert.equal((await fetch(rejected.issueReport!)).status, 200);
  });
});

describe('e2e: issue report links use the public address, never an internal one', function () {
  this.timeout(30_000);
  const AUTH = { MicrosoftAppId: '1b2c3d4e-0000-4000-8000-00000000abcd', MicrosoftAppPassword: 'secret', HOST: '127.0.0.1' };

  async function rejectedAnswer(env: Record<string, string>): Promise<{ issueReport: string | null }> {
    const temp = await tempDir();
    const issued = await cliIn(temp.dir, ['token', '--county', '泽州县', '--format', 'json']);
    const server = await startTestServer({ dir: temp.dir, env });
    try {
      const bad = sample();
      setCell(bad, '单位名录', 'E3', '很多人');
      const r = await fetch(`${server.url}/api/submissions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${(JSON.parse(issued.out) as { token: string }).token}`, 'Content-Type': XLSX_TYPE },
        body: await xlsxBuffer(bad),
      });
      assert.equal(r.status, 201);
      return (await r.json()) as { issueReport: string | null };
    } finally {
      await server.stop();
      await temp.cleanup();
    }
  }

  it('an authenticated server without JIENENG_PUBLIC_URL hands out no link', async function () {
    assert.equal((await rejectedAnswer(AUTH)).issueReport, null);
  });

  it('with JIENENG_PUBLIC_URL the link starts with it', async function () {
    const answer = await rejectedAnswer({ ...AUTH, JIENENG_PUBLIC_URL: 'https://jieneng.example.gov.cn/' });
    assert.match(answer.issueReport ?? '', /^https:\/\/jieneng\.example\.gov\.cn\/reports\/140525-2026Q3-v1\.xlsx\?exp=\d+&sig=/u);
  });
});

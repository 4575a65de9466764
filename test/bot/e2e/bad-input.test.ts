/**
 * Bad input over real HTTP, in chat and on the API: each gets a clear Chinese answer, and the
 * store file is byte-for-byte unchanged afterwards.
 */
import assert from 'node:assert/strict';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { sample } from '../../shared/helpers.js';
import { fileServer, replyText, say, serverWithReporter, XLSX_TYPE, unchanged, type TestServer } from './harness.js';

const REPORTER = { id: 'u-zezhou', name: '王填报' };
const STRANGER = { id: 'u-stranger', name: '路人' };

describe('e2e: bad input changes nothing', function () {
  let server: TestServer;
  let files: Awaited<ReturnType<typeof fileServer>>;

  before(async function () {
    ({ server } = await serverWithReporter(REPORTER, { env: { JIENENG_MAX_UPLOAD_MB: '1' } }));
    files = await fileServer();
  });

  after(async function () {
    await server?.stop();
    await files?.close();
  });


  it("refuses another county's workbook", async function () {
    const other = await xlsxBuffer(sample({ county: JINCHENG.counties[5]! }));
    const r = await unchanged(server, () => say(server, REPORTER, '', [{ name: '高平市.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('gp.xlsx', other) }]));
    assert.match(replyText(r.replies), /县（市、区）是高平市，而你是泽州县的填报员/u);
    assert.match(replyText(r.replies), /没有保存/u);
  });

  it('refuses files from a user who is not bound', async function () {
    const good = await xlsxBuffer(sample());
    const before = files.requests;
    const r = await unchanged(server, () => say(server, STRANGER, '', [{ name: 'a.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('a.xlsx', good) }]));
    assert.match(replyText(r.replies), /还没有绑定县（市、区）/u);
    assert.equal(files.requests, before, 'nothing is downloaded for an unbound user');
  });

  it('refuses a file that is not .xlsx, by name and by content', async function () {
    const pdf = await unchanged(server, () => say(server, REPORTER, '', [{ name: '报表.pdf', contentType: 'application/pdf', contentUrl: files.put('x.pdf', Buffer.from('%PDF-1.4')) }]));
    assert.match(replyText(pdf.replies), /不是 Excel 工作簿（\.xlsx）/u);
    const renamed = await unchanged(server, () =>
      say(server, REPORTER, '', [{ name: '报表.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('fake.xlsx', Buffer.from('单位,电力\n甲,100\n')) }]),
    );
    assert.match(replyText(renamed.replies), /不是 Excel 工作簿/u);
    assert.match(replyText(renamed.replies), /没有保存/u);
  });

  it('refuses an oversized file without keeping it', async function () {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x41);
    const r = await unchanged(server, () => say(server, REPORTER, '', [{ name: '大.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('big.xlsx', big) }]));
    assert.match(replyText(r.replies), /超过 1 MB 的上限/u);
  });

  it('answers an unknown command with the list of commands', async function () {
    const r = await unchanged(server, () => say(server, REPORTER, '天气怎么样'));
    assert.match(replyText(r.replies), /没有“天气怎么样”这个命令/u);
    assert.match(replyText(r.replies), /帮助、绑定、进度、排名、我的提交/u);
  });

  it('refuses a wrong invite code and a reporter issuing invites', async function () {
    const wrong = await unchanged(server, () => say(server, STRANGER, '绑定 AAAA-BBBB'));
    assert.match(replyText(wrong.replies), /邀请码不正确/u);
    const notAllowed = await unchanged(server, () => say(server, REPORTER, '邀请 泽州县 填报员'));
    assert.match(replyText(notAllowed.replies), /只有督导员可以发放邀请码/u);
    const badPeriod = await unchanged(server, () => say(server, REPORTER, '进度 明年'));
    assert.match(replyText(badPeriod.replies), /不是有效的报告期/u);
  });

  it('answers garbage on /api/messages with 400 and a Chinese message', async function () {
    const r = await unchanged(server, () => fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type": "message", ' }));
    assert.equal(r.status, 400);
    const body = (await r.json()) as { error: { message: string } };
    assert.match(body.error.message, /不是有效的 JSON/u);
    const array = await unchanged(server, () => fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[1,2]' }));
    assert.equal(array.status, 400);
  });

  it('answers unknown paths and wrong methods in Chinese', async function () {
    const r = await fetch(`${server.url}/nope`);
    assert.equal(r.status, 404);
    assert.match(((await r.json()) as { error: { message: string } }).error.message, /没有这个地址/u);
    const get = await fetch(`${server.url}/api/messages`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });

  it('reports health', async function () {
    const r = await fetch(`${server.url}/healthz`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as { status: string; mode: string; counties: number };
    assert.equal(body.status, 'ok');
    assert.equal(body.mode, 'local-anonymous');
    assert.equal(body.counties, 6);
  });
});

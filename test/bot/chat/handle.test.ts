/**
 * The chat handler on its own (no HTTP, no botbuilder): the rules of who may do what, with a real
 * in-memory store, real workbooks and files whose download is under the test's control.
 */
import assert from 'node:assert/strict';
import { issueInvite } from '../../../bot/access/access.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { handleMessage } from '../../../bot/chat/handle.js';
import { DownloadError, type ChatServices, type IncomingFile, type Reply } from '../../../bot/chat/types.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { sample } from '../../shared/helpers.js';

const NOW = new Date('2026-10-10T02:00:00Z');

function services(): ChatServices {
  return { repo: memoryStore(), calendar: CHINA_CALENDAR, region: JINCHENG, maxUploadBytes: 1024 * 1024, inviteTtlDays: 7, now: () => NOW };
}

function text(replies: Reply[]): string {
  return replies.map((r) => (r.kind === 'text' ? r.text : JSON.stringify(r.card))).join('\n');
}

const user = (id: string) => ({ channelId: 'msteams', id, name: id });

async function bound(s: ChatServices, id: string, county: string | null, role: 'reporter' | 'supervisor'): Promise<void> {
  const { code } = await issueInvite(s.repo, { county, role, actor: 'test', now: NOW, ttlDays: 7 });
  const r = await handleMessage({ user: user(id), text: `绑定 ${code}`, files: [] }, s);
  assert.match(text(r), /绑定成功/u);
}

function file(name: string, data: Buffer | (() => Promise<Buffer>), size: number | null = null): IncomingFile & { downloads: number } {
  const f = {
    name,
    contentType: null,
    size,
    downloads: 0,
    async download(max: number): Promise<Buffer> {
      f.downloads += 1;
      const bytes = typeof data === 'function' ? await data() : data;
      if (bytes.length > max) throw new DownloadError('too-large', 'too large');
      return bytes;
    },
  };
  return f;
}

describe('chat handler', function () {
  it('binds with a code typed in lower case with spaces, and an expired code is refused', async function () {
    const s = services();
    const { code } = await issueInvite(s.repo, { county: '阳城县', role: 'reporter', actor: 't', now: NOW, ttlDays: 7 });
    const ok = await handleMessage({ user: user('a'), text: `绑定  ${code.toLowerCase().replace('-', ' ')}`, files: [] }, s);
    assert.match(text(ok), /绑定成功：你是阳城县填报员/u);
    assert.equal((await s.repo.member('msteams', 'a'))?.county, '阳城县');
    const old = await issueInvite(s.repo, { county: '阳城县', role: 'reporter', actor: 't', now: new Date('2026-09-01T00:00:00Z'), ttlDays: 7 });
    const expired = await handleMessage({ user: user('b'), text: `绑定 ${old.code}`, files: [] }, s);
    assert.match(text(expired), /已过期/u);
    assert.equal((await s.repo.member('msteams', 'b')), undefined);
  });

  it('lets a supervisor issue codes and explains a bad invite', async function () {
    const s = services();
    await bound(s, 'boss', null, 'supervisor');
    const ok = await handleMessage({ user: user('boss'), text: '邀请 高平 填报员', files: [] }, s);
    assert.match(text(ok), /已生成高平市填报员邀请码：[A-Z2-9]{4}-[A-Z2-9]{4}/u);
    const noCounty = await handleMessage({ user: user('boss'), text: '邀请 填报员', files: [] }, s);
    assert.match(text(noCounty), /填报员必须属于一个县（市、区）/u);
    const unknown = await handleMessage({ user: user('boss'), text: '邀请 太原市 填报员', files: [] }, s);
    assert.match(text(unknown), /无法识别“太原市”/u);
  });

  it('submits a file for the reporter county and counts the version', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    const f = file('泽州县.xlsx', await xlsxBuffer(sample()));
    const r = await handleMessage({ user: user('w'), text: '', files: [f] }, s);
    assert.equal(r[0]?.kind, 'card');
    assert.match(text(r), /已受理/u);
    assert.deepEqual((await s.repo.submissions()).map((x) => [x.county, x.version, x.via, x.sender.id]), [['泽州县', 1, 'chat', 'msteams:w']]);
  });

  it('says a supervisor cannot submit and does not download', async function () {
    const s = services();
    await bound(s, 'boss', null, 'supervisor');
    const f = file('泽州县.xlsx', Buffer.from('x'));
    const r = await handleMessage({ user: user('boss'), text: '', files: [f] }, s);
    assert.match(text(r), /只有县（市、区）填报员可以提交报表/u);
    assert.equal(f.downloads, 0);
    assert.equal((await s.repo.submissions()).length, 0);
  });

  it('refuses an announced oversized file before downloading, and a download that turns out too big', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    const announced = file('大.xlsx', Buffer.alloc(10), 5 * 1024 * 1024);
    assert.match(text(await handleMessage({ user: user('w'), text: '', files: [announced] }, s)), /超过 1 MB 的上限/u);
    assert.equal(announced.downloads, 0);
    const streamed = file('大.xlsx', Buffer.alloc(2 * 1024 * 1024));
    assert.match(text(await handleMessage({ user: user('w'), text: '', files: [streamed] }, s)), /超过 1 MB 的上限/u);
    assert.equal((await s.repo.submissions()).length, 0);
  });

  it('handles one file at a time and says so', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    const data = await xlsxBuffer(sample());
    const r = await handleMessage({ user: user('w'), text: '', files: [file('a.xlsx', data), file('b.xlsx', data)] }, s);
    assert.match(text(r), /一次只处理一个文件：已处理“a\.xlsx”，其余 1 个请分别发送/u);
    assert.equal((await s.repo.submissions()).length, 1);
  });

  it('refuses a quarter that has not started', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    const r = await handleMessage({ user: user('w'), text: '', files: [file('q1.xlsx', await xlsxBuffer(sample({ period: { year: 2027, quarter: 1 } })))] }, s);
    assert.match(text(r), /报告期 2027Q1 还没有开始/u);
    assert.equal((await s.repo.submissions()).length, 0);
  });

  it('defaults 进度 to the last ended quarter and shows a reporter only their county', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    const r = text(await handleMessage({ user: user('w'), text: '进度', files: [] }, s));
    assert.match(r, /2026年第3季度报送进度/u);
    assert.ok(r.includes('泽州县') && !r.includes('城区'));
  });

  it('shows help by role', async function () {
    const s = services();
    assert.match(text(await handleMessage({ user: user('x'), text: '帮助', files: [] }, s)), /你还没有绑定/u);
    await bound(s, 'boss', null, 'supervisor');
    assert.match(text(await handleMessage({ user: user('boss'), text: 'help', files: [] }, s)), /邀请 泽州县 填报员/u);
  });
});

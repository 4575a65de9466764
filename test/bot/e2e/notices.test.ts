/**
 * Notices (通报) end to end over POST /api/messages against the real server: the demo seed for
 * 2026Q3 (four on time, 高平市 late, 陵川县 missing), a supervisor who registers a group chat as the
 * notice channel, previews a draft in private (Word and Excel behind signed links), is refused for
 * a quarter not yet due, publishes (document number, stored revision 0, delivered by the scheduler
 * into the supervisor's chat and the notice channel through a capturing Bot Connector), is told
 * nothing changed, and after 陵川县 submits publishes a numbered correction. Reporters and strangers
 * are refused and nothing is stored. 进度 shows a failed reminder from the ledger.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as X from 'exceljs';
import JSZip from 'jszip';
import ExcelJS from '../../../bot/xlsx/exceljs.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { NOTICE_CHANNEL_PREFIX } from '../../../bot/store/types.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { noticeDraftTime } from '../../../shared/schedule/plan.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';
import { JINCHENG } from '../../../shared/counties.js';
import { sample } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { capturingConnector, type CapturingConnector, type ConnectorCall } from '../channels/capturing-connector.js';
import { activity, cards, replyText, startTestServer, unchanged, XLSX_TYPE, type BotActivity, type ChatUserRef, type TestServer } from './harness.js';

const SUPERVISOR: ChatUserRef = { id: 'u-city-li', name: '李督导' };
const REPORTER: ChatUserRef = { id: 'u-zezhou-wang', name: '王填报' };
const STRANGER: ChatUserRef = { id: 'u-stranger', name: '路人' };
const GROUP = { id: '19:supervisors@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: 't1' };
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const COUNTIES = JINCHENG.counties.map((c) => c.name);
const Q3_TITLE = '晋城市机关事务管理局关于2026年第三季度全市公共机构节约能源资源工作情况的通报';

interface Demo {
  supervisorCode: string;
  reporterCodes: Record<string, string>;
  tokens: Record<string, string>;
}

/** The demo credentials the server wrote beside its data on first start. */
async function demoCredentials(dir: string): Promise<Demo> {
  const text = await readFile(join(dir, '演示账号.txt'), 'utf8');
  const supervisorCode = /督导员邀请码：(\S+)/u.exec(text)?.[1];
  assert.ok(supervisorCode, text);
  const reporterCodes: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const m of text.matchAll(/ {2}(\S+)填报员邀请码：(\S+) +API 令牌：(\S+)/gu)) {
    reporterCodes[m[1]!] = m[2]!;
    tokens[m[1]!] = m[3]!;
  }
  return { supervisorCode, reporterCodes, tokens };
}

/** Files behind the card's Word and Excel buttons. */
function cardLinks(replies: readonly BotActivity[]): { docx: string; xlsx: string } {
  const urls: Record<string, string> = {};
  for (const c of cards(replies)) for (const a of ((c as { actions?: { title: string; url: string }[] }).actions ?? [])) urls[a.title] = a.url;
  const docx = urls['Word 通报'];
  const xlsx = urls['Excel 明细'];
  assert.ok(docx && xlsx, `the card has both file buttons: ${JSON.stringify(urls)}`);
  return { docx, xlsx };
}

/** The counties of the card's rank table, in rank order (each row: rank, county, total, state). */
function cardOrder(replies: readonly BotActivity[]): string[] {
  const lines = replyText(replies).split('\n');
  return COUNTIES.map((_, i) => {
    const at = lines.findIndex((l, k) => l === String(i + 1) && COUNTIES.includes(lines[k + 1] ?? ''));
    assert.ok(at >= 0, `rank ${i + 1} in the card:\n${lines.join('\n')}`);
    return lines[at + 1]!;
  });
}

async function download(url: string, type: string): Promise<Buffer> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${await r.clone().text()}`);
  assert.equal(r.headers.get('content-type'), type);
  return Buffer.from(await r.arrayBuffer());
}

function decode(text: string): string {
  return text.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&');
}

const textOf = (xml: string): string => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => decode(m[1]!)).join('');

/** The .docx read back: its whole text and the rank table's rows (cells as text). */
async function readDocx(data: Buffer): Promise<{ xml: string; text: string; rows: string[][] }> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')!.async('string');
  const table = /<w:tbl>[\s\S]*?<\/w:tbl>/u.exec(xml)?.[0] ?? '';
  const rows = [...table.matchAll(/<w:tr(?:\s[^>]*)?>[\s\S]*?<\/w:tr>/gu)].map((row) => [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/gu)].map((cell) => textOf(cell[0])));
  return { xml, text: textOf(xml), rows };
}

/** The .xlsx read back with exceljs: every sheet's values, row by row. */
async function readXlsx(data: Buffer): Promise<Record<string, unknown[][]>> {
  const wb: X.Workbook = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => (rows[n - 1] = (row.values as unknown[]).slice(1)));
    out[ws.name] = rows;
  }
  return out;
}

describe('e2e: notices — notice channel, preview, publish, delivery, corrections', function () {
  this.timeout(60_000);
  let server: TestServer;
  let connector: CapturingConnector;
  let demo: Demo;

  before(async function () {
    connector = await capturingConnector();
    // 10:00 on 30 Nov 2026 in Shanghai: 2026Q3 (due 15 Oct) is past, 2026Q4 (due 15 Jan 2027) is not.
    server = await startTestServer({ now: new Date('2026-11-30T02:00:00Z'), env: { JIENENG_SEED_DEMO: 'true' } });
    demo = await demoCredentials(server.dir);
    assert.ok(demo.tokens['陵川县'] && demo.reporterCodes['泽州县'], 'the demo issued codes and tokens for every county');
  });

  after(async function () {
    await server?.stop();
    await connector?.close();
  });

  /** Posts one message with the connector as its service URL, optionally in another conversation. */
  async function say(user: ChatUserRef, text: string, conversation?: Record<string, unknown>): Promise<BotActivity[]> {
    const message = { ...activity(user, text), serviceUrl: connector.serviceUrl, ...(conversation ? { conversation } : {}) };
    const r = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
    assert.equal(r.status, 200);
    return ((await r.json()) as { activities?: BotActivity[] }).activities ?? [];
  }

  const sayText = async (user: ChatUserRef, text: string, conversation?: Record<string, unknown>) => replyText(await say(user, text, conversation));

  /** Activity posts into conversations whose body mentions `needle`, once at least `count` have come. */
  async function posted(needle: string, count: number): Promise<ConnectorCall[]> {
    const matching = () => connector.activityCalls().filter((c) => JSON.stringify(c.body).includes(needle));
    const until = Date.now() + 15_000;
    while (matching().length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    // A little longer: more than expected would be a double send.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return matching();
  }

  const noticeChannels = async () => (await server.repo.conversations()).filter((c) => c.key.startsWith(NOTICE_CHANNEL_PREFIX));

  it('1. a supervisor registers a group chat as the notice channel; a reporter and a stranger are refused', async function () {
    assert.match(await sayText(SUPERVISOR, `绑定 ${demo.supervisorCode}`), /绑定成功：你是全市督导员/u);
    assert.match(await sayText(REPORTER, `绑定 ${demo.reporterCodes['泽州县']!}`), /绑定成功：你是泽州县填报员/u);

    assert.match(await sayText(REPORTER, '设为通报群', GROUP), /只有督导员可以设置通报群/u);
    assert.match(await sayText(STRANGER, '设为通报群', GROUP), /还没有绑定/u);
    assert.deepEqual(await noticeChannels(), []);
    // In a private chat it cannot be done.
    assert.match(await sayText(SUPERVISOR, '设为通报群'), /私聊不能设为通报群/u);
    assert.deepEqual(await noticeChannels(), []);

    assert.match(await sayText(SUPERVISOR, '设为通报群', GROUP), /已把本群设为通报群/u);
    const channels = await noticeChannels();
    assert.equal(channels.length, 1);
    assert.equal((channels[0]!.reference as { conversation: { id: string } }).conversation.id, GROUP.id);
    assert.equal((channels[0]!.reference as { serviceUrl: string }).serviceUrl, connector.serviceUrl);
    assert.ok((await server.repo.auditLog()).some((e) => e.action === 'notice-channel.set' && e.actor === `msteams:${SUPERVISOR.id}`));
  });

  let draftOrder: string[] = [];
  let draftLinks: { docx: string; xlsx: string };

  it('2. 预览通报 is private: refused in the group, a draft card with Word and Excel files in the personal chat', async function () {
    assert.match(await unchanged(server, () => sayText(SUPERVISOR, '预览通报 2026Q3', GROUP)), /只在与我的私聊中预览/u);

    const replies = await say(SUPERVISOR, '预览通报 2026Q3');
    const text = replyText(replies);
    assert.equal(cards(replies).length, 1);
    assert.match(text, /草稿：只有督导员能看到，尚未发布/u);
    assert.ok(text.includes(Q3_TITLE), text);
    assert.match(text, /6 个县区：按时 4，逾期 1，未报送 1。/u);
    assert.doesNotMatch(text, /尚未到截止日期/u, 'the quarter is past its due date');
    draftOrder = cardOrder(replies);
    assert.deepEqual([...draftOrder].sort(), [...COUNTIES].sort());
    assert.equal(draftOrder.at(-1), '陵川县', 'a county that submitted nothing ranks last');
    assert.deepEqual(await server.repo.notices(), [], 'a preview stores nothing');

    draftLinks = cardLinks(replies);
    assert.match(draftLinks.docx, /\/notices\/2026Q3-draft\.docx\?/u);
    assert.match(draftLinks.xlsx, /\/notices\/2026Q3-draft\.xlsx\?/u);

    const docx = await readDocx(await download(draftLinks.docx, DOCX_TYPE));
    assert.ok(docx.text.includes(Q3_TITLE), 'the Word file carries the title');
    assert.match(docx.text, /草稿/u);
    assert.deepEqual(
      docx.rows.slice(1).map((r) => r[1]),
      draftOrder,
      'the Word rank table lists the counties in the card’s rank order',
    );
    assert.deepEqual(
      docx.rows.slice(1).map((r) => r[0]),
      ['1', '2', '3', '4', '5', '6'],
    );

    const xlsx = await readXlsx(await download(draftLinks.xlsx, XLSX_TYPE));
    assert.ok('排名' in xlsx && '指标' in xlsx, `sheets: ${Object.keys(xlsx).join(', ')}`);
    assert.deepEqual(
      xlsx['排名']!.slice(1, 7).map((r) => r[1]),
      draftOrder,
    );
    const indicatorCounties = xlsx['指标']!.map((r) => r[0]).filter((v): v is string => typeof v === 'string' && COUNTIES.includes(v));
    assert.deepEqual([...new Set(indicatorCounties)].sort(), [...COUNTIES].sort(), 'every county has its indicator row');

    // A link changed by hand: refused in Chinese, as JSON.
    const forged = [
      draftLinks.docx.replace('2026Q3-draft.docx', '2026Q2-draft.docx'),
      draftLinks.xlsx.replace(/sig=([^&])/u, (_, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`),
      draftLinks.docx.split('?')[0]!,
    ];
    for (const url of forged) {
      const r = await fetch(url);
      assert.equal(r.status, 403, url);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/u);
      const body = (await r.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'bad-link');
      assert.match(body.error.message, /下载链接无效/u);
    }
  });

  it('3. a quarter before its due date cannot be published, and its 排名 says so', async function () {
    const refused = await unchanged(server, () => sayText(SUPERVISOR, '发布通报 2026Q4'));
    assert.match(refused, /截至 2026年11月30日，2026年第4季度尚未到截止日期（2027年1月15日），排名和通报只是当前情况，不能发布。/u);
    assert.match(await sayText(SUPERVISOR, '排名 2026Q4'), /截至 2026年11月30日，.*尚未到截止日期/u);
    assert.doesNotMatch(await sayText(SUPERVISOR, '排名 2026Q3'), /尚未到截止日期/u);
  });

  it('5. a reporter or a stranger asking for notices is refused and nothing is stored', async function () {
    for (const command of ['预览通报 2026Q3', '发布通报 2026Q3', '发布通报']) {
      assert.match(await unchanged(server, () => sayText(REPORTER, command)), /只有督导员可以预览和发布通报/u, command);
      assert.match(await unchanged(server, () => sayText(STRANGER, command)), /还没有绑定/u, command);
    }
    assert.deepEqual(await server.repo.notices(), []);
  });

  let publishedLinks: { docx: string; xlsx: string };
  let publishedDocx: string;
  let publishedXlsx: Record<string, unknown[][]>;
  const personalPath = `/v3/conversations/personal-${SUPERVISOR.id}/activities`;
  const groupPath = `/v3/conversations/${encodeURIComponent(GROUP.id)}/activities`;

  it('4a. publishing a past quarter numbers it, stores revision 0 and the scheduler delivers it to the notice channel and the supervisor', async function () {
    const replies = await say(SUPERVISOR, '发布通报 2026Q3');
    const text = replyText(replies);
    assert.match(replies[0]?.text ?? '', /^晋市机管通〔2026〕1号 已发布/u);
    assert.equal(cards(replies).length, 1);
    assert.doesNotMatch(text, /草稿/u);
    assert.ok(text.includes(Q3_TITLE), text);
    assert.deepEqual(cardOrder(replies), draftOrder, 'the published order is the draft’s');

    const notices = await server.repo.notices();
    assert.equal(notices.length, 1);
    assert.deepEqual([notices[0]!.period, notices[0]!.revision, notices[0]!.docNumber, notices[0]!.createdBy], ['2026Q3', 0, '晋市机管通〔2026〕1号', `msteams:${SUPERVISOR.id}`]);

    // The scheduler sends the card into the supervisor's chat and the notice channel, once each; not to reporters.
    const calls = await posted('晋市机管通〔2026〕1号', 2);
    assert.deepEqual(calls.map((c) => c.path).sort(), [personalPath, groupPath].sort());
    for (const call of calls) {
      const [attachment] = (call.body as { attachments: { contentType: string; content: unknown }[] }).attachments;
      assert.equal(attachment!.contentType, 'application/vnd.microsoft.card.adaptive');
      assert.ok(JSON.stringify(attachment!.content).includes(Q3_TITLE));
      assert.deepEqual(cardOrder([{ type: 'message', attachments: [attachment!] }]), draftOrder);
    }
    assert.ok(!connector.activityCalls().some((c) => c.path.includes(REPORTER.id)), 'reporters do not get the notice');
    const ledger = (await server.repo.reminders()).filter((r) => r.key.startsWith('notice:2026Q3:r0:supervisors@'));
    assert.deepEqual(ledger.map((r) => r.status), ['sent', 'sent']);

    publishedLinks = cardLinks(replies);
    assert.match(publishedLinks.docx, /\/notices\/2026Q3-r0\.docx\?/u);
    const docx = await readDocx(await download(publishedLinks.docx, DOCX_TYPE));
    assert.ok(docx.text.includes('晋市机管通〔2026〕1号') && docx.text.includes(Q3_TITLE));
    assert.doesNotMatch(docx.text, /草稿/u);
    assert.deepEqual(docx.rows.slice(1).map((r) => r[1]), draftOrder);
    publishedDocx = docx.xml;
    publishedXlsx = await readXlsx(await download(publishedLinks.xlsx, XLSX_TYPE));
  });

  it('4b. publishing again with unchanged data says no correction is needed and stores nothing', async function () {
    const before = connector.activityCalls().length;
    server.clock.now = new Date('2026-12-01T02:00:00Z');
    const text = await unchanged(server, () => sayText(SUPERVISOR, '发布通报 2026Q3'));
    assert.match(text, /已于 2026年11月30日 发布（晋市机管通〔2026〕1号），此后数据没有变化，无需更正/u);
    assert.equal((await server.repo.notices()).length, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(connector.activityCalls().length, before, 'nothing more was sent');
  });

  it('4c. after 陵川县 submits, publishing again makes correction 1 that says what changed; revision 0 stays as published', async function () {
    server.clock.now = new Date('2026-12-02T02:00:00Z');
    const lingchuan = JINCHENG.counties.find((c) => c.name === '陵川县')!;
    const data = await xlsxBuffer(sample({ county: lingchuan, period: { year: 2026, quarter: 3 }, institutions: 20, seed: 11 }));
    const r = await fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': XLSX_TYPE, Authorization: `Bearer ${demo.tokens['陵川县']!}` }, body: data });
    const answer = (await r.json()) as { status: string; late: boolean };
    assert.equal(r.status, 201, JSON.stringify(answer));
    assert.deepEqual([answer.status, answer.late], ['accepted', true]);

    const replies = await say(SUPERVISOR, '发布通报 2026Q3');
    const text = replyText(replies);
    assert.match(replies[0]?.text ?? '', /^第 1 次更正（晋市机管通〔2026〕2号）已发布/u);
    assert.match(text, /第 1 次更正（更正 晋市机管通〔2026〕1号）/u);
    assert.ok(text.includes('晋城市机关事务管理局关于2026年第三季度全市公共机构节约能源资源工作情况的更正通报'), text);
    assert.match(text, /陵川县[^\n]*报送情况由“未报送”更正为“逾期报送”/u);
    const order = cardOrder(replies);
    assert.notDeepEqual(order, draftOrder, 'the ranking changed');
    assert.match(text, /6 个县区：按时 4，逾期 2，未报送 0。/u);

    const notices = await server.repo.notices();
    assert.deepEqual(
      notices.map((n) => [n.revision, n.docNumber]),
      [
        [0, '晋市机管通〔2026〕1号'],
        [1, '晋市机管通〔2026〕2号'],
      ],
    );
    assert.match(notices[1]!.text, /更正/u);

    const calls = await posted('晋市机管通〔2026〕2号', 2);
    assert.deepEqual(calls.map((c) => c.path).sort(), [personalPath, groupPath].sort());
    for (const call of calls) assert.match(JSON.stringify(call.body), /陵川县[^"]*报送情况由/u);
    assert.equal((await posted('晋市机管通〔2026〕1号', 0)).filter((c) => !JSON.stringify(c.body).includes('更正')).length, 2, 'revision 0 was not sent again');

    // The published revision's files are what was published, whatever the data since.
    const docx = await readDocx(await download(publishedLinks.docx, DOCX_TYPE));
    assert.equal(docx.xml, publishedDocx);
    assert.deepEqual(await readXlsx(await download(publishedLinks.xlsx, XLSX_TYPE)), publishedXlsx);
    // While the draft follows the data.
    const draft = await readDocx(await download(draftLinks.docx, DOCX_TYPE));
    assert.deepEqual(draft.rows.slice(1).map((r) => r[1]), order);
    // And the correction's own files say so.
    const correction = await readDocx(await download(cardLinks(replies).docx, DOCX_TYPE));
    assert.match(correction.text, /更正事项/u);
    assert.match(correction.text, /晋市机管通〔2026〕2号/u);
  });

  it('6. 进度 shows a county’s last reminder that failed, from the ledger', async function () {
    server.clock.now = new Date('2026-12-03T01:00:00Z');
    const key = `due-3:2026Q4:泽州县@chat:x`;
    assert.equal(await server.repo.claimReminder(key, server.clock.now), true);
    await server.repo.markReminder(key, 'failed', '会话已不存在（HTTP 404）', server.clock.now);
    const text = await sayText(SUPERVISOR, '进度 2026Q4');
    const line = text.split('\n').find((l) => l.startsWith('最近提醒') && l.includes('发送失败'));
    assert.ok(line, text);
    assert.match(line, /最近提醒：12-03 09:00 .*截止前 3 天，发送失败：会话已不存在（HTTP 404）/u);
    // It is 泽州县's line: the reporter sees it for their own county too.
    assert.match(await sayText(REPORTER, '进度 2026Q4'), /泽州县[\s\S]*最近提醒：12-03 09:00 [^\n]*发送失败：会话已不存在（HTTP 404）/u);
  });
});

describe('e2e: notices — the automatic draft after a restart', function () {
  this.timeout(60_000);
  let connector: CapturingConnector;
  let temp: { dir: string; cleanup: () => Promise<void> };
  let server: TestServer | null = null;

  before(async function () {
    connector = await capturingConnector();
    temp = await tempDir();
  });

  after(async function () {
    await server?.stop();
    await connector?.close();
    await temp?.cleanup();
  });

  async function post(user: ChatUserRef, text: string, conversation?: Record<string, unknown>): Promise<string> {
    const message = { ...activity(user, text), serviceUrl: connector.serviceUrl, ...(conversation ? { conversation } : {}) };
    const r = await fetch(`${server!.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
    assert.equal(r.status, 200);
    return replyText(((await r.json()) as { activities?: BotActivity[] }).activities ?? []);
  }

  it('a server started after the draft time sends the quarter’s draft once to the supervisor and the notice channel, with working links', async function () {
    const draftAt = noticeDraftTime({ year: 2026, quarter: 3 }, CHINA_CALENDAR, DEFAULT_SCHEDULE_RULES);
    assert.equal(draftAt.date, '2026-10-22', 'five working days after Thu 15 Oct');

    // Before the draft time: the supervisor binds and registers the group.
    server = await startTestServer({ dir: temp.dir, now: new Date('2026-10-20T02:00:00Z'), env: { JIENENG_SEED_DEMO: 'true' } });
    const demo = await demoCredentials(temp.dir);
    assert.match(await post(SUPERVISOR, `绑定 ${demo.supervisorCode}`), /绑定成功/u);
    assert.match(await post(SUPERVISOR, '设为通报群', GROUP), /已把本群设为通报群/u);
    await server.stop();
    server = null;
    assert.equal(connector.activityCalls().filter((c) => JSON.stringify(c.body).includes('通报草稿已生成')).length, 0, 'no draft before its time');

    // Down over the draft time; back five minutes after it: the catch-up tick sends the draft.
    server = await startTestServer({ dir: temp.dir, now: new Date(draftAt.at + 5 * 60_000) });
    const drafts = async () => connector.activityCalls().filter((c) => JSON.stringify(c.body).includes('通报草稿已生成'));
    const until = Date.now() + 15_000;
    const draftCards = () => connector.activityCalls().filter((c) => JSON.stringify(c.body).includes('草稿：只有督导员能看到'));
    // Each conversation gets the text, then the card: wait for both in both.
    while (((await drafts()).length < 2 || draftCards().length < 2) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    const calls = await drafts();
    assert.deepEqual(calls.map((c) => c.path).sort(), [`/v3/conversations/personal-${SUPERVISOR.id}/activities`, `/v3/conversations/${encodeURIComponent(GROUP.id)}/activities`].sort());
    assert.match(JSON.stringify(calls[0]!.body), /发布通报 2026Q3/u);
    // The draft card follows its text into each conversation, with working file links.
    const cardCalls = draftCards();
    assert.equal(cardCalls.length, 2);
    const attachments = (cardCalls[0]!.body as { attachments: { contentType: string; content: unknown }[] }).attachments;
    const links = cardLinks([{ type: 'message', attachments }]);
    const docx = await readDocx(await download(links.docx, DOCX_TYPE));
    assert.ok(docx.text.includes(Q3_TITLE));
    assert.deepEqual(await server.repo.notices(), [], 'a draft is not published');
    const ledger = (await server.repo.reminders()).filter((r) => r.key.startsWith('notice-draft:2026Q3:supervisors@'));
    assert.deepEqual(ledger.map((r) => r.status), ['sent', 'sent']);

    // Another restart does not send it again.
    await server.stop();
    server = await startTestServer({ dir: temp.dir, now: new Date(draftAt.at + 60 * 60_000) });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await drafts()).length, 2);
  });
});

describe('e2e: notices — a server with scheduled sending turned off', function () {
  this.timeout(60_000);
  let connector: CapturingConnector;
  let server: TestServer;

  before(async function () {
    connector = await capturingConnector();
    server = await startTestServer({ now: new Date('2026-11-30T02:00:00Z'), env: { JIENENG_SEED_DEMO: 'true', JIENENG_REMINDERS: 'false' } });
  });

  after(async function () {
    await server?.stop();
    await connector?.close();
  });

  it('publishes without promising a delivery nothing will make', async function () {
    const post = async (text: string, conversation?: Record<string, unknown>): Promise<BotActivity[]> => {
      const message = { ...activity(SUPERVISOR, text), serviceUrl: connector.serviceUrl, ...(conversation ? { conversation } : {}) };
      const r = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
      return ((await r.json()) as { activities?: BotActivity[] }).activities ?? [];
    };
    const demo = await demoCredentials(server.dir);
    await post(`绑定 ${demo.supervisorCode}`);
    assert.match(replyText(await post('设为通报群', GROUP)), /已把本群设为通报群/u);
    const replies = await post('发布通报 2026Q3');
    assert.match(replies[0]?.text ?? '', /^晋市机管通〔2026〕1号 已发布。自动发送已关闭（JIENENG_REMINDERS=false），通报不会自动发到通报群和群机器人，请自行转发。$/u);
    assert.doesNotMatch(replies[0]?.text ?? '', /将发到通报群/u);
    assert.equal(cards(replies).length, 1, 'the card with the files is still there to forward');
    assert.equal((await server.repo.notices()).length, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(connector.activityCalls().length, 0, 'indeed nothing was sent');
  });
});

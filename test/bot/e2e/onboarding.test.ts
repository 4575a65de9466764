/**
 * Getting started over POST /api/messages against the real server in local anonymous mode (so cards
 * carry links to it): the bot added to a chat greets with the welcome card, whose 帮助 button's payload
 * (value.jieneng, no text, as Web Chat and the Emulator send it) gets the help card; 模板's links
 * download the blank template (the bytes `jieneng template` writes) and the reporter's county sample
 * (valid for `jieneng validate`); 加载项 carries the manifest's URL, which downloads; 令牌 is refused
 * in a group chat and in a personal chat gives a token that submits while the old one gets 401.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as X from 'exceljs';
import JSZip from 'jszip';
import ExcelJS from '../../../bot/xlsx/exceljs.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { blankTemplate, GUIDE_SHEET } from '../../../shared/template/blank.js';
import { sample } from '../../shared/helpers.js';
import { cli, tempDir } from '../helpers.js';
import { activity, cards, replyText, serverWithReporter, unchanged, XLSX_TYPE, type BotActivity, type ChatUserRef, type TestServer } from './harness.js';

const REPORTER: ChatUserRef = { id: 'u-zezhou-wang', name: '王填报' };
const NEWCOMER: ChatUserRef = { id: 'u-new', name: '新人' };
const GROUP = { id: '19:county@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: 't1' };
const BOT = { id: 'jieneng-bot', name: '节能通' };

interface Button {
  type: string;
  title: string;
  url?: string;
  data?: { jieneng: string };
}

/** Every button of the replies' cards, in body ActionSets and under the cards. */
function buttons(replies: readonly BotActivity[]): Button[] {
  const out: Button[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['actions'])) out.push(...(o['actions'] as Button[]));
    for (const [k, v] of Object.entries(o)) if (k !== 'actions') walk(v);
  };
  walk(cards(replies));
  return out;
}

const commandsOf = (replies: readonly BotActivity[]) => buttons(replies).flatMap((b) => (b.type === 'Action.Submit' && b.data ? [b.data.jieneng] : []));

function link(replies: readonly BotActivity[], title: string): string {
  const url = buttons(replies).find((b) => b.type === 'Action.OpenUrl' && b.title === title)?.url;
  assert.ok(url, `a "${title}" button: ${JSON.stringify(buttons(replies))}`);
  return url;
}

async function download(url: string): Promise<{ data: Buffer; disposition: string }> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${await r.clone().text()}`);
  assert.equal(r.headers.get('content-type'), XLSX_TYPE);
  return { data: Buffer.from(await r.arrayBuffer()), disposition: r.headers.get('content-disposition') ?? '' };
}

/** A workbook's parts, but the time it was written (docProps/core.xml's modified, which the writer sets to now). */
async function parts(data: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(data);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) out[name] = (await zip.file(name)!.async('string')).replace(/<dcterms:modified[^>]*>[^<]*<\/dcterms:modified>/u, '');
  return out;
}

async function sheetNames(data: Buffer): Promise<string[]> {
  const wb: X.Workbook = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb.worksheets.map((w) => w.name);
}

describe('e2e: getting started — welcome, help buttons, template, add-in, token', function () {
  this.timeout(60_000);
  let server: TestServer;
  let oldToken: string;
  let temp: { dir: string; cleanup: () => Promise<void> };

  before(async function () {
    temp = await tempDir();
    // A built add-in: its manifest in the folder the server serves under /addin/.
    const addinDir = join(temp.dir, 'addin');
    await mkdir(addinDir);
    await writeFile(join(addinDir, 'manifest.xml'), '<?xml version="1.0" encoding="UTF-8"?><OfficeApp/>');
    const started = await serverWithReporter(REPORTER, { token: true, env: { JIENENG_ADDIN_DIR: addinDir } });
    server = started.server;
    oldToken = started.token!;
  });

  after(async function () {
    await server?.stop();
    await temp?.cleanup();
  });

  async function post(body: Record<string, unknown>): Promise<BotActivity[]> {
    const r = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 200, await r.clone().text());
    return ((await r.json()) as { activities?: BotActivity[] }).activities ?? [];
  }

  const say = (user: ChatUserRef, text: string, conversation?: Record<string, unknown>) => post({ ...activity(user, text), ...(conversation ? { conversation } : {}) });

  /** A press of a card's Action.Submit button in Web Chat or the Emulator: the command in value, no text. */
  function press(user: ChatUserRef, command: string): Promise<BotActivity[]> {
    const { text: _text, ...message } = activity(user, '');
    return post({ ...message, value: { jieneng: command } });
  }

  function added(conversation: Record<string, unknown>, by: ChatUserRef): Promise<BotActivity[]> {
    return post({
      type: 'conversationUpdate',
      id: `cu-${String(conversation['id'])}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: by.id, name: by.name },
      recipient: BOT,
      conversation,
      membersAdded: [BOT],
      deliveryMode: 'expectReplies',
    });
  }

  it('welcomes when added to a personal chat, with the bind example and the 帮助 button, whose payload gets the help card', async function () {
    const welcome = await added({ id: `personal-${NEWCOMER.id}` }, NEWCOMER);
    assert.equal(cards(welcome).length, 1);
    const text = replyText(welcome);
    assert.match(text, /我是节能通机器人/u);
    assert.match(text, /绑定 K7QD-M3XA/u);
    assert.doesNotMatch(text, /@我/u);
    assert.deepEqual(commandsOf(welcome), ['帮助']);

    const help = await unchanged(server, () => press(NEWCOMER, '帮助'));
    assert.match(replyText(help), /节能通机器人：可用命令/u);
    assert.deepEqual(commandsOf(help), ['帮助']);
    // An unbound user writing anything else gets the welcome again.
    assert.deepEqual(commandsOf(await say(NEWCOMER, '进度')), ['帮助']);
    assert.match(replyText(await say(NEWCOMER, '进度')), /我是节能通机器人[\s\S]*你还没有绑定/u);
  });

  it('says in the welcome to a group chat that it answers only when @mentioned; someone who is not the bot joining gets nothing', async function () {
    const welcome = await added(GROUP, REPORTER);
    assert.match(replyText(welcome), /在群聊和频道中，我只回答 @我 的消息/u);
    assert.match(replyText(welcome), /你已绑定为泽州县填报员/u, 'whoever added it is greeted as what they are');
    const other = await post({
      type: 'conversationUpdate', id: 'cu-other', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', from: { id: REPORTER.id }, recipient: BOT,
      conversation: GROUP, membersAdded: [{ id: 'u-someone' }], deliveryMode: 'expectReplies',
    });
    assert.deepEqual(other, []);
  });

  it("a bound reporter's help buttons work as typed commands", async function () {
    const help = await press(REPORTER, '帮助');
    assert.deepEqual(commandsOf(help), ['模板', '我的提交', '进度', '排名', '加载项', '令牌', '帮助']);
    assert.deepEqual(replyText(await press(REPORTER, '进度')), replyText(await say(REPORTER, '进度')));
  });

  it("模板 links the blank template (the bytes `jieneng template` writes) and a sample for the reporter's county that validates", async function () {
    const replies = await press(REPORTER, '模板');
    const blankUrl = link(replies, '下载空白模板');
    assert.ok(blankUrl.startsWith(`${server.url}/templates/`), blankUrl);
    const blank = await download(blankUrl);
    assert.match(blank.disposition, /filename\*=UTF-8''%E5%8E%BF%E7%BA%A7/u);
    assert.deepEqual(await sheetNames(blank.data), [GUIDE_SHEET, ...blankTemplate().sheets.map((s) => s.name)]);
    const written = join(temp.dir, 'cli-template.xlsx');
    assert.equal((await cli(['template', '--out', written])).code, 0);
    assert.deepEqual(await parts(blank.data), await parts(await readFile(written)), 'the same file as the command line writes');
    assert.ok((await download(blankUrl)).data.equals(blank.data), 'kept: the same file again');

    const sampleUrl = link(replies, '下载泽州县示例');
    assert.equal(sampleUrl, `${server.url}/templates/sample/140525.xlsx`);
    const sampled = await download(sampleUrl);
    assert.match(decodeURIComponent(sampled.disposition), /泽州县-2026Q3-示例\.xlsx/u);
    const file = join(temp.dir, 'sample.xlsx');
    await writeFile(file, sampled.data);
    const checked = await cli(['validate', file]);
    assert.equal(checked.code, 0, checked.out);
    assert.match(checked.out, /泽州县/u);

    for (const path of ['/templates/sample/999999.xlsx', '/templates/sample/abc.xlsx', '/templates/other.xlsx']) {
      const r = await fetch(`${server.url}${path}`);
      assert.equal(r.status, 404, path);
      assert.match(((await r.json()) as { error: { message: string } }).error.message, /没有/u);
    }
    assert.equal((await fetch(blankUrl, { method: 'POST' })).status, 405);
  });

  it('加载项 gives the steps and the manifest URL, which downloads', async function () {
    const replies = await say(REPORTER, '加载项');
    const url = `${server.url}/addin/manifest.xml`;
    assert.ok(replyText(replies).includes(url));
    assert.equal(link(replies, '下载清单'), url);
    const r = await fetch(url);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<OfficeApp/u);
    assert.deepEqual(commandsOf(replies), ['令牌']);
  });

  it('令牌 is refused in a group chat; in the personal chat it gives a token that submits, and the old one gets 401', async function () {
    // (Writing in the group records the conversation, as any message does; the token is what must not change.)
    const tokensBefore = JSON.stringify((JSON.parse(await server.storeBytes()) as { tokens: unknown }).tokens);
    assert.match(replyText(await say(REPORTER, '令牌', GROUP)), /令牌只在与我的私聊中发放/u);
    assert.equal(JSON.stringify((JSON.parse(await server.storeBytes()) as { tokens: unknown }).tokens), tokensBefore);
    const card = await press(REPORTER, '令牌');
    const token = /^jn_\S+$/mu.exec(replyText(card))?.[0];
    assert.ok(token, replyText(card));
    const data = await xlsxBuffer(sample());
    const submit = (t: string) => fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': XLSX_TYPE, Authorization: `Bearer ${t}` }, body: data });
    assert.equal((await submit(oldToken)).status, 401);
    const accepted = await submit(token);
    assert.equal(accepted.status, 201, await accepted.clone().text());
    assert.equal(((await accepted.json()) as { county: string }).county, '泽州县');
    const audit = (await server.repo.auditLog()).filter((e) => e.action === 'token.issue');
    assert.equal(audit.at(-1)?.actor, `msteams:${REPORTER.id}`);
    assert.doesNotMatch(JSON.stringify(await server.repo.auditLog()), new RegExp(token, 'u'));
  });
});

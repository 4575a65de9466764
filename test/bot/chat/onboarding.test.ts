/**
 * Getting started from the chat, at the handler: the welcome for unbound users (in a personal and a
 * group chat), the help card's buttons per role, 模板 with and without the server's links, 加载项
 * with a built, an unbuilt and an unlinked add-in, and 令牌 (issued to a reporter in a personal chat
 * only, the old token revoked, audited without the token; refused elsewhere, nothing stored).
 */
import assert from 'node:assert/strict';
import { countyForToken, issueInvite } from '../../../bot/access/access.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import type { AdaptiveCard, CardAction, CardElement } from '../../../bot/chat/cards/elements.js';
import { parseChatCommand } from '../../../bot/chat/commands.js';
import { handleMessage } from '../../../bot/chat/handle.js';
import type { ChatLinks, ChatServices, IncomingMessage, Reply } from '../../../bot/chat/types.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import { JINCHENG } from '../../../shared/counties.js';

const NOW = new Date('2026-10-10T02:00:00Z');
const BASE = 'https://jieneng.example.cn';

function links(manifest: string | null): ChatLinks {
  return {
    issueReport: () => `${BASE}/reports/x`,
    server: () => BASE,
    template: () => `${BASE}/templates/t.xlsx`,
    sample: (code) => `${BASE}/templates/sample/${code}.xlsx`,
    addinManifest: async () => manifest,
  };
}

function services(l?: ChatLinks): ChatServices {
  return { repo: memoryStore(), calendar: CHINA_CALENDAR, region: JINCHENG, maxUploadBytes: 1024 * 1024, inviteTtlDays: 7, links: l, now: () => NOW };
}

const PERSONAL = { id: 'personal', type: 'personal', reference: {} } as const;
const GROUP = { id: '19:g@thread.v2', type: 'groupChat', reference: {} } as const;
const CHANNEL = { id: '19:c@thread.tacv2', type: 'channel', reference: {} } as const;

function message(id: string, text: string, conversation: IncomingMessage['conversation'] = PERSONAL): IncomingMessage {
  return { user: { channelId: 'msteams', id, name: id }, text, files: [], conversation };
}

async function bound(s: ChatServices, id: string, county: string | null, role: 'reporter' | 'supervisor'): Promise<void> {
  const { code } = await issueInvite(s.repo, { county, role, actor: 'test', now: NOW, ttlDays: 7 });
  const r = await handleMessage(message(id, `绑定 ${code}`), s);
  assert.match(texts(r), /绑定成功/u);
}

function only(replies: Reply[]): AdaptiveCard {
  assert.equal(replies.length, 1, JSON.stringify(replies));
  const r = replies[0]!;
  assert.equal(r.kind, 'card', JSON.stringify(r));
  return (r as { card: AdaptiveCard }).card;
}

/** Every TextBlock of a card, in order. */
function texts(replies: Reply[]): string {
  const out: string[] = [];
  const walk = (els: readonly CardElement[]): void => {
    for (const e of els) {
      if (e.type === 'TextBlock') out.push(e.text);
      else if (e.type === 'Container') walk(e.items);
      else if (e.type === 'ColumnSet') for (const c of e.columns) walk(c.items);
    }
  };
  for (const r of replies) {
    if (r.kind === 'text') out.push(r.text);
    else walk(r.card.body);
  }
  return out.join('\n');
}

/** Every button of a card, in the body's ActionSets and under it. */
function buttons(card: AdaptiveCard): CardAction[] {
  const out: CardAction[] = [];
  const walk = (els: readonly CardElement[]): void => {
    for (const e of els) {
      if (e.type === 'ActionSet') out.push(...e.actions);
      else if (e.type === 'Container') walk(e.items);
      else if (e.type === 'ColumnSet') for (const c of e.columns) walk(c.items);
    }
  };
  walk(card.body);
  out.push(...(card.actions ?? []));
  return out;
}

/** The commands a card's Action.Submit buttons send (each exactly as typed, for Teams and Web Chat alike). */
function commands(card: AdaptiveCard): string[] {
  return buttons(card).flatMap((a) => {
    if (a.type !== 'Action.Submit') return [];
    assert.equal(a.data.msteams.text, a.data.jieneng, 'Teams sends the same command as Web Chat');
    return [a.data.jieneng];
  });
}

const urls = (card: AdaptiveCard) => buttons(card).flatMap((a) => (a.type === 'Action.OpenUrl' ? [[a.title, a.url]] : []));

describe('chat: getting started (welcome, help buttons, 模板, 加载项, 令牌)', function () {
  it('parses the new commands and their aliases', function () {
    for (const t of ['模板', '下载模板', 'template', 'Template']) assert.deepEqual(parseChatCommand(t), { name: 'template' }, t);
    for (const t of ['加载项', 'Excel 加载项', 'excel加载项', 'addin', 'add-in']) assert.deepEqual(parseChatCommand(t), { name: 'addin' }, t);
    for (const t of ['令牌', 'token', '/令牌']) assert.deepEqual(parseChatCommand(t), { name: 'token' }, t);
    assert.equal(parseChatCommand('tokens').name, 'unknown', 'an English word ends at a word boundary');
  });

  it('welcomes an unbound user who writes anything but 绑定 or 帮助, with the bind example and the 帮助 button', async function () {
    const s = services();
    for (const t of ['你好', '进度', '令牌', '我的提交', '']) {
      const card = only(await handleMessage(message('new', t), s));
      const body = texts([{ kind: 'card', card }]);
      assert.match(body, /我是节能通机器人/u, t);
      assert.match(body, /你还没有绑定县（市、区）/u, t);
      assert.match(body, /^绑定 K7QD-M3XA$/mu, t);
      assert.doesNotMatch(body, /@我/u, 'no group note in a personal chat');
      assert.deepEqual(commands(card), ['帮助'], t);
    }
    // A file from an unbound user: the welcome, and nothing is downloaded.
    let downloads = 0;
    const file = { name: 'a.xlsx', contentType: null, size: null, download: async () => ((downloads += 1), Buffer.alloc(0)) };
    assert.match(texts(await handleMessage({ ...message('new', ''), files: [file] }, s)), /你还没有绑定/u);
    assert.equal(downloads, 0);
    assert.deepEqual(await s.repo.members(), [], 'nothing stored');
  });

  it('says in a group chat or channel that it answers only when @mentioned', async function () {
    const s = services();
    for (const conversation of [GROUP, CHANNEL]) {
      const card = only(await handleMessage(message('new', '进度', conversation), s));
      assert.match(texts([{ kind: 'card', card }]), /在群聊和频道中，我只回答 @我 的消息/u);
      assert.deepEqual(commands(card), ['帮助']);
    }
  });

  it('answers 帮助, 模板 and 加载项 for an unbound user (help: only 帮助 and the bind example)', async function () {
    const s = services(links(`${BASE}/addin/manifest.xml`));
    const help = only(await handleMessage(message('new', '帮助'), s));
    assert.deepEqual(commands(help), ['帮助']);
    assert.match(texts([{ kind: 'card', card: help }]), /绑定 K7QD-M3XA/u);
    assert.doesNotMatch(texts([{ kind: 'card', card: help }]), /排名|进度/u, 'an unbound user is not shown what they cannot use');
    const template = only(await handleMessage(message('new', '模板'), s));
    assert.deepEqual(urls(template), [['下载空白模板', `${BASE}/templates/t.xlsx`]], 'no sample: no county');
    const addin = only(await handleMessage(message('new', '加载项'), s));
    assert.deepEqual(commands(addin), [], 'no 令牌 button for someone who cannot have one');
  });

  it('shows each role the commands it may use as buttons, and none that a group chat refuses', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    await bound(s, 'boss', null, 'supervisor');
    const reporter = only(await handleMessage(message('w', '帮助'), s));
    assert.deepEqual(commands(reporter), ['模板', '我的提交', '进度', '排名', '加载项', '令牌', '帮助']);
    assert.deepEqual(commands(only(await handleMessage(message('w', 'help', GROUP), s))), ['模板', '我的提交', '进度', '排名', '加载项', '帮助']);
    const supervisor = only(await handleMessage(message('boss', '帮助'), s));
    assert.deepEqual(commands(supervisor), ['进度', '排名', '预览通报', '帮助']);
    assert.match(texts([{ kind: 'card', card: supervisor }]), /邀请 泽州县 填报员/u, '邀请 needs arguments: a hint, not a button');
    assert.match(texts([{ kind: 'card', card: supervisor }]), /设为通报群\n在要接收通报的群聊或频道中 @我 发送/u);
    assert.deepEqual(commands(only(await handleMessage(message('boss', '帮助', CHANNEL), s))), ['进度', '排名', '帮助']);
    // Hosts show at most 5 actions in one set: the buttons come in rows.
    for (const c of [reporter, supervisor]) for (const e of c.body) if (e.type === 'ActionSet') assert.ok(e.actions.length <= 4);
    // Every button sends a command the parser knows, as typing it would.
    for (const c of [...commands(reporter), ...commands(supervisor)]) assert.notEqual(parseChatCommand(c).name, 'unknown', c);
  });

  it('gives a reporter the blank template and a sample for their county and the last ended quarter', async function () {
    const s = services(links(null));
    await bound(s, 'w', '泽州县', 'reporter');
    await bound(s, 'boss', null, 'supervisor');
    const reporter = only(await handleMessage(message('w', '模板'), s));
    assert.deepEqual(urls(reporter), [
      ['下载空白模板', `${BASE}/templates/t.xlsx`],
      ['下载泽州县示例', `${BASE}/templates/sample/140525.xlsx`],
    ]);
    assert.match(texts([{ kind: 'card', card: reporter }]), /按泽州县2026年第3季度生成的虚构数据/u);
    assert.deepEqual(commands(reporter), ['加载项']);
    const supervisor = only(await handleMessage(message('boss', 'template'), s));
    assert.deepEqual(urls(supervisor), [['下载空白模板', `${BASE}/templates/t.xlsx`]]);
    assert.doesNotMatch(texts([{ kind: 'card', card: supervisor }]), /示例报表/u);
  });

  it('says how to get the template without the server address', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    const card = only(await handleMessage(message('w', '下载模板'), s));
    assert.deepEqual(urls(card), []);
    const body = texts([{ kind: 'card', card }]);
    assert.match(body, /没有设置对外地址（JIENENG_PUBLIC_URL）/u);
    assert.match(body, /^jieneng template$/mu);
    assert.match(body, /^jieneng sample --county 泽州县 --period 2026Q3$/mu);
  });

  it('gives the add-in steps for the web, Windows and Mac with the manifest URL, or says why there is none', async function () {
    const s = services(links(`${BASE}/addin/manifest.xml`));
    await bound(s, 'w', '泽州县', 'reporter');
    const card = only(await handleMessage(message('w', '加载项'), s));
    const body = texts([{ kind: 'card', card }]);
    for (const part of ['Excel 网页版', 'Windows 版 Excel', 'Mac 版 Excel', '上传我的加载项', '受信任的加载项目录', `${BASE}/addin/manifest.xml`, `服务器地址填 ${BASE}`, '发送“令牌”']) assert.ok(body.includes(part), part);
    assert.deepEqual(urls(card), [['下载清单', `${BASE}/addin/manifest.xml`]]);
    assert.deepEqual(commands(card), ['令牌']);
    assert.deepEqual(commands(only(await handleMessage(message('w', '加载项', GROUP), s))), [], 'no 令牌 button where 令牌 is refused');

    const unbuilt = services(links(null));
    await bound(unbuilt, 'w', '泽州县', 'reporter');
    const none = only(await handleMessage(message('w', 'addin'), unbuilt));
    assert.match(texts([{ kind: 'card', card: none }]), /本服务器还没有构建加载项/u);
    assert.deepEqual(urls(none), []);

    const unlinked = services();
    assert.match(texts(await handleMessage(message('x', '加载项'), unlinked)), /没有设置对外地址/u);
  });

  it('issues a reporter a new token in a personal chat: shown once, the old one revoked, audited without the token', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    const first = only(await handleMessage(message('w', '令牌'), s));
    const token1 = /^jn_\S+$/mu.exec(texts([{ kind: 'card', card: first }]))?.[0];
    assert.ok(token1, texts([{ kind: 'card', card: first }]));
    const shown = first.body.find((e) => e.type === 'TextBlock' && e.text === token1);
    assert.equal(shown?.type === 'TextBlock' && shown.fontType, 'Monospace');
    assert.doesNotMatch(first.fallbackText, /jn_/u, 'the token is not in the notification text');
    assert.match(texts([{ kind: 'card', card: first }]), /“设置”，粘贴到“提交令牌”/u);
    assert.equal(await countyForToken(s.repo, token1), '泽州县');

    const second = texts(await handleMessage(message('w', 'token'), s));
    const token2 = /^jn_\S+$/mu.exec(second)?.[0];
    assert.ok(token2 && token2 !== token1);
    assert.equal(await countyForToken(s.repo, token1), undefined, 'the old token stops working at once');
    assert.equal(await countyForToken(s.repo, token2), '泽州县');

    const audit = (await s.repo.auditLog()).filter((e) => e.action === 'token.issue');
    assert.deepEqual(audit.map((e) => [e.actor, e.detail]), [['msteams:w', '泽州县'], ['msteams:w', '泽州县（旧令牌已作废）']]);
    assert.doesNotMatch(JSON.stringify(await s.repo.auditLog()), /jn_/u, 'no token in the audit log');
  });

  it('refuses 令牌 in a group chat or channel, to a supervisor and to an unbound user, storing nothing', async function () {
    const s = services();
    await bound(s, 'w', '泽州县', 'reporter');
    await bound(s, 'boss', null, 'supervisor');
    for (const conversation of [GROUP, CHANNEL]) {
      assert.match(texts(await handleMessage(message('w', '令牌', conversation), s)), /令牌只在与我的私聊中发放/u);
    }
    assert.match(texts(await handleMessage(message('boss', '令牌'), s)), /令牌只发给县（市、区）填报员/u);
    assert.match(texts(await handleMessage(message('nobody', '令牌'), s)), /你还没有绑定/u);
    assert.equal(await s.repo.tokenCount(), 0);
    assert.equal((await s.repo.auditLog()).some((e) => e.action === 'token.issue'), false);
  });
});

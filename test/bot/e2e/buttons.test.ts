/**
 * The two paths of issue 12's "Done means", over POST /api/messages against the real server
 * (anonymous mode, demo seed, 10:00 on 30 Nov 2026 in Shanghai: 2026Q3 has ended and is past its
 * due date), pressing buttons: a press sends the button's data exactly as the card carried it
 * (Web Chat and the Emulator: value, no text; Teams: the messageBack text), never a hand-written
 * command. The only typed text is the invite code.
 *
 * 1. A new 陵川县 reporter: welcome → 帮助 → 绑定 (typed) → 帮助 → 模板 (blank template v1 and the
 *    county sample download) → 加载项 (manifest downloads) → 令牌 → the sample submitted with that
 *    token through /api/submissions as the add-in does → 我的提交 / 进度; a rejected upload's receipt
 *    links its issue list and 下载模板.
 * 2. A supervisor: welcome → 帮助 → 绑定 (typed) → 帮助 → 进度 (2026Q3) → 查看提交 for a county →
 *    催报 陵川县 (sent once into the reporter's chat through a capturing Bot Connector, ledgered; a
 *    second press in the same minute sends nothing) → 排名 → 发布通报 (Word and Excel download) →
 *    上一季度 / 下一季度.
 * Every card either path received (replies and proactive sends) is checked: each Action.Submit has
 * a `jieneng` command and a Teams messageBack with the same text, and a reporter's cards carry no
 * supervisor buttons.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { readXlsxBuffer } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { identifyWorkbook } from '../../../shared/engine.js';
import { periodId } from '../../../shared/period.js';
import { GUIDE_SHEET } from '../../../shared/template/blank.js';
import { TEMPLATE_V1 } from '../../../shared/template/v1.js';
import { sample, setCell } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { capturingConnector, type CapturingConnector } from '../channels/capturing-connector.js';
import { activity, cards, fileServer, replyText, startTestServer, XLSX_TYPE, type Attachment, type BotActivity, type ChatUserRef, type TestServer } from './harness.js';

const NOW = new Date('2026-11-30T02:00:00Z');
const BOT = { id: 'jieneng-bot', name: '节能通' };
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const SUPERVISOR_ONLY = ['催报', '预览通报', '发布通报'];

interface Submit {
  type: 'Action.Submit';
  title: string;
  data: { jieneng: string; msteams: { type: string; text: string; displayText: string } };
}
interface OpenUrl {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}
type Button = Submit | OpenUrl;

/** Every button on the cards, in body ActionSets and under the cards. */
function buttonsOf(cardList: readonly unknown[]): Button[] {
  const out: Button[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'actions' && Array.isArray(value)) out.push(...(value as Button[]));
      else visit(value);
    }
  };
  visit(cardList);
  return out;
}

const buttons = (replies: readonly BotActivity[]) => buttonsOf(cards(replies));
const commands = (replies: readonly BotActivity[]) => buttons(replies).flatMap((b) => (b.type === 'Action.Submit' ? [b.data.jieneng] : []));

/** The one command button titled `title` (and, among several, the one whose command `matches`). */
function submitButton(replies: readonly BotActivity[], title: string, matches: (command: string) => boolean = () => true): Submit {
  const found = buttons(replies).filter((b): b is Submit => b.type === 'Action.Submit' && b.title === title && matches(b.data.jieneng));
  assert.equal(found.length, 1, `one "${title}" button: ${JSON.stringify(buttons(replies))}`);
  return found[0]!;
}

function linkButton(replies: readonly BotActivity[], title: string): string {
  const found = buttons(replies).find((b): b is OpenUrl => b.type === 'Action.OpenUrl' && b.title === title);
  assert.ok(found, `a "${title}" link: ${JSON.stringify(buttons(replies))}`);
  return found.url;
}

async function download(url: string, type: string): Promise<Buffer> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${await r.clone().text()}`);
  assert.equal(r.headers.get('content-type'), type);
  return Buffer.from(await r.arrayBuffer());
}

/** The demo's invite codes and tokens, from the file the server wrote beside its data. */
async function demoCodes(dir: string): Promise<{ supervisor: string; reporters: Map<string, { code: string; token: string }> }> {
  const text = await readFile(join(dir, '演示账号.txt'), 'utf8');
  const supervisor = /督导员邀请码：(\S+)/u.exec(text)?.[1];
  assert.ok(supervisor, text);
  const reporters = new Map([...text.matchAll(/ {2}(\S+)填报员邀请码：(\S+) +API 令牌：(\S+)/gu)].map((m) => [m[1]!, { code: m[2]!, token: m[3]! }]));
  return { supervisor, reporters };
}

/** A chat against one server: posts through a capturing connector's service URL and keeps every card each user got. */
function chat(server: () => TestServer, connector: () => CapturingConnector) {
  const received = new Map<string, unknown[]>();

  async function post(user: ChatUserRef, body: Record<string, unknown>): Promise<BotActivity[]> {
    const r = await fetch(`${server().url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, serviceUrl: connector().serviceUrl }) });
    assert.equal(r.status, 200, await r.clone().text());
    const replies = ((await r.json()) as { activities?: BotActivity[] }).activities ?? [];
    received.set(user.id, [...(received.get(user.id) ?? []), ...cards(replies)]);
    return replies;
  }

  return {
    received,
    /** Typed text (and attachments). */
    say: (user: ChatUserRef, text: string, attachments: Attachment[] = []) => post(user, activity(user, text, attachments)),
    /** A press in Web Chat or the Emulator: the button's data as value, no text. */
    press(user: ChatUserRef, button: Submit): Promise<BotActivity[]> {
      const { text: _text, ...message } = activity(user, '');
      return post(user, { ...message, value: button.data });
    },
    /** A press in Teams: messageBack sends its text as the message text (and the data as value). */
    pressInTeams: (user: ChatUserRef, button: Submit) => post(user, { ...activity(user, button.data.msteams.text), value: button.data }),
    /** The bot added to the user's personal chat. */
    added: (user: ChatUserRef) =>
      post(user, { type: 'conversationUpdate', id: `cu-${user.id}`, channelId: 'msteams', from: { id: user.id, name: user.name }, recipient: BOT, conversation: { id: `personal-${user.id}` }, membersAdded: [BOT], deliveryMode: 'expectReplies' }),
  };
}

/** Each Action.Submit carries its command as `jieneng` and the same text as a Teams messageBack. */
function assertPayloads(cardList: readonly unknown[]): number {
  const submits = buttonsOf(cardList).filter((b): b is Submit => b.type === 'Action.Submit');
  for (const b of submits) {
    assert.equal(typeof b.data.jieneng, 'string', JSON.stringify(b));
    assert.ok(b.data.jieneng.trim().length > 0, JSON.stringify(b));
    assert.deepEqual(b.data.msteams, { type: 'messageBack', text: b.data.jieneng, displayText: b.data.jieneng }, JSON.stringify(b));
  }
  return submits.length;
}

function assertNoSupervisorButtons(cardList: readonly unknown[]): void {
  const titles = buttonsOf(cardList).map((b) => b.title);
  const commandWords = buttonsOf(cardList).flatMap((b) => (b.type === 'Action.Submit' ? [b.data.jieneng.split(' ')[0]!] : []));
  for (const word of SUPERVISOR_ONLY) {
    assert.ok(!titles.includes(word) && !commandWords.includes(word), `a reporter's card has no ${word}: ${titles.join(', ')}`);
  }
}

/** Cards the capturing connector carried into one conversation. */
function sentCards(connector: CapturingConnector, conversationId: string): unknown[] {
  return connector
    .activityCalls()
    .filter((c) => c.path === `/v3/conversations/${encodeURIComponent(conversationId)}/activities`)
    .flatMap((c) => ((c.body as { attachments?: { contentType: string; content: unknown }[] }).attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content));
}

describe('e2e: buttons — a new reporter from the welcome to an accepted submission, typing only the invite code', function () {
  this.timeout(60_000);
  const REPORTER: ChatUserRef = { id: 'u-lingchuan-zhao', name: '赵填报' };
  let server: TestServer;
  let connector: CapturingConnector;
  let files: Awaited<ReturnType<typeof fileServer>>;
  let addinTemp: { dir: string; cleanup: () => Promise<void> };
  let demoToken: string;
  const c = chat(
    () => server,
    () => connector,
  );

  before(async function () {
    connector = await capturingConnector();
    files = await fileServer();
    addinTemp = await tempDir();
    // A built add-in: its manifest where the server serves /addin/.
    await mkdir(join(addinTemp.dir, 'addin'));
    await writeFile(join(addinTemp.dir, 'addin', 'manifest.xml'), '<?xml version="1.0" encoding="UTF-8"?><OfficeApp/>');
    server = await startTestServer({ now: NOW, env: { JIENENG_SEED_DEMO: 'true', JIENENG_ADDIN_DIR: join(addinTemp.dir, 'addin') } });
  });

  after(async function () {
    await server?.stop();
    await connector?.close();
    await files?.close();
    await addinTemp?.cleanup();
  });

  let help: BotActivity[];
  let template: BotActivity[];

  it('1. the bot added → welcome; 帮助 pressed → help; the typed invite code binds; 帮助 pressed again → the reporter’s help', async function () {
    const demo = await demoCodes(server.dir);
    const lingchuan = demo.reporters.get('陵川县');
    assert.ok(lingchuan, 'the demo issued 陵川县 a reporter code');
    demoToken = lingchuan.token;

    const welcome = await c.added(REPORTER);
    assert.equal(cards(welcome).length, 1);
    assert.match(replyText(welcome), /我是节能通机器人[\s\S]*绑定 K7QD-M3XA/u);
    assert.deepEqual(commands(welcome), ['帮助']);

    const unboundHelp = await c.press(REPORTER, submitButton(welcome, '帮助'));
    assert.match(replyText(unboundHelp), /节能通机器人：可用命令[\s\S]*你还没有绑定/u);

    assert.match(replyText(await c.say(REPORTER, `绑定 ${lingchuan.code}`)), /绑定成功：你是陵川县填报员/u);

    // The help card already in the chat: its 帮助 button now answers for a bound reporter.
    help = await c.press(REPORTER, submitButton(unboundHelp, '帮助'));
    assert.match(replyText(help), /你是陵川县填报员/u);
    assert.deepEqual(commands(help), ['模板', '我的提交', '进度', '排名', '加载项', '令牌', '帮助']);
  });

  it('2. 模板 pressed → the template card; its links download the blank template v1 and a 陵川县 2026Q3 sample', async function () {
    template = await c.press(REPORTER, submitButton(help, '模板'));
    assert.match(replyText(template), /报表模板[\s\S]*空白模板 v1[\s\S]*陵川县2026年第3季度/u);

    const blank = await readXlsxBuffer(await download(linkButton(template, '下载空白模板'), XLSX_TYPE));
    assert.deepEqual(
      blank.sheets.map((s) => s.name),
      [GUIDE_SHEET, ...TEMPLATE_V1.sheets.map((s) => s.name)],
    );
    for (const spec of TEMPLATE_V1.sheets) {
      const rows = blank.sheets.find((s) => s.name === spec.name)!.rows;
      const headers = spec.layout === 'table' ? rows[0] : rows.map((r) => r?.[0]);
      assert.deepEqual(headers, spec.fields.map((f) => f.header), `${spec.name}: template v1's headers`);
    }
    assert.deepEqual(identifyWorkbook(blank), { county: null, period: null }, 'blank: no county, no quarter');

    const sampleData = await download(linkButton(template, '下载陵川县示例'), XLSX_TYPE);
    const identified = identifyWorkbook(await readXlsxBuffer(sampleData));
    assert.equal(identified.county?.name, '陵川县');
    assert.equal(identified.period && periodId(identified.period), '2026Q3');
  });

  let token: string;

  it('3. 安装 Excel 加载项 pressed → the add-in steps with the manifest URL, which downloads; 获取令牌 → a token shown once', async function () {
    const addin = await c.press(REPORTER, submitButton(template, '安装 Excel 加载项'));
    const manifest = linkButton(addin, '下载清单');
    assert.equal(manifest, `${server.url}/addin/manifest.xml`);
    assert.ok(replyText(addin).includes(manifest), 'the URL is also written out');
    assert.match(replyText(addin), /Excel 网页版[\s\S]*Windows 版 Excel[\s\S]*Mac 版 Excel/u);
    const r = await fetch(manifest);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<OfficeApp/u);

    const issued = await c.press(REPORTER, submitButton(addin, '获取令牌'));
    assert.match(replyText(issued), /陵川县提交令牌[\s\S]*只显示这一次/u);
    token = /^jn_\S+$/mu.exec(replyText(issued))?.[0] ?? '';
    assert.ok(token, replyText(issued));
    assert.ok(!(await server.storeBytes()).includes(token), 'the store keeps no copy of the token to show again');
  });

  it('4. the sample from the card, submitted with that token through /api/submissions, is accepted; 我的提交 and 进度 pressed show it', async function () {
    const data = await download(linkButton(template, '下载陵川县示例'), XLSX_TYPE);
    const submit = (t: string) => fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': XLSX_TYPE, Authorization: `Bearer ${t}` }, body: data });
    assert.equal((await submit(demoToken)).status, 401, 'the token before 令牌 no longer works');
    const r = await submit(token);
    const answer = (await r.json()) as { status: string; county: string; period: string; version: number; late: boolean };
    assert.equal(r.status, 201, JSON.stringify(answer));
    assert.deepEqual([answer.status, answer.county, answer.period, answer.version, answer.late], ['accepted', '陵川县', '2026Q3', 1, true]);

    const mine = await c.press(REPORTER, submitButton(help, '我的提交'));
    assert.match(replyText(mine), /陵川县的提交记录[\s\S]*2026年第3季度 第 1 版（计入统计）[\s\S]*状态：已受理/u);

    const progress = await c.press(REPORTER, submitButton(help, '进度'));
    assert.match(replyText(progress), /2026年第3季度报送进度[\s\S]*陵川县[\s\S]*逾期报送/u);
    assert.deepEqual(commands(progress), ['进度 2026Q2', '进度 2026Q4', '我的提交', '模板']);
    assert.equal(replyText(await c.press(REPORTER, submitButton(progress, '我的提交'))), replyText(mine), 'the progress card’s 我的提交 is the help card’s');
  });

  it('5. a rejected upload’s receipt: 下载问题清单 downloads the issue list, 下载模板 pressed → the template card, 我的提交 lists it', async function () {
    const bad = sample({ county: JINCHENG.counties.find((k) => k.name === '陵川县')!, period: { year: 2026, quarter: 3 } });
    for (let row = 2; row <= 6; row++) setCell(bad, '单位名录', `F${row}`, null);
    const name = '陵川县-错.xlsx';
    const receipt = await c.say(REPORTER, '', [{ name, contentType: XLSX_TYPE, contentUrl: files.put(name, await xlsxBuffer(bad)) }]);
    assert.match(replyText(receipt), /第 2 版（未通过，不计入统计）/u);
    assert.deepEqual(commands(receipt), ['模板', '我的提交']);

    const report = await readXlsxBuffer(await download(linkButton(receipt, '下载问题清单'), XLSX_TYPE));
    const issues = report.sheets.find((s) => s.name === '问题清单');
    assert.ok(issues, report.sheets.map((s) => s.name).join(', '));
    assert.deepEqual(issues.rows.slice(1, 6).map((r) => r?.[2]), ['F2', 'F3', 'F4', 'F5', 'F6']);

    const again = await c.press(REPORTER, submitButton(receipt, '下载模板'));
    assert.deepEqual(cards(again), cards(template), 'the same template card as 模板');
    assert.match(replyText(await c.press(REPORTER, submitButton(receipt, '我的提交'))), /第 2 版[\s\S]*状态：未通过[\s\S]*第 1 版（计入统计）/u);
  });

  it('6. typed and pressed give the same reply; every button of every card carries its command both ways; no supervisor buttons', async function () {
    assert.equal(replyText(await c.say(REPORTER, '我的提交')), replyText(await c.press(REPORTER, submitButton(help, '我的提交'))));
    assert.equal(replyText(await c.say(REPORTER, '进度')), replyText(await c.pressInTeams(REPORTER, submitButton(help, '进度'))));
    const ranking = await c.press(REPORTER, submitButton(help, '排名'));
    assert.match(replyText(ranking), /2026年第3季度县（市、区）排名/u);
    assert.deepEqual(commands(ranking), ['排名 2026Q2', '排名 2026Q4'], 'a reporter’s ranking has no notice buttons');

    const got = c.received.get(REPORTER.id) ?? [];
    assert.ok(got.length >= 12, `cards received: ${got.length}`);
    assert.ok(assertPayloads(got) >= 20);
    assertNoSupervisorButtons(got);
  });
});

describe('e2e: buttons — a supervisor from progress to a reminder to one county and a published notice', function () {
  this.timeout(60_000);
  const SUPERVISOR: ChatUserRef = { id: 'u-city-sun', name: '孙督导' };
  const LINGCHUAN: ChatUserRef = { id: 'u-lingchuan-qian', name: '钱填报' };
  const COUNTIES = JINCHENG.counties.map((k) => k.name);
  let server: TestServer;
  let connector: CapturingConnector;
  const c = chat(
    () => server,
    () => connector,
  );

  before(async function () {
    connector = await capturingConnector();
    server = await startTestServer({ now: NOW, env: { JIENENG_SEED_DEMO: 'true' } });
  });

  after(async function () {
    await server?.stop();
    await connector?.close();
  });

  /** Cards sent into 陵川县's reporter's chat that are a supervisor's 催报, once at least `count` have come. */
  async function urgeCards(count: number): Promise<unknown[]> {
    const matching = () => sentCards(connector, `personal-${LINGCHUAN.id}`).filter((card) => JSON.stringify(card).includes('督导员催报'));
    const until = Date.now() + 10_000;
    while (matching().length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    // A little longer: more than expected would be a double send.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return matching();
  }

  const urgeLedger = async () => (await server.repo.reminders()).filter((r) => r.key.startsWith('urge:2026Q3:陵川县:'));

  let progress: BotActivity[];

  it('1. welcome → 帮助 → 绑定 (typed) → 帮助 → 进度: the 2026Q3 progress card with 查看提交 per county and 催报 only for 陵川县', async function () {
    const demo = await demoCodes(server.dir);
    // 陵川县's reporter has a chat with the bot (through the capturing connector) to be reminded in.
    assert.match(replyText(await c.say(LINGCHUAN, `绑定 ${demo.reporters.get('陵川县')!.code}`)), /绑定成功：你是陵川县填报员/u);
    await c.say(LINGCHUAN, '进度');
    const stored = (await server.repo.conversations()).filter((r) => r.county === '陵川县');
    assert.equal(stored.length, 1);
    assert.equal((stored[0]!.reference as { serviceUrl: string }).serviceUrl, connector.serviceUrl);

    const welcome = await c.added(SUPERVISOR);
    const unboundHelp = await c.press(SUPERVISOR, submitButton(welcome, '帮助'));
    assert.match(replyText(await c.say(SUPERVISOR, `绑定 ${demo.supervisor}`)), /绑定成功：你是全市督导员/u);
    const help = await c.press(SUPERVISOR, submitButton(unboundHelp, '帮助'));
    assert.deepEqual(commands(help), ['进度', '排名', '预览通报', '帮助']);

    progress = await c.press(SUPERVISOR, submitButton(help, '进度'));
    const text = replyText(progress);
    assert.match(text, /2026年第3季度报送进度/u, 'the last ended quarter');
    assert.match(text, /陵川县[\s\S]*未报送/u);
    assert.deepEqual(
      commands(progress).filter((k) => k.startsWith('查看提交')).sort(),
      COUNTIES.map((county) => `查看提交 ${county} 2026Q3`).sort(),
    );
    assert.deepEqual(commands(progress).filter((k) => k.startsWith('催报')), ['催报 陵川县 2026Q3'], 'only the county without an accepted version');
    assert.deepEqual(commands(progress).filter((k) => !/^(查看提交|催报) /u.test(k)), ['进度 2026Q2', '进度 2026Q4', '排名 2026Q3']);
    // Typed and pressed: the same card.
    assert.deepEqual(cards(await c.say(SUPERVISOR, '进度')), cards(progress));

    const versions = await c.press(SUPERVISOR, submitButton(progress, '查看提交', (k) => k.includes('泽州县')));
    assert.match(replyText(versions), /泽州县的提交记录[\s\S]*2026年第3季度 第 \d+ 版（计入统计）/u);
    assert.doesNotMatch(replyText(versions), /陵川县|高平市/u);
    const none = await c.press(SUPERVISOR, submitButton(progress, '查看提交', (k) => k.includes('陵川县')));
    assert.match(replyText(none), /^陵川县的提交记录\n还没有提交记录/u);
  });

  it('2. 催报 pressed → sent once into 陵川县’s reporter’s chat and ledgered; pressed again in the same minute → not sent twice', async function () {
    const urge = submitButton(progress, '催报');
    assert.match(replyText(await c.press(SUPERVISOR, urge)), /^已向陵川县发送催报（1 个会话）。$/u);
    const sent = await urgeCards(1);
    assert.equal(sent.length, 1, 'one 督导员催报 card in the reporter’s conversation');
    assert.match(JSON.stringify(sent[0]), /2026年第3季度报表已于2026年10月15日截止，现已逾期/u);
    assert.deepEqual(
      buttonsOf(sent).map((b) => b.title),
      ['下载模板', '查看本县进度', '安装 Excel 加载项'],
    );
    assert.deepEqual((await urgeLedger()).map((r) => r.status), ['sent']);
    assert.ok(!connector.activityCalls().some((call) => JSON.stringify(call.body).includes('督导员催报') && !call.path.includes(LINGCHUAN.id)), 'no other chat got it');

    assert.match(replyText(await c.pressInTeams(SUPERVISOR, urge)), /刚刚已向陵川县发送过催报，没有重复发送/u);
    assert.equal((await urgeCards(1)).length, 1, 'still one');
    assert.equal((await urgeLedger()).length, 1);

    // The reporter presses 查看本县进度 on the reminder: their county's standing, without 催报.
    const [reminder] = sent;
    const own = await c.press(LINGCHUAN, submitButton([{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: reminder }] }], '查看本县进度'));
    assert.match(replyText(own), /2026年第3季度报送进度[\s\S]*陵川县[\s\S]*未报送/u);
    assert.doesNotMatch(replyText(own), /泽州县/u);
    assert.deepEqual(commands(own), ['进度 2026Q2', '进度 2026Q4', '我的提交', '模板']);
  });

  let ranking: BotActivity[];

  it('3. 排名 pressed → the ranking with 发布通报; pressed → the published notice, whose Word and Excel download', async function () {
    ranking = await c.press(SUPERVISOR, submitButton(progress, '排名'));
    assert.match(replyText(ranking), /2026年第3季度县（市、区）排名/u);
    assert.deepEqual(commands(ranking), ['排名 2026Q2', '排名 2026Q4', '预览通报 2026Q3', '发布通报 2026Q3']);

    const published = await c.press(SUPERVISOR, submitButton(ranking, '发布通报'));
    assert.match(published[0]?.text ?? '', /^晋市机管通〔2026〕1号 已发布/u);
    assert.deepEqual(
      (await server.repo.notices()).map((n) => [n.period, n.revision, n.docNumber]),
      [['2026Q3', 0, '晋市机管通〔2026〕1号']],
    );
    const docx = await JSZip.loadAsync(await download(linkButton(published, 'Word 通报'), DOCX_TYPE));
    const xml = await docx.file('word/document.xml')!.async('string');
    assert.ok(xml.includes('晋市机管通〔2026〕1号'), 'the Word file is the published notice');
    const xlsx = await readXlsxBuffer(await download(linkButton(published, 'Excel 明细'), XLSX_TYPE));
    const ranks = xlsx.sheets.find((s) => s.name === '排名');
    assert.ok(ranks, xlsx.sheets.map((s) => s.name).join(', '));
    assert.deepEqual(ranks.rows.slice(1, 7).map((r) => r?.[1]).sort(), [...COUNTIES].sort());
  });

  it('4. 上一季度 on the ranking → 排名 2026Q2; 下一季度 → 2026Q4, not yet due, without 发布通报', async function () {
    const previous = await c.press(SUPERVISOR, submitButton(ranking, '上一季度'));
    assert.match(replyText(previous), /2026年第2季度县（市、区）排名/u);
    assert.ok(commands(previous).includes('发布通报 2026Q2'));
    const next = await c.press(SUPERVISOR, submitButton(ranking, '下一季度'));
    assert.match(replyText(next), /2026年第4季度县（市、区）排名[\s\S]*尚未到截止日期/u);
    assert.deepEqual(commands(next), ['排名 2026Q3', '排名 2027Q1', '预览通报 2026Q4'], 'no 发布通报 before the due date');
  });

  it('5. every button of every card (replies and proactive sends) carries its command both ways; 陵川县’s reporter got no supervisor buttons', async function () {
    const proactive = sentCards(connector, `personal-${LINGCHUAN.id}`);
    const reporterCards = [...(c.received.get(LINGCHUAN.id) ?? []), ...proactive];
    assertNoSupervisorButtons(reporterCards);
    const all = [...(c.received.get(SUPERVISOR.id) ?? []), ...reporterCards, ...sentCards(connector, `personal-${SUPERVISOR.id}`)];
    assert.ok(assertPayloads(all) >= 30, 'the check saw the buttons');
  });
});

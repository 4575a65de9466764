/**
 * Group-robot delivery against a capturing robot server on loopback: the exact payloads, 钉钉's
 * signature recomputed here, keywords, the per-robot rate window under fake timers (in order,
 * nothing dropped, robots independent), retries and permanent refusals, splitting long digests,
 * neutralised county names, and no key, token or secret in any message or log line.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import sinon from 'sinon';
import {
  WEBHOOK_GROUPS_SCHEMA,
  WebhookError,
  createWebhookClient,
  digestMarkdown,
  type WebhookClientOptions,
  type WebhookGroup,
  type WebhookSendResult,
} from '../../../bot/reminders/webhooks.js';
import { startRobotServer, type RobotServer } from './robot-server.js';

const KEY = 'wecom-key-7f3a9c21-5b6e';
const TOKEN = 'dingtalk-token-0c23be91d4';
const SECRET = 'SEC7d3b0f1e9a5c2468ace13579bdf02468ace13579bdf02468ace1357';
const T0 = Date.UTC(2026, 9, 12, 1, 0, 0);

interface Body {
  msgtype: string;
  markdown: { content?: string; title?: string; text?: string };
}
const bodyOf = (r: { body: unknown }): Body => r.body as Body;
/** The markdown a robot received (企业微信 content, 钉钉 text). */
const markdownOf = (r: { body: unknown }): string => bodyOf(r).markdown.content ?? bodyOf(r).markdown.text ?? '';

function wecom(server: RobotServer, over: Partial<WebhookGroup> = {}): WebhookGroup {
  return { name: '市节能群', kind: 'wecom', url: server.wecomUrl(KEY), audience: 'supervisors', ...over };
}

function dingtalk(server: RobotServer, over: Partial<WebhookGroup> = {}): WebhookGroup {
  return { name: '县区报送群', kind: 'dingtalk', url: server.dingtalkUrl(TOKEN), secret: SECRET, audience: 'counties', ...over };
}

/** A client with a captured log and short real-time backoff. */
function client(options: WebhookClientOptions = {}) {
  const lines: string[] = [];
  const c = createWebhookClient({ backoffMs: () => 5, log: (l) => lines.push(l), ...options });
  return { c, lines };
}

/** Settles a promise into a value or the WebhookError it rejected with. */
async function outcome(p: Promise<WebhookSendResult>): Promise<WebhookSendResult | WebhookError> {
  try {
    return await p;
  } catch (err) {
    assert.ok(err instanceof WebhookError, String(err));
    return err;
  }
}

/** Fetch that counts requests in flight, so the fake clock only moves while the client waits on a timer. */
function countingFetch(): { fetch: typeof fetch; busy: () => boolean } {
  let inFlight = 0;
  const counted: typeof fetch = async (input, init) => {
    inFlight++;
    try {
      const res = await fetch(input, init);
      return new Response(await res.text(), { status: res.status });
    } finally {
      inFlight--;
    }
  };
  return { fetch: counted, busy: () => inFlight > 0 };
}

const realTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Lets real I/O finish, then jumps the fake clock to the next timer, until `done()`. */
async function drive(clock: sinon.SinonFakeTimers, busy: () => boolean, done: () => boolean): Promise<void> {
  for (let steps = 0; !done(); steps++) {
    assert.ok(steps < 5_000, 'the client stopped making progress');
    do await realTurn();
    while (busy());
    await realTurn();
    if (!done()) await clock.nextAsync();
  }
}

describe('webhook groups config (WEBHOOK_GROUPS_SCHEMA)', () => {
  const ok = (groups: unknown) => WEBHOOK_GROUPS_SCHEMA.safeParse(groups);
  const messages = (groups: unknown): string[] => {
    const r = ok(groups);
    assert.equal(r.success, false);
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const base = { name: '市节能群', kind: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`, audience: 'supervisors' };
  const ding = { name: '县区群', kind: 'dingtalk', url: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`, secret: SECRET, keyword: '节能', audience: 'counties' };

  it('accepts real robot addresses of both kinds, and http only on loopback', () => {
    const r = ok([base, ding, { ...base, name: '测试', url: ` http://127.0.0.1:9/cgi-bin/webhook/send?key=k `, audience: 'all' }]);
    assert.ok(r.success, JSON.stringify(r.error?.issues));
    assert.equal(r.data[2]!.url, 'http://127.0.0.1:9/cgi-bin/webhook/send?key=k');
    assert.equal(r.data[1]!.secret, SECRET);
  });

  it('names each mistake in Chinese, never echoing the key, token or secret', () => {
    const found = messages([
      { ...base, url: `http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` },
      { ...base, name: 'b', url: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}` },
      { ...ding, name: 'c', url: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}&timestamp=1&sign=x` },
      { ...base, name: 'd', secret: SECRET },
      { ...base, name: 'e', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' },
      { ...ding, name: 'f', secret: 'abc' },
      { ...base, name: 'g', audience: 'everyone' },
      { ...base, name: 'h', kind: 'feishu' },
      { ...base, name: 'i', url: 'not a url' },
    ]);
    const expected = [
      /^0\.url: 应以 https:\/\//u,
      /^1\.url: 不是企业微信群机器人的地址：主机应为 qyapi\.weixin\.qq\.com/u,
      /^2\.url: 地址中不应包含 timestamp 或 sign/u,
      /^3\.secret: 只有钉钉机器人有加签密钥/u,
      /^4\.url: 缺少参数 key/u,
      /^5\.secret: 应为钉钉机器人安全设置中“加签”一栏显示的 SEC 开头的密钥/u,
      /^6\.audience: 应为 counties/u,
      /^7\.kind: 应为 wecom/u,
      /^8\.url: 不是有效的网址/u,
    ];
    assert.equal(found.length, expected.length, found.join('\n'));
    expected.forEach((re, i) => assert.match(found[i]!, re));
    for (const m of found) for (const s of [KEY, TOKEN, SECRET]) assert.ok(!m.includes(s), m);
  });

  it('refuses two groups with one name, and unknown keys', () => {
    assert.deepEqual(messages([base, { ...base, url: base.url.replace('key=', 'key=2') }]), ['1.name: 名称“市节能群”与第 1 个群重复：每个群的名称须不同。']);
    assert.match(messages([{ ...base, mention: '@all' }])[0]!, /有未知的项：mention/u);
  });
});

describe('webhook delivery', () => {
  let server: RobotServer;

  beforeEach(async () => {
    server = await startRobotServer();
  });

  afterEach(async () => {
    sinon.restore();
    await server.close();
  });

  it('posts the 企业微信 markdown payload exactly', async () => {
    const { c } = client();
    const result = await c.send(wecom(server), { title: '2026年第3季度报表催报', markdown: '请于 **10月15日** 前报送。' });
    assert.deepEqual(result, { ok: true, parts: 1 });
    assert.equal(server.requests.length, 1);
    const [r] = server.requests;
    assert.equal(r!.path, '/cgi-bin/webhook/send');
    assert.equal(r!.query.get('key'), KEY);
    assert.match(r!.contentType, /^application\/json/u);
    assert.deepEqual(r!.body, { msgtype: 'markdown', markdown: { content: '### 2026年第3季度报表催报\n\n请于 **10月15日** 前报送。' } });
    c.close();
  });

  it('posts the 钉钉 markdown payload with a signature that verifies', async () => {
    const { c } = client({ now: () => T0 });
    await c.send(dingtalk(server), { title: '催报', markdown: '第一行\n\n第二行' });
    const [r] = server.requests;
    assert.equal(r!.path, '/robot/send');
    assert.deepEqual(r!.body, { msgtype: 'markdown', markdown: { title: '催报', text: '### 催报\n\n第一行\n\n第二行' } });
    assert.equal(r!.query.get('access_token'), TOKEN);
    const timestamp = r!.query.get('timestamp')!;
    assert.equal(timestamp, String(T0));
    // Recomputed here from the captured timestamp, as 钉钉 does: base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
    const expected = createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64');
    assert.equal(r!.query.get('sign'), expected);
    const rawSign = /(?:^|&)sign=([^&]*)/u.exec(r!.rawQuery)![1]!;
    assert.equal(rawSign, encodeURIComponent(expected), 'the signature is URL-encoded');
    assert.ok(!/[+/=]/u.test(rawSign));
    c.close();
  });

  it('signs each request with its own timestamp, and sends no signature without a secret', async () => {
    let t = T0;
    const { c } = client({ now: () => (t += 1000) });
    await c.send(dingtalk(server), { title: 'a', markdown: 'x' });
    await c.send(dingtalk(server), { title: 'b', markdown: 'y' });
    await c.send(dingtalk(server, { secret: undefined, name: '无加签' }), { title: 'c', markdown: 'z' });
    const [a, b, plain] = server.requests;
    assert.notEqual(a!.query.get('timestamp'), b!.query.get('timestamp'));
    for (const r of [a!, b!]) {
      const ts = r.query.get('timestamp')!;
      assert.equal(r.query.get('sign'), createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64'));
    }
    assert.ok(!plain!.query.has('timestamp') && !plain!.query.has('sign'));
    c.close();
  });

  it('puts the keyword in the title and first line of every part', async () => {
    const { c } = client({ maxBytes: 300 });
    const long = Array.from({ length: 30 }, (_, i) => `第 ${i + 1} 行说明文字`).join('\n');
    await c.send(dingtalk(server, { keyword: '节能通' }), { title: '催报', markdown: long });
    await c.send(wecom(server, { keyword: '节能' }), { title: '节能周提醒', markdown: '内容' });
    const ding = server.to(TOKEN);
    assert.ok(ding.length > 1);
    for (const r of ding) {
      assert.ok(bodyOf(r).markdown.title!.startsWith('【节能通】催报'), bodyOf(r).markdown.title);
      assert.ok(markdownOf(r).split('\n')[0]!.includes('节能通'));
    }
    // Already in the title: not added again.
    assert.equal(markdownOf(server.to(KEY)[0]!), '### 节能周提醒\n\n内容');
    c.close();
  });

  it('retries after a 500 and delivers once', async () => {
    const { c, lines } = client();
    server.reply({ status: 500, body: 'oops' });
    const result = await c.send(wecom(server), { title: '通报', markdown: '正文' });
    assert.deepEqual(result, { ok: true, parts: 1 });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(server.requests[0]!.body, server.requests[1]!.body);
    assert.ok(lines.some((l) => /第 1 次发送失败（机器人服务暂时不可用（HTTP 500））/u.test(l)), lines.join('\n'));
    assert.equal(c.pending(), 0);
    c.close();
  });

  it('retries the too-fast errcodes (45009, 130101, 660026) as rate limits', async () => {
    const waits: boolean[] = [];
    const { c } = client({ backoffMs: (_attempt, rateLimited) => (waits.push(rateLimited), 5) });
    server.reply({ body: { errcode: 45009, errmsg: 'api freq out of limit' } });
    await c.send(wecom(server), { title: 'a', markdown: 'x' });
    server.reply({ body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } }, { body: { errcode: 660026, errmsg: 'send too fast' } });
    await c.send(dingtalk(server), { title: 'b', markdown: 'y' });
    assert.equal(server.requests.length, 5);
    assert.deepEqual(waits, [true, true, true]);
    c.close();
  });

  it('gives up after the retries with a retryable error', async () => {
    const { c } = client({ retries: 2 });
    server.reply({ status: 502 }, { status: 503 }, { status: 500 });
    const err = await outcome(c.send(wecom(server), { title: 'a', markdown: 'x' }));
    assert.ok(err instanceof WebhookError);
    assert.equal(err.permanent, false);
    assert.equal(err.code, 'server');
    assert.equal(err.status, 500);
    assert.match(err.message, /^企业微信群“市节能群”的消息“a”未能送达：重试 2 次后仍失败，机器人服务暂时不可用（HTTP 500）$/u);
    assert.equal(server.requests.length, 3);
    c.close();
  });

  it('treats 93000 as permanent: one request, a Chinese message without the key', async () => {
    const { c, lines } = client();
    server.reply({ body: { errcode: 93000, errmsg: `invalid webhook url, hint: [1714538355214402498975046], from ip: 1.2.3.4, key=${KEY}` } });
    const err = await outcome(c.send(wecom(server), { title: '催报', markdown: 'x' }));
    assert.ok(err instanceof WebhookError);
    assert.equal(err.permanent, true);
    assert.equal(err.errcode, 93000);
    assert.equal(err.code, 'bad-address');
    assert.match(err.message, /^企业微信群“市节能群”的消息“催报”未能送达：机器人地址无效（errcode 93000：invalid webhook url）。/u);
    assert.equal(server.requests.length, 1);
    for (const text of [err.message, ...lines]) assert.ok(!text.includes(KEY), text);
    c.close();
  });

  it('names 钉钉 security refusals (keyword, signature) and other 4xx as permanent', async () => {
    const { c } = client();
    server.reply(
      { body: { errcode: 310000, errmsg: 'keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' } },
      { body: { errcode: 310000, errmsg: 'sign not match, more: […]' } },
      { status: 404, body: 'not found' },
    );
    const keyword = await outcome(c.send(dingtalk(server), { title: 'a', markdown: 'x' }));
    const sign = await outcome(c.send(dingtalk(server), { title: 'b', markdown: 'x' }));
    const missing = await outcome(c.send(wecom(server), { title: 'c', markdown: 'x' }));
    assert.ok(keyword instanceof WebhookError && sign instanceof WebhookError && missing instanceof WebhookError);
    assert.deepEqual([keyword.code, sign.code, missing.code], ['keyword', 'signature', 'bad-address']);
    assert.ok([keyword, sign, missing].every((e) => e.permanent));
    assert.match(keyword.message, /没有机器人设置的自定义关键词/u);
    assert.match(sign.message, /加签校验未通过/u);
    assert.equal(missing.status, 404);
    assert.equal(server.requests.length, 3);
    c.close();
  });

  it('never puts the key, token, secret or signature into errors or the log', async () => {
    const { c, lines } = client({ retries: 1 });
    server.reply(
      { status: 500 },
      { body: { errcode: 310000, errmsg: `sign not match: access_token=${TOKEN} secret ${SECRET}` } },
      { body: 'not json' },
      { body: `<html>${KEY}</html>` },
    );
    const errors = [
      await outcome(c.send(dingtalk(server), { title: '一', markdown: 'x' })),
      await outcome(c.send(wecom(server), { title: '二', markdown: 'x' })),
      // Nothing listens on port 9 of loopback: connection refused, retried, then a network error.
      await outcome(c.send(wecom(server, { url: `http://127.0.0.1:9/cgi-bin/webhook/send?key=${KEY}` }), { title: '三', markdown: 'x' })),
    ];
    const signs = server.requests.map((r) => r.query.get('sign')).filter((s): s is string => s !== null);
    assert.ok(signs.length > 0);
    assert.ok(errors.every((e) => e instanceof WebhookError));
    assert.deepEqual(errors.map((e) => (e as WebhookError).code), ['signature', 'unreadable', 'network']);
    const texts = [...errors.map((e) => (e as WebhookError).message), ...errors.map((e) => String((e as WebhookError).stack)), ...lines];
    for (const text of texts) {
      for (const s of [KEY, TOKEN, SECRET, ...signs, ...signs.map(encodeURIComponent)]) assert.ok(!text.includes(s), `${s} in: ${text}`);
    }
    assert.ok(lines.length >= 5, lines.join('\n'));
    c.close();
  });

  it('splits a long digest into numbered parts under the byte limit, every county once', async () => {
    const counties = Array.from({ length: 600 }, (_, i) => `第${i + 1}测试县（区）`);
    const message = digestMarkdown({ title: '2026年第3季度尚未报送的县（区）', intro: '截至 10月16日 9:00，以下县（区）尚未报送：', counties, footer: '请尽快报送。' });
    for (const [group, limit] of [[wecom(server), 4096], [dingtalk(server), 2000]] as const) {
      server.requests.length = 0;
      const { c } = client({ maxBytes: group.kind === 'dingtalk' ? limit : undefined });
      const result = await c.send(group, message);
      const got = server.requests.map(markdownOf);
      assert.equal(got.length, result.parts);
      assert.ok(result.parts >= 3, `${result.parts} parts`);
      const n = result.parts;
      got.forEach((content, i) => {
        assert.ok(Buffer.byteLength(content) <= limit, `part ${i + 1}: ${Buffer.byteLength(content)} bytes`);
        const label = i === 0 ? `（1/${n}）` : `（续 ${i + 1}/${n}）`;
        assert.equal(content.split('\n')[0], `### 2026年第3季度尚未报送的县（区）${label}`);
      });
      const named = got.flatMap((content) =>
        content
          .split('\n')
          .slice(1)
          .filter((l) => l.includes('测试县'))
          .flatMap((l) => l.split('、')),
      );
      assert.deepEqual(named, counties, 'every county exactly once, in order');
      assert.ok(got[0]!.includes('截至 10月16日 9:00') && got.at(-1)!.endsWith('请尽快报送。'));
      c.close();
    }
  });

  it('neutralises markdown in county names', () => {
    const m = digestMarkdown({
      title: '催报',
      intro: '以下县（区）尚未报送：',
      counties: ['[点我](http://evil.example)', '**加粗**县', '<font color="red">红</font>', '- 列表县', '1. 有序县', '# 标题县', 'a_b_c县', '换行\n县', '反\\斜杠'],
    });
    assert.equal(
      m.markdown,
      '以下县（区）尚未报送：\n\n［点我］(http://evil.example)、＊＊加粗＊＊县、＜font color="red"＞红＜/font＞、－ 列表县、1． 有序县、＃ 标题县、a＿b＿c县、换行 县、反＼斜杠',
    );
    assert.equal(digestMarkdown({ title: 't', intro: 'i', counties: [] }).markdown, 'i\n\n（无）');
  });

  it('refuses a title that leaves no room, and a bad address, without sending', async () => {
    const { c } = client({ maxBytes: 100 });
    const long = await outcome(c.send(wecom(server), { title: '很长的标题'.repeat(20), markdown: 'x\n'.repeat(200) }));
    assert.ok(long instanceof WebhookError && long.code === 'too-long' && long.permanent);
    const bad = await outcome(c.send(wecom(server, { url: `https://example.com/send?key=${KEY}` }), { title: 'a', markdown: 'x' }));
    assert.ok(bad instanceof WebhookError && bad.code === 'bad-address' && bad.permanent);
    assert.ok(!bad.message.includes(KEY));
    assert.equal(server.requests.length, 0);
    c.close();
  });

  it('close() rejects what has not gone out', async () => {
    const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fetch, busy } = countingFetch();
    const { c } = client({ fetch, perMinute: 2 });
    const sends = [1, 2, 3, 4].map((i) => outcome(c.send(wecom(server), { title: `消息 ${i}`, markdown: 'x' })));
    await drive(clock, busy, () => server.requests.length === 2);
    assert.equal(c.pending(), 2);
    c.close();
    const results = await Promise.all(sends);
    assert.deepEqual(results.slice(0, 2), [{ ok: true, parts: 1 }, { ok: true, parts: 1 }]);
    for (const r of results.slice(2)) assert.ok(r instanceof WebhookError && r.code === 'closed' && !r.permanent);
    const late = await outcome(c.send(wecom(server), { title: '关闭后', markdown: 'x' }));
    assert.ok(late instanceof WebhookError && late.code === 'closed');
    await clock.tickAsync(10 * 60_000);
    assert.equal(server.requests.length, 2, 'nothing went out after close()');
  });

  describe('rate limit (fake timers)', () => {
    it('sends 45 messages to one robot in order, at most 20 in any 60 s, none dropped', async () => {
      await server.close();
      server = await startRobotServer({ limitPerMinute: 20 }); // refuses like the real robot if we go too fast
      const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { fetch, busy } = countingFetch();
      const { c, lines } = client({ fetch });
      let settled = 0;
      const sends = Array.from({ length: 45 }, (_, i) =>
        outcome(c.send(wecom(server), { title: `消息 ${i + 1}`, markdown: 'x' })).finally(() => settled++),
      );
      assert.equal(c.pending(), 45);
      await drive(clock, busy, () => settled === 45);
      const results = await Promise.all(sends);
      assert.ok(results.every((r) => !(r instanceof WebhookError)), 'all delivered');
      const got = server.requests;
      assert.equal(got.length, 45, 'each sent once: the robot never refused one');
      assert.deepEqual(got.map((r) => markdownOf(r).split('\n')[0]), Array.from({ length: 45 }, (_, i) => `### 消息 ${i + 1}`));
      for (let j = 0; j + 20 < got.length; j++) assert.ok(got[j + 20]!.at - got[j]!.at >= 60_000, `requests ${j + 1} and ${j + 21} within 60 s`);
      assert.equal(got.filter((r) => r.at === T0).length, 20, 'the first 20 at once');
      assert.ok(got[44]!.at - T0 < 3 * 62_000, 'no longer than three windows');
      assert.equal(c.pending(), 0);
      assert.ok(lines.some((l) => /已达每分钟 20 条的上限，等待 61 秒（排队 25 条）/u.test(l)), lines.join('\n'));
      c.close();
    });

    it('does not hold one robot back for another', async () => {
      const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { fetch, busy } = countingFetch();
      const { c } = client({ fetch });
      let settled = 0;
      const busyRobot = Array.from({ length: 25 }, (_, i) => c.send(wecom(server), { title: `甲 ${i + 1}`, markdown: 'x' }).finally(() => settled++));
      const other = [1, 2, 3].map((i) => c.send(dingtalk(server), { title: `乙 ${i}`, markdown: 'y' }).finally(() => settled++));
      await drive(clock, busy, () => settled === 28);
      await Promise.all([...busyRobot, ...other]);
      const ding = server.to(TOKEN);
      assert.equal(ding.length, 3);
      assert.ok(ding.every((r) => r.at === T0), 'the second robot went at once');
      const wx = server.to(KEY);
      assert.equal(wx.filter((r) => r.at === T0).length, 20);
      assert.equal(wx.length, 25);
      assert.ok(wx[20]!.at >= T0 + 60_000);
      c.close();
    });

    it('counts two groups with one address as one robot', async () => {
      const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { fetch, busy } = countingFetch();
      const { c } = client({ fetch, perMinute: 3 });
      let settled = 0;
      const a = [1, 2, 3].map((i) => c.send(wecom(server), { title: `A${i}`, markdown: 'x' }).finally(() => settled++));
      const b = c.send(wecom(server, { name: '另一个群名' }), { title: 'B', markdown: 'x' }).finally(() => settled++);
      await drive(clock, busy, () => settled === 4);
      await Promise.all([...a, b]);
      assert.deepEqual(server.requests.map((r) => r.at - T0), [0, 0, 0, 61_000]);
      c.close();
    });
  });
});

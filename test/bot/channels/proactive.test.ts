/** Proactive sends into stored conversations, against a capturing Bot Connector on loopback. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Activity } from 'botbuilder';
import { conversationOf } from '../../../bot/channels/activity.js';
import { createBotChannel, type BotChannelOptions, type BotIdentity } from '../../../bot/channels/botframework.js';
import { DeliveryError, type ProactiveSender } from '../../../bot/channels/proactive.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { card, facts, title } from '../../../bot/chat/cards/elements.js';
import type { ChatServices, Reply } from '../../../bot/chat/types.js';
import type { Repository } from '../../../bot/store/types.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import { JINCHENG } from '../../../shared/counties.js';
import { activity, serverWithReporter, type TestServer } from '../e2e/harness.js';
import { capturingConnector, type CapturingConnector, type ConnectorCall } from './capturing-connector.js';

const APP_ID = '1b2c3d4e-0000-4000-8000-00000000abcd';
const IDENTITY: BotIdentity = { appId: APP_ID, appPassword: 'bot-secret-value', appTenantId: '', appType: 'MultiTenant' };
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

function services(repo: Repository = memoryStore()): ChatServices {
  return { repo, calendar: CHINA_CALENDAR, region: JINCHENG, maxUploadBytes: 1024 * 1024, inviteTtlDays: 7, now: () => new Date('2026-10-10T02:00:00Z') };
}

function sender(identity: BotIdentity | null, options: Omit<BotChannelOptions, 'attachments'> = {}, repo?: Repository): ProactiveSender {
  return createBotChannel(identity, services(repo), { attachments: { anonymous: identity === null, hosts: [] }, ...options }).sender;
}

function reference(connector: { serviceUrl: string }, conversationId = 'personal-u1', channelId = 'msteams'): Record<string, unknown> {
  return {
    channelId,
    serviceUrl: connector.serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    user: { id: 'u1', name: '王填报' },
    bot: { id: 'jieneng-bot', name: '节能通' },
  };
}

const TEXT: Reply = { kind: 'text', text: '提醒：2026年第3季度报表将于10月15日截止，贵县尚未报送。' };
const CARD: Reply = { kind: 'card', card: card([title('催报提醒'), facts([['县（市、区）', '泽州县'], ['截止日期', '2026-10-15']])], '催报提醒：泽州县 2026Q3') };

/** Runs a send that must fail; returns its DeliveryError. */
async function failure(send: Promise<void>): Promise<DeliveryError> {
  try {
    await send;
  } catch (err) {
    assert.ok(err instanceof DeliveryError, `a DeliveryError, not ${String(err)}`);
    return err;
  }
  assert.fail('the send succeeded');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function body(call: ConnectorCall): Record<string, unknown> {
  return call.body as Record<string, unknown>;
}

describe('proactive sends', function () {
  let connector: CapturingConnector;

  beforeEach(async function () {
    connector = await capturingConnector();
  });

  afterEach(async function () {
    await connector.close();
  });

  describe('local anonymous mode', function () {
    it('posts text and an Adaptive Card as new activities of the conversation, without an Authorization header', async function () {
      await sender(null).send(reference(connector), [TEXT, CARD]);
      const calls = connector.activityCalls();
      assert.equal(calls.length, 2);
      for (const call of calls) {
        assert.equal(call.method, 'POST');
        // A new post (POST …/activities), not a reply to the continuation event's made-up id.
        assert.equal(call.path, '/v3/conversations/personal-u1/activities');
        assert.equal(call.authorization, undefined);
        assert.match(call.contentType ?? '', /^application\/json/u);
        const b = body(call);
        assert.equal(b['type'], 'message');
        assert.equal(b['replyToId'], undefined);
        assert.deepEqual(b['from'], { id: 'jieneng-bot', name: '节能通' });
        assert.deepEqual(b['recipient'], { id: 'u1', name: '王填报' });
        assert.equal((b['conversation'] as { id: string }).id, 'personal-u1');
        assert.equal(b['channelId'], 'msteams');
      }
      assert.equal(body(calls[0]!)['text'], TEXT.kind === 'text' ? TEXT.text : '');
      assert.equal(body(calls[0]!)['textFormat'], 'plain');
      const attachments = body(calls[1]!)['attachments'] as { contentType: string; content: unknown }[];
      assert.equal(attachments.length, 1);
      assert.equal(attachments[0]!.contentType, ADAPTIVE);
      assert.deepEqual(attachments[0]!.content, CARD.kind === 'card' ? CARD.card : null);
      assert.equal(body(calls[1]!)['summary'], '催报提醒：泽州县 2026Q3');
    });

    it('percent-encodes the conversation id in the path', async function () {
      const id = 'a:conv/1?x=y#z 会话;messageid=7';
      await sender(null).send(reference(connector, id, 'emulator'), [TEXT]);
      const [call] = connector.activityCalls();
      assert.equal(call!.path, `/v3/conversations/${encodeURIComponent(id)}/activities`);
      assert.equal((body(call!)['conversation'] as { id: string }).id, id, 'other channels keep their id as it is');
    });

    it('posts to a Teams channel itself, not as a reply in the thread the reference came from', async function () {
      await sender(null).send(reference(connector, '19:abc123@thread.tacv2;messageid=1700000000000'), [TEXT]);
      const [call] = connector.activityCalls();
      assert.equal(call!.path, '/v3/conversations/19%3Aabc123%40thread.tacv2/activities');
      assert.equal((body(call!)['conversation'] as { id: string }).id, '19:abc123@thread.tacv2');
    });

    for (const [status, reason] of [
      [404, 'conversation-gone'],
      [403, 'forbidden'],
    ] as const) {
      it(`takes HTTP ${status} as permanent (${reason}), without retrying`, async function () {
        connector.answerActivities({ status, body: { error: { code: status === 404 ? 'ConversationNotFound' : 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
        const err = await failure(sender(null).send(reference(connector), [TEXT, CARD]));
        assert.equal(err.permanent, true);
        assert.equal(err.reason, reason);
        assert.equal(err.status, status);
        assert.match(err.message, new RegExp(`HTTP ${status}`, 'u'));
        assert.equal(connector.activityCalls().length, 1, 'one attempt; the card after it is not sent');
      });
    }

    it('takes another refusal of the message (HTTP 400) as permanent', async function () {
      connector.answerActivities({ status: 400, body: { error: { code: 'BadArgument', message: 'Activity too large' } } });
      const err = await failure(sender(null).send(reference(connector), [CARD]));
      assert.equal(err.reason, 'rejected');
      assert.equal(err.permanent, true);
      assert.match(err.detail ?? '', /Activity too large/u);
    });

    it('takes HTTP 500 as transient, after botbuilder retried it', async function () {
      connector.answerActivities({ status: 500 });
      const err = await failure(sender(null).send(reference(connector), [TEXT]));
      assert.equal(err.permanent, false);
      assert.equal(err.reason, 'service-error');
      assert.equal(err.status, 500);
      assert.equal(connector.activityCalls().length, 4, "botbuilder's pipeline tries three more times");
    });

    it('takes HTTP 429 as transient, and a send that succeeds after it as sent', async function () {
      connector.answerActivities({ status: 429, headers: { 'Retry-After': '0' } });
      const err = await failure(sender(null).send(reference(connector), [TEXT]));
      assert.equal(err.permanent, false);
      assert.equal(err.reason, 'throttled');
      assert.equal(err.status, 429);

      let n = 0;
      connector.answerActivities(() => ((n += 1) === 1 ? { status: 429, headers: { 'Retry-After': '0' } } : { status: 201 }));
      await sender(null).send(reference(connector), [TEXT]);
    });

    it('takes a refused connection as transient', async function () {
      const port = await closedPort();
      const err = await failure(sender(null).send({ ...reference(connector), serviceUrl: `http://127.0.0.1:${port}/` }, [TEXT]));
      assert.equal(err.permanent, false);
      assert.equal(err.reason, 'unreachable');
      assert.match(err.message, /ECONNREFUSED/u);
    });

    it('gives up on a connector that never answers after the timeout, transient, and closes the request', async function () {
      connector.answerActivities('hang');
      const started = Date.now();
      const err = await failure(sender(null, { proactive: { timeoutMs: 300 } }).send(reference(connector), [TEXT]));
      assert.ok(Date.now() - started < 5000, 'it did not wait for the connector');
      assert.equal(err.permanent, false);
      assert.equal(err.reason, 'timeout');
      assert.match(err.message, /超时/u);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(connector.abandoned, 1, 'the hanging request was aborted, not left open');
    });

    it('refuses a reference that is not a conversation reference, permanently and without any HTTP call', async function () {
      const good = reference(connector);
      const bad: unknown[] = [
        null,
        'personal-u1',
        {},
        { ...good, conversation: undefined },
        { ...good, conversation: { id: '' } },
        { ...good, conversation: { id: 42 } },
        { ...good, serviceUrl: undefined },
        { ...good, serviceUrl: 'not a url' },
        { ...good, serviceUrl: 'ftp://127.0.0.1/' },
        { ...good, serviceUrl: 'file:///etc/passwd' },
        { ...good, channelId: undefined },
        { ...good, user: 'u1' },
      ];
      for (const value of bad) {
        const err = await failure(sender(null).send(value, [TEXT]));
        assert.equal(err.reason, 'invalid-reference', JSON.stringify(value));
        assert.equal(err.permanent, true);
        assert.match(err.message, /会话记录无效/u);
      }
      assert.equal(connector.calls.length, 0);
    });

    it('refuses a service URL that is not loopback in local anonymous mode, before connecting', async function () {
      const err = await failure(sender(null).send({ ...reference(connector), serviceUrl: 'http://192.0.2.10/' }, [TEXT]));
      assert.equal(err.reason, 'address-refused');
      assert.equal(err.permanent, true);
      assert.match(err.detail ?? '', /only loopback/u);
    });
  });

  describe('authenticated mode', function () {
    function authenticated(timeoutMs?: number): ProactiveSender {
      return sender(IDENTITY, { auth: { tokenUrl: connector.tokenUrl }, proactive: { serviceUrls: 'loopback', ...(timeoutMs ? { timeoutMs } : {}) } });
    }

    it('gets a token from the token endpoint once and sends it with every activity', async function () {
      const s = authenticated();
      await s.send(reference(connector), [TEXT]);
      await s.send(reference(connector), [CARD]);
      const [tokenCall, ...more] = connector.tokenCalls();
      assert.equal(more.length, 0, 'the token is cached');
      assert.equal(tokenCall!.method, 'POST');
      assert.match(tokenCall!.contentType ?? '', /^application\/x-www-form-urlencoded/u);
      assert.deepEqual(tokenCall!.body, { grant_type: 'client_credentials', client_id: APP_ID, client_secret: IDENTITY.appPassword, scope: 'https://api.botframework.com/.default' });
      const calls = connector.activityCalls();
      assert.equal(calls.length, 2);
      for (const call of calls) assert.equal(call.authorization, `Bearer ${connector.token}`);
      assert.equal((body(calls[1]!)['attachments'] as { contentType: string }[])[0]!.contentType, ADAPTIVE);
    });

    it('takes a token endpoint that refuses the bot as transient, says so without the secret, and posts nothing', async function () {
      connector.answerTokens({ status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } });
      const err = await failure(authenticated().send(reference(connector), [TEXT]));
      assert.equal(err.permanent, false);
      assert.equal(err.reason, 'unauthorized');
      assert.equal(err.status, 401);
      assert.match(err.message, /访问令牌/u);
      assert.doesNotMatch(`${err.message} ${err.detail}`, /bot-secret-value/u);
      assert.equal(connector.activityCalls().length, 0);
    });

    it('takes a connector that refuses the token (401) as transient, and never shows the token', async function () {
      connector.answerActivities({ status: 401, body: { message: 'Authorization has been denied for this request.' } });
      const err = await failure(authenticated().send(reference(connector), [TEXT]));
      assert.equal(err.permanent, false);
      assert.equal(err.reason, 'unauthorized');
      assert.doesNotMatch(`${err.message} ${err.detail} ${err.stack}`, new RegExp(connector.token.replace(/\./gu, '\\.'), 'u'));
    });

    it('times out a hanging connector in authenticated mode too', async function () {
      connector.answerActivities('hang');
      const err = await failure(authenticated(300).send(reference(connector), [TEXT]));
      assert.equal(err.reason, 'timeout');
      assert.equal(err.permanent, false);
    });

    it('by default sends only to public https service URLs: plain http and loopback are refused before any token is fetched', async function () {
      const s = sender(IDENTITY, { auth: { tokenUrl: connector.tokenUrl } });
      const http = await failure(s.send(reference(connector), [TEXT]));
      assert.equal(http.reason, 'address-refused');
      assert.equal(http.permanent, true);
      assert.match(http.message, /https/u);
      const loopback = await failure(s.send({ ...reference(connector), serviceUrl: connector.serviceUrl.replace('http:', 'https:') }, [TEXT]));
      assert.equal(loopback.reason, 'address-refused');
      assert.match(loopback.detail ?? '', /loopback/u);
      assert.equal(connector.calls.length, 0);
    });
  });
});

describe('conversations of incoming messages', function () {
  function incoming(conversation: Record<string, unknown>, channelId = 'msteams'): Activity {
    return { type: 'message', id: 'm1', channelId, serviceUrl: 'https://smba.trafficmanager.net/cn/', from: { id: 'u1', name: '王' }, recipient: { id: 'bot', name: '节能通' }, conversation, locale: 'zh-CN' } as unknown as Activity;
  }

  it('tells a personal chat, a group chat and a Teams channel apart, and addresses the channel without the thread', function () {
    assert.equal(conversationOf(incoming({ id: 'a:1', conversationType: 'personal' })).type, 'personal');
    assert.equal(conversationOf(incoming({ id: '19:g@thread.v2', conversationType: 'groupChat', isGroup: true })).type, 'groupChat');
    assert.equal(conversationOf(incoming({ id: 'conv-1' }, 'webchat')).type, 'personal');
    assert.equal(conversationOf(incoming({ id: 'conv-2', isGroup: true }, 'webchat')).type, 'groupChat');
    const channel = conversationOf(incoming({ id: '19:c@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true, tenantId: 't1' }));
    assert.equal(channel.type, 'channel');
    assert.equal(channel.id, '19:c@thread.tacv2');
    const ref = channel.reference as { conversation: { id: string; tenantId: string }; activityId?: string; locale?: string; serviceUrl: string };
    assert.equal(ref.conversation.id, '19:c@thread.tacv2');
    assert.equal(ref.conversation.tenantId, 't1');
    assert.equal(ref.serviceUrl, 'https://smba.trafficmanager.net/cn/');
    assert.equal(ref.activityId, undefined);
    assert.equal(ref.locale, undefined);
  });
});

describe('e2e: a reminder into the chat of a user who talked to the server', function () {
  const user = { id: 'u-proactive', name: '王填报' };
  let server: TestServer;
  let connector: CapturingConnector;

  before(async function () {
    connector = await capturingConnector();
    ({ server } = await serverWithReporter(user));
  });

  after(async function () {
    await server?.stop();
    await connector?.close();
  });

  async function post(message: Record<string, unknown>): Promise<void> {
    const r = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
    assert.equal(r.status, 200);
  }

  it('sends to the stored reference of a personal chat and of a Teams channel the reporter wrote in', async function () {
    await post({ ...activity(user, '进度'), serviceUrl: connector.serviceUrl });
    await post({ ...activity(user, '进度'), serviceUrl: connector.serviceUrl, conversation: { id: '19:team@thread.tacv2;messageid=1700000000001', conversationType: 'channel', isGroup: true, tenantId: 't1' } });
    const stored = await server.repo.conversations();
    const personal = stored.find((c) => c.key === `msteams:personal-${user.id}:${user.id}`);
    const channel = stored.find((c) => c.key === `msteams:19:team@thread.tacv2:${user.id}`);
    assert.ok(personal && channel, `stored: ${stored.map((c) => c.key).join(', ')}`);
    assert.equal(personal.county, '泽州县');
    assert.equal((personal.reference as { serviceUrl: string }).serviceUrl, connector.serviceUrl, 'the newer service URL replaced the one of the bind message');

    // The server's stored data, sent by a sender of the same kind the server builds (anonymous, loopback).
    const s = sender(null, {}, server.repo);
    await s.send(personal.reference, [TEXT]);
    await s.send(channel.reference, [CARD]);
    const calls = connector.activityCalls();
    assert.deepEqual(
      calls.map((c) => c.path),
      [`/v3/conversations/personal-${user.id}/activities`, '/v3/conversations/19%3Ateam%40thread.tacv2/activities'],
    );
    assert.equal(body(calls[0]!)['text'], TEXT.kind === 'text' ? TEXT.text : '');
    assert.deepEqual(body(calls[0]!)['recipient'], { id: user.id, name: user.name });
    assert.deepEqual(body(calls[0]!)['from'], { id: 'jieneng-bot', name: '节能通' });
    assert.equal((body(calls[1]!)['attachments'] as { contentType: string }[])[0]!.contentType, ADAPTIVE);
  });
});

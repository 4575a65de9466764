/**
 * Proactive messages: replies sent into a stored conversation without a user's message to answer
 * (reminders, notices), through the channel's CloudAdapter and bot identity.
 *
 * Stored references are data, not trusted configuration: each is checked before use. Its service
 * URL must be http(s); in local anonymous mode it must resolve to loopback (the Emulator), in
 * authenticated mode to public addresses only and over https, since the bot's token goes with
 * the request. The check resolves the name once; botbuilder connects by itself afterwards, so it
 * is a guard against a stored reference aimed at an internal or plain-http host, not DNS pinning.
 *
 * Failures are DeliveryErrors: permanent when trying again cannot help (the conversation is gone,
 * the bot was removed or blocked, the reference or its address is unusable, the service refused
 * the message itself), transient otherwise (throttling, service errors, the network, timeouts, a
 * refused bot token). botbuilder's HTTP pipeline already retries 429, 5xx and connection errors
 * three times within one send.
 */
import { lookup } from 'node:dns/promises';
import { TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { z } from 'zod';
import type { Reply } from '../chat/types.js';
import { checkAddresses, hostName } from './address-policy.js';
import { conversationId, toActivity } from './activity.js';

/** Why a send failed; `permanent` follows from it. */
export type DeliveryFailure =
  | 'invalid-reference'
  | 'address-refused'
  | 'conversation-gone'
  | 'forbidden'
  | 'rejected'
  | 'unauthorized'
  | 'throttled'
  | 'service-error'
  | 'unreachable'
  | 'timeout'
  | 'failed';

const PERMANENT: ReadonlySet<DeliveryFailure> = new Set(['invalid-reference', 'address-refused', 'conversation-gone', 'forbidden', 'rejected']);

/** A failed proactive send. The message is Chinese, for 进度 and the log; `detail` is the cause in English, for the log. Neither carries a token. */
export class DeliveryError extends Error {
  readonly permanent: boolean;

  constructor(
    readonly reason: DeliveryFailure,
    message: string,
    readonly status?: number,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = PERMANENT.has(reason);
  }
}

export interface ProactiveSender {
  /**
   * Sends replies (text or Adaptive Card, rendered as answers are) into the conversation of a
   * stored reference, in order; a failure stops the rest. Throws DeliveryError: permanent for
   * 403/404 (bot removed, user blocked the bot, conversation gone), other refusals of the message
   * (4xx) and a reference that is not a valid ConversationReference or points at a refused
   * address; transient for 401 and token failures, 429, 5xx, timeouts, ECONNREFUSED/ENOTFOUND
   * (retry later).
   */
  send(reference: unknown, replies: readonly Reply[]): Promise<void>;
}

export interface ProactiveOptions {
  /** Longest time one send may take, all replies and retries included (30 s by default). */
  timeoutMs?: number;
  /**
   * Where service URLs may point: 'loopback' (http or https, loopback addresses) or 'public'
   * (https, public addresses). By default loopback in local anonymous mode, public with a bot
   * identity; tests of authenticated mode use loopback.
   */
  serviceUrls?: 'loopback' | 'public';
}

const DEFAULT_TIMEOUT_MS = 30_000;

const account = z.looseObject({ id: z.string().min(1) });
const referenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.string().refine((s) => URL.canParse(s) && /^https?:$/u.test(new URL(s).protocol)),
  conversation: z.looseObject({ id: z.string().min(1) }),
  user: account.optional(),
  bot: account.optional(),
});

const INVALID_REFERENCE = '会话记录无效（缺少会话地址或会话编号），无法发送；需要该用户或群重新给机器人发一条消息。';

/** The reference to send with, or a permanent DeliveryError. */
function validReference(value: unknown): ConversationReference {
  const parsed = referenceSchema.safeParse(value);
  if (!parsed.success) throw new DeliveryError('invalid-reference', INVALID_REFERENCE, undefined, `invalid conversation reference: ${parsed.error.issues.map((i) => i.path.join('.') || 'reference').join(', ')}`);
  // No activityId: a proactive message is a new post, not a reply.
  const { activityId: _id, ...reference } = parsed.data as unknown as ConversationReference & { activityId?: string };
  return { ...reference, conversation: { ...reference.conversation, id: conversationId(reference.channelId, reference.conversation.id) } };
}

/** Refuses a service URL outside the policy (permanent), or one whose name does not resolve (transient). */
async function checkServiceUrl(serviceUrl: string, policy: 'loopback' | 'public'): Promise<void> {
  const url = new URL(serviceUrl);
  const host = hostName(url);
  if (policy === 'public' && url.protocol !== 'https:') {
    throw new DeliveryError('address-refused', `会话地址不是 https 地址（${host}），出于安全考虑不向其发送。`, undefined, `service URL ${url.origin} is not https`);
  }
  let addresses: string[];
  try {
    addresses = (await lookup(host, { all: true })).map((a) => a.address);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'lookup failed';
    throw new DeliveryError('unreachable', `无法解析聊天服务地址 ${host}（${code}），稍后重试。`, undefined, `lookup ${host}: ${code}`);
  }
  const why = checkAddresses(addresses, { anonymous: policy === 'loopback', hosts: ['*'] });
  if (why) throw new DeliveryError('address-refused', `会话地址 ${host} 不在允许的范围内，出于安全考虑不向其发送。`, undefined, `service URL ${url.origin} refused: ${why}`);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET']);

/** Status-coded failures of the chat service (the token endpoint's included). */
function byStatus(status: number, detail: string, token: boolean): DeliveryError {
  if (token || status === 401) {
    const what = token ? '获取机器人访问令牌失败' : '聊天服务拒绝了机器人的身份令牌';
    return new DeliveryError('unauthorized', `${what}（HTTP ${status}），稍后重试；若持续出现，请管理员检查机器人应用 ID 和密码。`, status, detail);
  }
  if (status === 404) return new DeliveryError('conversation-gone', '会话已不存在（HTTP 404），消息无法送达：会话可能已删除，或机器人已被移出。', status, detail);
  if (status === 403) return new DeliveryError('forbidden', '机器人无权在该会话中发消息（HTTP 403）：可能已被移出群聊或团队，或用户已屏蔽机器人。', status, detail);
  if (status === 429) return new DeliveryError('throttled', '聊天服务限流（HTTP 429），稍后重试。', status, detail);
  if (status >= 500 || status === 408) return new DeliveryError('service-error', `聊天服务暂时出错（HTTP ${status}），稍后重试。`, status, detail);
  return new DeliveryError('rejected', `聊天服务拒收了这条消息（HTTP ${status}），重发也不会成功，详细信息已记入服务日志。`, status, detail);
}

/** Any failure of a send as a DeliveryError. */
function asDeliveryError(err: unknown, timedOut: boolean, timeoutMs: number): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as { name?: string; message?: string; statusCode?: unknown; status?: unknown; code?: unknown; errorCode?: unknown; cause?: { code?: unknown } };
  const detail = `${e.name ?? 'Error'}: ${String(e.message ?? err).slice(0, 300)}`;
  if (timedOut) return new DeliveryError('timeout', `发送超时（${Math.round(timeoutMs / 1000)} 秒内未完成），稍后重试。`, undefined, detail);
  // Our token endpoint's, or MSAL's (an AuthError with an errorCode such as invalid_client).
  const token = e.name === 'TokenEndpointError' || typeof e.errorCode === 'string';
  const status = typeof e.statusCode === 'number' ? e.statusCode : token && typeof e.status === 'number' ? e.status : undefined;
  if (status !== undefined) return byStatus(status, detail, token);
  if (token) return new DeliveryError('unauthorized', '无法获取机器人访问令牌，稍后重试；若持续出现，请管理员检查机器人应用 ID、密码和服务器的网络。', undefined, detail);
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : '';
  if (NETWORK_CODES.has(code)) return new DeliveryError('unreachable', `无法连接聊天服务（${code}），稍后重试。`, undefined, detail);
  return new DeliveryError('failed', '发送失败，稍后重试；详细信息已记入服务日志。', undefined, detail);
}

/** Runs work with an abort signal that fires after timeoutMs; settles by then even if the work ignores the signal. */
async function withTimeout<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('timed out'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } catch (err) {
    throw asDeliveryError(err, controller.signal.aborted, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A sender on the channel's adapter. appId is the bot's (empty in local anonymous mode, where
 * botbuilder's credentials factory finds authentication disabled and sends no Authorization header).
 */
export function createProactiveSender(adapter: CloudAdapter, appId: string, options: ProactiveOptions & { serviceUrls: 'loopback' | 'public' }): ProactiveSender {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async send(value, replies) {
      const reference = validReference(value);
      await withTimeout(timeoutMs, async (signal) => {
        await checkServiceUrl(reference.serviceUrl, options.serviceUrls);
        // A failure is carried out of the turn, not thrown in it: the adapter's onTurnError would
        // take it for a failed answer and post an apology into the conversation.
        let failed: { error: unknown } | null = null;
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          // The connector itself rather than context.sendActivity: a new post (the continuation
          // event's made-up id would make it a reply), and a request the timeout can abort.
          const connector = context.turnState.get<ConnectorClient>(adapter.ConnectorClientKey);
          try {
            for (const reply of replies) {
              if (signal.aborted) return;
              const activity = TurnContext.applyConversationReference(toActivity(reply), reference);
              await connector.conversations.sendToConversation(reference.conversation.id, activity, { abortSignal: signal });
            }
          } catch (error) {
            failed = { error };
          }
        });
        if (failed) throw (failed as { error: unknown }).error;
      });
    },
  };
}

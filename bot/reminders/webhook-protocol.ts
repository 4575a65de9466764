/**
 * What the 企业微信 and 钉钉 robot endpoints expect and answer: the request for one message part
 * (钉钉 加签 included) and the reading of the answer as delivered, worth retrying, or refused for
 * good, with the reason in Chinese. Both answer HTTP 200 with {"errcode":0,"errmsg":"ok"} on
 * success. Nothing here puts the address's key / access_token, the secret or a signature into a
 * message: the answers' errmsg is cut to its first clause and passed through the group's redactor.
 */
import { createHmac } from 'node:crypto';
import type { MessagePart } from './webhook-markdown.js';
import { ROBOT_ENDPOINTS, type WebhookGroup, type WebhookKind } from './webhook-groups.js';

/** Why a message was not delivered, for callers that act on it (进度, retry later or not). */
export type WebhookFailure =
  | 'bad-address' // the robot does not exist (removed, key reset) or the address is malformed
  | 'keyword' // keyword-mode robot: the keyword is missing
  | 'signature' // 钉钉 加签: wrong secret, or a clock more than an hour off
  | 'ip-whitelist' // 钉钉 IP allow-list does not include this server
  | 'too-long' // the content is over the robot's limit
  | 'rate-limited' // still refused as too fast after every retry
  | 'server' // HTTP 5xx after every retry
  | 'network' // no answer after every retry
  | 'unreadable' // an answer that is not the robot API's JSON, after every retry
  | 'rejected' // any other refusal (HTTP 4xx, other errcodes)
  | 'closed'; // the client was closed before the message went out

export class WebhookError extends Error {
  readonly permanent: boolean;
  readonly status?: number;
  readonly errcode?: number;
  readonly code: WebhookFailure;
  /** Parts of the message delivered before the failure (a split message may arrive in part). */
  partsSent = 0;

  constructor(message: string, details: { permanent: boolean; code: WebhookFailure; status?: number; errcode?: number }) {
    super(message);
    this.name = 'WebhookError';
    this.permanent = details.permanent;
    this.code = details.code;
    if (details.status !== undefined) this.status = details.status;
    if (details.errcode !== undefined) this.errcode = details.errcode;
  }
}

/** errcodes that mean "too fast": the robot takes the message later. */
const RATE_LIMIT_ERRCODES: Record<WebhookKind, readonly number[]> = {
  wecom: [45009],
  dingtalk: [130101, 660026],
};

/** The group as people know it: 企业微信群“市节能群”. */
export function groupLabel(group: Pick<WebhookGroup, 'kind' | 'name'>): string {
  return `${ROBOT_ENDPOINTS[group.kind].label}群“${group.name}”`;
}

/** Replaces the group's credentials (and their URL-encoded forms) in a text with ***. */
export function redactor(group: WebhookGroup): (text: string) => string {
  let credential = '';
  try {
    credential = new URL(group.url).searchParams.get(ROBOT_ENDPOINTS[group.kind].credential) ?? '';
  } catch {
    // a malformed address: nothing to look for but the address itself
  }
  const values = [group.url, credential, group.secret ?? '']
    .filter((v) => v.length >= 4)
    .flatMap((v) => [v, encodeURIComponent(v)])
    .sort((a, b) => b.length - a.length);
  return (text) => values.reduce((t, v) => t.split(v).join('***'), text);
}

/** The address to post to: 钉钉 with a secret gets &timestamp=<ms>&sign=<base64 HMAC-SHA256>. */
export function requestUrl(group: WebhookGroup, nowMs: number): string {
  if (group.kind !== 'dingtalk' || group.secret === undefined) return group.url;
  const timestamp = String(Math.trunc(nowMs));
  const sign = createHmac('sha256', group.secret).update(`${timestamp}\n${group.secret}`, 'utf8').digest('base64');
  const url = new URL(group.url);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('sign', sign);
  return url.href;
}

/** The JSON body for one part. */
export function requestBody(kind: WebhookKind, part: MessagePart): string {
  const payload =
    kind === 'wecom'
      ? { msgtype: 'markdown', markdown: { content: part.content } }
      : { msgtype: 'markdown', markdown: { title: part.title, text: part.content } };
  return JSON.stringify(payload);
}

export type Outcome =
  | { ok: true }
  | { ok: false; retry: boolean; rateLimited: boolean; code: WebhookFailure; detail: string; status?: number; errcode?: number };

/** The first clause of an errmsg ("invalid webhook url, hint: […], from ip: …"), short and redacted. */
function errmsgText(errmsg: unknown, redact: (text: string) => string): string {
  const first = typeof errmsg === 'string' ? (errmsg.split(/,\s/u)[0] ?? '').trim() : '';
  return redact(first).slice(0, 120);
}

/** A refusal the robot explained by errcode, in Chinese, with what to do about it. */
function refusal(kind: WebhookKind, errcode: number, errmsg: string): { code: WebhookFailure; detail: string } {
  const said = errmsg === '' ? `errcode ${errcode}` : `errcode ${errcode}：${errmsg}`;
  const lower = errmsg.toLowerCase();
  if ((kind === 'wecom' && errcode === 93000) || (kind === 'dingtalk' && (errcode === 300001 || errcode === 300005))) {
    return { code: 'bad-address', detail: `机器人地址无效（${said}）。机器人可能已被移出群或重置了地址，请在群设置中重新复制 webhook 地址并更新配置。` };
  }
  if (kind === 'wecom' && errcode === 40058) return { code: 'too-long', detail: `消息超过机器人的长度限制（${said}）。` };
  if (kind === 'dingtalk' && errcode === 310000) {
    if (lower.includes('keyword')) return { code: 'keyword', detail: `消息中没有机器人设置的自定义关键词（${said}）。请在配置的 keyword 中填写该关键词。` };
    if (lower.includes('sign')) return { code: 'signature', detail: `加签校验未通过（${said}）。请核对配置中的 secret 是否为该机器人“加签”一栏的密钥。` };
    if (lower.includes('timestamp')) return { code: 'signature', detail: `加签时间戳无效（${said}）。本机时钟与钉钉服务器相差超过 1 小时，请校准服务器时间。` };
    if (lower.includes('whitelist') || lower.includes('ip')) return { code: 'ip-whitelist', detail: `本服务器不在机器人的 IP 白名单中（${said}）。请在机器人安全设置中加入本服务器的出口 IP。` };
    return { code: 'rejected', detail: `消息未通过机器人的安全设置（${said}）。请核对关键词、加签或 IP 白名单。` };
  }
  return { code: 'rejected', detail: `机器人拒收了消息（${said}）。` };
}

/** Reads the robot's answer to one request. */
export function readAnswer(kind: WebhookKind, status: number, text: string, redact: (text: string) => string): Outcome {
  if (status === 429) return { ok: false, retry: true, rateLimited: true, code: 'rate-limited', detail: 'HTTP 429（发送过于频繁）', status };
  if (status >= 500) return { ok: false, retry: true, rateLimited: false, code: 'server', detail: `机器人服务暂时不可用（HTTP ${status}）`, status };
  if (status < 200 || status >= 300) {
    const hint = status === 404 ? '：地址不对，请核对配置中的 webhook 地址' : '';
    return { ok: false, retry: false, rateLimited: false, code: status === 404 ? 'bad-address' : 'rejected', detail: `机器人服务拒绝了请求（HTTP ${status}）${hint}。`, status };
  }
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    answer = {};
  }
  if (typeof answer !== 'object' || answer === null || typeof answer.errcode !== 'number') {
    return { ok: false, retry: true, rateLimited: false, code: 'unreadable', detail: `应答无法识别（HTTP ${status}，不是机器人接口的应答）`, status };
  }
  const errcode = answer.errcode;
  if (errcode === 0) return { ok: true };
  const errmsg = errmsgText(answer.errmsg, redact);
  if (RATE_LIMIT_ERRCODES[kind].includes(errcode)) {
    return { ok: false, retry: true, rateLimited: true, code: 'rate-limited', detail: `发送过于频繁（errcode ${errcode}）`, status, errcode };
  }
  return { ok: false, retry: false, rateLimited: false, status, errcode, ...refusal(kind, errcode, errmsg) };
}

/** A failed request (no answer) in Chinese: the system error code, never the error's text (it may hold the address). */
export function networkDetail(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `等待应答超时（${Math.round(timeoutMs / 1000)} 秒）`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' && /^[A-Z_]+$/u.test(cause.code) ? `（${cause.code}）` : '';
  return `无法连接机器人服务${code}`;
}

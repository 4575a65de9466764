/**
 * Delivery to 企业微信 and 钉钉 group robots by webhook. Each robot (webhook address) has its own
 * queue: messages go out in the order they were sent, never more than `perMinute` requests in any
 * 60 s (both platforms allow 20 a minute per robot; 钉钉 then blocks the robot for 10 minutes), and
 * nothing is dropped: a caller's promise settles when its message was delivered or refused. Too-fast
 * answers, 5xx and network failures are retried with backoff in place, holding the robot's queue;
 * other refusals are permanent. Robots do not wait for each other. Waiting uses setTimeout, so fake
 * timers drive it in tests.
 */
import { logLine } from '../log.js';
import { splitMessage, type MessagePart, type WebhookMessage } from './webhook-markdown.js';
import { ROBOT_ENDPOINTS, webhookUrlProblem, type WebhookGroup } from './webhook-groups.js';
import { WebhookError, groupLabel, networkDetail, readAnswer, redactor, requestBody, requestUrl, type Outcome } from './webhook-protocol.js';

export { WEBHOOK_GROUPS_SCHEMA, webhookUrlProblem, type WebhookAudience, type WebhookGroup, type WebhookKind } from './webhook-groups.js';
export { digestMarkdown, markdownText, splitMessage, type MessagePart, type WebhookMessage } from './webhook-markdown.js';
export { WebhookError, type WebhookFailure } from './webhook-protocol.js';

export interface WebhookSendResult {
  ok: true;
  parts: number;
}

export interface WebhookClientOptions {
  /** The clock (ms since the epoch) for the rate window and 钉钉 signatures; Date.now by default. */
  now?: () => number;
  fetch?: typeof fetch;
  /** Requests per robot in any 60 s; 20 by default (both platforms' limit). */
  perMinute?: number;
  /** Largest markdown per request in UTF-8 bytes; by default 企业微信 4096, 钉钉 20000. */
  maxBytes?: number;
  /** Retries of one part after a retryable failure (5 by default). */
  retries?: number;
  /** Wait before retry `attempt` (1, 2, …); rateLimited when the robot said "too fast". */
  backoffMs?: (attempt: number, rateLimited: boolean) => number;
  /** How long to wait for a robot's answer (15 s by default). */
  timeoutMs?: number;
  /** Operator log lines (Chinese, never holding a key, token or secret); the server log by default. */
  log?: (line: string) => void;
}

export interface WebhookClient {
  /** Sends one logical message (split into numbered parts when too long); settles when delivered or refused. */
  send(group: WebhookGroup, message: WebhookMessage): Promise<WebhookSendResult>;
  /** Message parts waiting or in flight, over all robots. */
  pending(): number;
  /** Stops timers and requests; messages not yet delivered reject with a WebhookError (code 'closed'). */
  close(): void;
}

export const MAX_BYTES = { wecom: 4096, dingtalk: 20_000 } as const;
const WINDOW_MS = 60_000;
/** Kept on top of the window: requests reach the robot a little apart from when they left. */
const WINDOW_MARGIN_MS = 1_000;

/** 1 s doubling to 30 s; "too fast" waits a minute doubling to 10 (钉钉 blocks a robot for 10 minutes). */
export function defaultBackoffMs(attempt: number, rateLimited: boolean): number {
  return rateLimited ? Math.min(60_000 * 2 ** (attempt - 1), 600_000) : Math.min(1_000 * 2 ** (attempt - 1), 30_000);
}

interface Job {
  group: WebhookGroup;
  parts: MessagePart[];
  sent: number;
  resolve: (result: WebhookSendResult) => void;
  reject: (err: WebhookError) => void;
}

interface Robot {
  queue: Job[];
  /** Start times of the requests in the current window, oldest first. */
  recent: number[];
  running: boolean;
}

/** The robot a group posts to: one queue and one rate window per address, whichever group names it. */
function robotKey(group: WebhookGroup): string {
  const url = new URL(group.url);
  url.hash = '';
  return url.href;
}

export function createWebhookClient(options: WebhookClientOptions = {}): WebhookClient {
  const now = options.now ?? (() => Date.now());
  const post = options.fetch ?? ((input, init) => fetch(input, init));
  const perMinute = options.perMinute ?? 20;
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const log = options.log ?? ((line: string) => void logLine('webhook', line));
  const robots = new Map<string, Robot>();
  const waits = new Set<{ timer: ReturnType<typeof setTimeout>; reject: () => void }>();
  const stop = new AbortController();
  let closed = false;

  const closedError = (group: WebhookGroup): WebhookError =>
    new WebhookError(`${groupLabel(group)}的消息未发出：发送服务已停止。`, { permanent: false, code: 'closed' });

  function sleep(ms: number, group: WebhookGroup): Promise<void> {
    return new Promise((resolve, reject) => {
      if (closed) return reject(closedError(group));
      const entry = {
        timer: setTimeout(() => {
          waits.delete(entry);
          resolve();
        }, Math.max(0, ms)),
        reject: () => reject(closedError(group)),
      };
      waits.add(entry);
    });
  }

  /** Waits until the robot may take one more request in its window, and records it. */
  async function slot(robot: Robot, group: WebhookGroup): Promise<void> {
    for (;;) {
      const t = now();
      while (robot.recent.length > 0 && robot.recent[0]! <= t - WINDOW_MS - WINDOW_MARGIN_MS) robot.recent.shift();
      if (robot.recent.length < perMinute) {
        robot.recent.push(t);
        return;
      }
      const wait = robot.recent[0]! + WINDOW_MS + WINDOW_MARGIN_MS - t;
      if (wait >= 1_000) log(`${groupLabel(group)}：已达每分钟 ${perMinute} 条的上限，等待 ${Math.ceil(wait / 1000)} 秒（排队 ${partsWaiting(robot)} 条）`);
      await sleep(wait, group);
    }
  }

  async function attempt(group: WebhookGroup, part: MessagePart, redact: (text: string) => string): Promise<Outcome> {
    let status: number;
    let text: string;
    try {
      const res = await post(requestUrl(group, now()), {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: requestBody(group.kind, part),
        redirect: 'manual',
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (closed) throw closedError(group);
      return { ok: false, retry: true, rateLimited: false, code: 'network', detail: networkDetail(err, timeoutMs) };
    }
    return readAnswer(group.kind, status, text, redact);
  }

  /** Delivers one part, retrying what may succeed later; throws a WebhookError otherwise. */
  async function deliver(robot: Robot, job: Job): Promise<void> {
    const { group } = job;
    const redact = redactor(group);
    const n = job.parts.length;
    const which = n > 1 ? `（第 ${job.sent + 1}/${n} 部分）` : '';
    const part = job.parts[job.sent]!;
    for (let tries = 1; ; tries++) {
      await slot(robot, group);
      const outcome = await attempt(group, part, redact);
      if (outcome.ok) {
        log(redact(`${groupLabel(group)}：已送达“${part.title}”${tries > 1 ? `（第 ${tries} 次尝试）` : ''}`));
        return;
      }
      if (!outcome.retry || tries > retries) {
        const after = outcome.retry ? `重试 ${retries} 次后仍失败，` : '';
        const message = redact(`${groupLabel(group)}的消息“${job.parts[0]!.title}”${which}未能送达：${after}${outcome.detail}`);
        log(message);
        const details = { permanent: !outcome.retry, code: outcome.code, status: outcome.status, errcode: outcome.errcode };
        throw new WebhookError(message, details);
      }
      const wait = Math.max(0, backoffMs(tries, outcome.rateLimited));
      log(redact(`${groupLabel(group)}：“${part.title}”第 ${tries} 次发送失败（${outcome.detail}），${Math.ceil(wait / 1000)} 秒后重试`));
      await sleep(wait, group);
    }
  }

  function partsWaiting(robot: Robot): number {
    return robot.queue.reduce((sum, job) => sum + job.parts.length - job.sent, 0);
  }

  async function drain(robot: Robot): Promise<void> {
    robot.running = true;
    try {
      while (robot.queue.length > 0 && !closed) {
        const job = robot.queue[0]!;
        try {
          while (job.sent < job.parts.length) {
            await deliver(robot, job);
            job.sent++;
          }
          job.resolve({ ok: true, parts: job.parts.length });
        } catch (err) {
          const failure = err instanceof WebhookError ? err : closedError(job.group);
          failure.partsSent = job.sent;
          job.reject(failure);
        }
        if (robot.queue[0] === job) robot.queue.shift();
      }
    } finally {
      robot.running = false;
    }
  }

  return {
    send(group, message) {
      if (closed) return Promise.reject(closedError(group));
      const problem = webhookUrlProblem(group.kind, group.url);
      if (problem !== null) {
        return Promise.reject(new WebhookError(redactor(group)(`${groupLabel(group)}的机器人地址有误：${problem}`), { permanent: true, code: 'bad-address' }));
      }
      const maxBytes = options.maxBytes ?? MAX_BYTES[group.kind];
      const parts = splitMessage(message, maxBytes, group.keyword);
      if (parts === null) {
        const limit = `${ROBOT_ENDPOINTS[group.kind].label}机器人每条消息最多 ${maxBytes} 字节`;
        return Promise.reject(new WebhookError(`${groupLabel(group)}的消息标题太长，放不进一条消息（${limit}）。`, { permanent: true, code: 'too-long' }));
      }
      const key = robotKey(group);
      let robot = robots.get(key);
      if (!robot) {
        robot = { queue: [], recent: [], running: false };
        robots.set(key, robot);
      }
      const queued = robot;
      return new Promise<WebhookSendResult>((resolve, reject) => {
        queued.queue.push({ group, parts, sent: 0, resolve, reject });
        if (!queued.running) void drain(queued);
      });
    },
    pending() {
      let sum = 0;
      for (const robot of robots.values()) sum += partsWaiting(robot);
      return sum;
    },
    close() {
      if (closed) return;
      closed = true;
      stop.abort();
      for (const wait of waits) {
        clearTimeout(wait.timer);
        wait.reject();
      }
      waits.clear();
      for (const robot of robots.values()) {
        for (const job of robot.queue.splice(0)) {
          const err = closedError(job.group);
          err.partsSent = job.sent;
          job.reject(err);
        }
      }
    },
  };
}

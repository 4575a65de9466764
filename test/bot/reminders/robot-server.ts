/**
 * A capturing stand-in for the 企业微信 and 钉钉 robot endpoints on loopback (random port): it
 * records every request (path, query, JSON body, the time by Date.now(), which fake timers set)
 * and answers {"errcode":0,"errmsg":"ok"} unless a test queued other answers. Like the real robots
 * it may also refuse more than `limitPerMinute` requests per robot in any 60 s (45009 / 130101).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RobotRequest {
  path: string;
  query: URLSearchParams;
  /** The query string as sent (to check what was URL-encoded). */
  rawQuery: string;
  contentType: string;
  body: unknown;
  at: number;
}

export interface Reply {
  status?: number;
  /** A JSON value, or a string sent as it is. */
  body?: unknown;
}

export interface RobotServer {
  port: number;
  requests: RobotRequest[];
  wecomUrl(key: string): string;
  dingtalkUrl(token: string): string;
  /** Answers for the next requests, in order (then the default success). */
  reply(...replies: Reply[]): void;
  /** Requests the robot `credential` (key or access_token) received. */
  to(credential: string): RobotRequest[];
  close(): Promise<void>;
}

export async function startRobotServer(options: { limitPerMinute?: number } = {}): Promise<RobotServer> {
  const requests: RobotRequest[] = [];
  const queued: Reply[] = [];
  const accepted = new Map<string, number[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // kept as text
      }
      const at = Date.now();
      requests.push({ path: url.pathname, query: url.searchParams, rawQuery: url.search.slice(1), contentType: req.headers['content-type'] ?? '', body, at });
      let reply = queued.shift() ?? { body: { errcode: 0, errmsg: 'ok' } };
      const robot = url.searchParams.get('key') ?? url.searchParams.get('access_token') ?? '';
      const limit = options.limitPerMinute;
      if (limit !== undefined) {
        const times = (accepted.get(robot) ?? []).filter((t) => t > at - 60_000);
        if (times.length >= limit) {
          reply = url.pathname === '/robot/send' ? { body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } } : { body: { errcode: 45009, errmsg: 'api freq out of limit' } };
        } else times.push(at);
        accepted.set(robot, times);
      }
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    wecomUrl: (key) => `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    dingtalkUrl: (token) => `http://127.0.0.1:${port}/robot/send?access_token=${encodeURIComponent(token)}`,
    reply: (...replies) => void queued.push(...replies),
    to: (credential) => requests.filter((r) => (r.query.get('key') ?? r.query.get('access_token')) === credential),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

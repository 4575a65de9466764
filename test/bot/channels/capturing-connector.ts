/**
 * A Bot Connector stand-in on loopback: records the REST calls botbuilder makes (activities posted
 * into conversations, and the bot's token request in authenticated mode) and answers like the real
 * service, or as a test tells it to (an error status, or never).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  /** The raw request path, as sent (percent-encoding kept). */
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** JSON bodies parsed; form bodies (the token request) as an object of their fields. */
  body: unknown;
}

export type ConnectorAnswer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export interface CapturingConnector {
  /** The serviceUrl to put into conversation references (ends in "/"). */
  serviceUrl: string;
  /** The OAuth token endpoint (AuthOptions.tokenUrl). */
  tokenUrl: string;
  /** The token it hands out. */
  token: string;
  calls: ConnectorCall[];
  activityCalls(): ConnectorCall[];
  tokenCalls(): ConnectorCall[];
  /** How activity posts are answered from now on (default: 201 with an id). */
  answerActivities(answer: ConnectorAnswer | ((call: ConnectorCall) => ConnectorAnswer)): void;
  /** How token requests are answered from now on (default: a token, valid for an hour). */
  answerTokens(answer: ConnectorAnswer): void;
  /** Requests the client closed before an answer (a send that timed out). */
  abandoned: number;
  close(): Promise<void>;
}

const TOKEN_PATH = '/botframework.com/oauth2/v2.0/token';

function parse(req: IncomingMessage, text: string): unknown {
  if (!text) return null;
  if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function capturingConnector(): Promise<CapturingConnector> {
  let activityAnswer: ConnectorAnswer | ((call: ConnectorCall) => ConnectorAnswer) = { status: 201 };
  let tokenAnswer: ConnectorAnswer | null = null;
  let posted = 0;
  const state = {
    calls: [] as ConnectorCall[],
    abandoned: 0,
  };
  const token = 'eyJ0eXAiOiJKV1QifQ.test-bot-token.signature';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call: ConnectorCall = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: parse(req, Buffer.concat(chunks).toString('utf8')),
      };
      state.calls.push(call);
      const isToken = call.path === TOKEN_PATH;
      const answer: ConnectorAnswer = isToken
        ? (tokenAnswer ?? { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } })
        : typeof activityAnswer === 'function'
          ? activityAnswer(call)
          : activityAnswer;
      if (answer === 'hang') {
        res.on('close', () => {
          if (!res.writableEnded) state.abandoned += 1;
        });
        return;
      }
      posted += 1;
      // The real service answers a posted activity with its new id; errors as {error: {code, message}}.
      const body = answer.body ?? (answer.status < 300 ? { id: `1:activity-${posted}` } : { error: { code: 'ServiceError', message: `status ${answer.status}` } });
      res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    serviceUrl: `${base}/`,
    tokenUrl: `${base}${TOKEN_PATH}`,
    token,
    get calls() {
      return state.calls;
    },
    get abandoned() {
      return state.abandoned;
    },
    activityCalls: () => state.calls.filter((c) => c.path.startsWith('/v3/conversations/')),
    tokenCalls: () => state.calls.filter((c) => c.path === TOKEN_PATH),
    answerActivities(answer) {
      activityAnswer = answer;
    },
    answerTokens(answer) {
      tokenAnswer = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

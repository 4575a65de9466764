/**
 * End-to-end harness: the real server (startServer) on a random loopback port with its lowdb file
 * in a temp dir, Bot Framework activities posted over HTTP with deliveryMode "expectReplies", and a
 * small loopback file server standing in for the chat service's attachment storage.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AuthOptions } from '../../../bot/channels/auth.js';
import { loadConfig } from '../../../bot/config.js';
import { startServer, type RunningServer, type StartOptions } from '../../../bot/server/start.js';
import { STORE_FILE } from '../../../bot/store/lowdb-store.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import type { WorkbookInput } from '../../../shared/table/sheet.js';
import { cli, tempDir } from '../helpers.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TestServer extends RunningServer {
  dir: string;
  clock: { now: Date };
  /** The store file's bytes (to prove a refusal changed nothing). */
  storeBytes(): Promise<string>;
  stop(): Promise<void>;
}

/** Runs the command line against the same data directory (only while the server is stopped). */
export async function cliIn(dir: string, args: string[]) {
  const previous = process.env['JIENENG_DATA'];
  process.env['JIENENG_DATA'] = dir;
  try {
    return await cli(args);
  } finally {
    process.env['JIENENG_DATA'] = previous;
  }
}

export async function startTestServer(options: { now?: Date; env?: Record<string, string>; dir?: string; auth?: AuthOptions; intake?: StartOptions['intake'] } = {}): Promise<TestServer> {
  const temp = options.dir ? null : await tempDir();
  const dir = options.dir ?? temp!.dir;
  const clock = { now: options.now ?? new Date('2026-10-10T02:00:00Z') };
  const config = loadConfig({ JIENENG_DATA: dir, PORT: '0', JIENENG_SEED_DEMO: 'false', ...options.env });
  const server = await startServer(config, { now: () => clock.now, log: () => undefined, auth: options.auth, intake: options.intake });
  return {
    ...server,
    dir,
    clock,
    storeBytes: () => readFile(join(dir, STORE_FILE), 'utf8'),
    async stop() {
      await server.close();
      await temp?.cleanup();
    },
  };
}

/** Runs `act` and checks the store file is byte-for-byte the same afterwards (a refusal changes nothing). */
export async function unchanged<T>(server: TestServer, act: () => Promise<T>): Promise<T> {
  const before = await server.storeBytes();
  const result = await act();
  assert.equal(await server.storeBytes(), before, 'the store file is unchanged');
  return result;
}

export interface ChatUserRef {
  id: string;
  name: string;
}

export interface Attachment {
  name: string;
  contentType: string;
  contentUrl?: string;
  content?: unknown;
}

export interface BotActivity {
  type: string;
  text?: string;
  summary?: string;
  attachments?: { contentType: string; content: unknown }[];
}

let sequence = 0;

export function activity(user: ChatUserRef, text: string, attachments: Attachment[] = [], channelId = 'msteams'): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'message',
    id: `m${sequence}`,
    timestamp: new Date().toISOString(),
    channelId,
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: user.id, name: user.name },
    recipient: { id: 'jieneng-bot', name: '节能通' },
    conversation: { id: `personal-${user.id}` },
    text,
    attachments,
    deliveryMode: 'expectReplies',
  };
}

/** Posts one message; returns the HTTP status and the bot's replies. */
export async function say(server: { url: string }, user: ChatUserRef, text: string, attachments: Attachment[] = []): Promise<{ status: number; replies: BotActivity[] }> {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity(user, text, attachments)),
  });
  const body = (await response.json().catch(() => ({}))) as { activities?: BotActivity[] };
  return { status: response.status, replies: body.activities ?? [] };
}

function walk(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, out);
    return;
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') out.push(o['text']);
    if (o['type'] === 'FactSet' && Array.isArray(o['facts'])) for (const f of o['facts'] as { title: string; value: string }[]) out.push(`${f.title}：${f.value}`);
    for (const [k, v] of Object.entries(o)) if (k !== 'facts') walk(v, out);
  }
}

/** All visible text of the replies: plain texts and every TextBlock and fact of their cards. */
export function replyText(replies: readonly BotActivity[]): string {
  const out: string[] = [];
  for (const r of replies) {
    if (r.text) out.push(r.text);
    for (const a of r.attachments ?? []) walk(a.content, out);
  }
  return out.join('\n');
}

export function cards(replies: readonly BotActivity[]): unknown[] {
  return replies.flatMap((r) => (r.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content));
}

/** A loopback "attachment store": files put here get a contentUrl the bot downloads from. */
export async function fileServer(): Promise<{ put(name: string, data: Buffer): string; close(): Promise<void>; requests: number }> {
  const files = new Map<string, Buffer>();
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    const data = files.get(decodeURIComponent(req.url ?? ''));
    if (!data) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length }).end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;
  return {
    put(name, data) {
      n += 1;
      const path = `/files/${n}/${name}`;
      files.set(path, data);
      return `${base}${encodeURI(path)}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    get requests() {
      return state.requests;
    },
  };
}

export async function xlsxAttachment(files: { put(name: string, data: Buffer): string }, name: string, input: WorkbookInput): Promise<Attachment> {
  return { name, contentType: XLSX_TYPE, contentUrl: files.put(name, await xlsxBuffer(input)) };
}

/**
 * A server on a fresh data directory with one 泽州县 reporter bound in chat (invited through the
 * command line before the server starts, as the city does), and optionally the county's API token.
 * `stop()` also removes the directory.
 */
export async function serverWithReporter(
  user: ChatUserRef,
  options: { env?: Record<string, string>; now?: Date; token?: boolean } = {},
): Promise<{ server: TestServer; token: string | null }> {
  const temp = await tempDir();
  const invited = await cliIn(temp.dir, ['invite', '--county', '泽州县', '--role', 'reporter', '--format', 'json']);
  const token = options.token ? (JSON.parse((await cliIn(temp.dir, ['token', '--county', '泽州县', '--format', 'json'])).out) as { token: string }).token : null;
  const started = await startTestServer({ dir: temp.dir, ...(options.env ? { env: options.env } : {}), ...(options.now ? { now: options.now } : {}) });
  const server: TestServer = {
    ...started,
    async stop() {
      await started.stop();
      await temp.cleanup();
    },
  };
  assert.match(replyText((await say(server, user, `绑定 ${(JSON.parse(invited.out) as { code: string }).code}`)).replies), /绑定成功/u);
  return { server, token };
}

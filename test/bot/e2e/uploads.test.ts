/**
 * Oversized and refused uploads are answered, not reset: Node's fetch (which keeps writing while the
 * server answers) must see 413 / 401 every time, and a client that asks `Expect: 100-continue` is
 * refused before it sends the body. The server runs in a child process, as in production: with
 * client and server on one event loop the reset hardly ever shows.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { sample } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { entriesOf, entry, zipOf } from '../xlsx/zip-writer.js';
import { cliIn, startTestServer, XLSX_TYPE } from './harness.js';

const CHILD = fileURLToPath(new URL('./fixtures/server-child.ts', import.meta.url));
const MB = 1048576;

interface Child {
  url: string;
  token: string;
  /** The server's data directory (its log is under it). */
  dir: string;
  process: ChildProcess;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += String(d);
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  const { url, token, dir } = JSON.parse(line) as { url: string; token: string; dir: string };
  return { url, token, dir, process: child };
}

/** Posts `size` bytes with Node's fetch; the status, or the network error's code. */
async function post(url: string, size: number, headers: Record<string, string>, chunked: boolean): Promise<string> {
  const data = Buffer.alloc(size, 0x41);
  const body = chunked
    ? new ReadableStream<Uint8Array>({
        start(c) {
          for (let at = 0; at < size; at += MB) c.enqueue(data.subarray(at, at + MB));
          c.close();
        },
      })
    : data;
  try {
    const r = await fetch(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
    const answer = (await r.json()) as { error?: { message: string } };
    assert.match(answer.error?.message ?? '', /[\u4e00-\u9fff]/u, 'the refusal is explained in Chinese');
    return String(r.status);
  } catch (err) {
    return String((err as { cause?: { code?: string } }).cause?.code ?? err);
  }
}

describe('e2e: refused uploads are answered, not reset (server in a child process)', function () {
  this.timeout(120_000);
  let server: Child;

  before(async function () {
    server = await startChild({ JIENENG_MAX_UPLOAD_MB: '20' });
  });

  after(function () {
    server?.process.kill('SIGTERM');
  });

  for (const chunked of [false, true]) {
    it(`answers 413 to every one of 12 uploads of 24 MB with Node's fetch (${chunked ? 'chunked' : 'Content-Length'})`, async function () {
      const seen: string[] = [];
      for (let i = 0; i < 12; i++) seen.push(await post(`${server.url}/api/submissions`, 24 * MB, { Authorization: `Bearer ${server.token}`, 'Content-Type': XLSX_TYPE }, chunked));
      assert.deepEqual(seen, Array(12).fill('413'));
    });
  }

  it('answers 401 (not a reset) to a big upload with a wrong token', async function () {
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push(await post(`${server.url}/api/submissions`, 12 * MB, { Authorization: 'Bearer jn_wrong', 'Content-Type': XLSX_TYPE }, false));
    assert.deepEqual(seen, Array(6).fill('401'));
  });

  it('refuses an upload announced too big under Expect: 100-continue before the body is sent', async function () {
    const url = new URL(`${server.url}/api/submissions`);
    const outcome = await new Promise<{ status: number; continued: boolean; body: string }>((resolve, reject) => {
      let continued = false;
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': XLSX_TYPE, 'Content-Length': String(24 * MB), Expect: '100-continue' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, continued, body }));
        },
      );
      req.on('continue', () => {
        continued = true;
        req.end(Buffer.alloc(24 * MB));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(outcome.continued, false, 'the server did not ask for the body');
    assert.equal(outcome.status, 413);
    assert.match(outcome.body, /超过 20 MB 的上限/u);
  });

  it('logs an upload the client gave up on as one line, not a stack trace', async function () {
    const url = new URL(server.url);
    const log = join(server.dir, 'logs', 'jieneng.log');
    const before = await readFile(log, 'utf8').catch(() => '');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`POST /api/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: ${XLSX_TYPE}\r\nContent-Length: ${10 * MB}\r\n\r\n`);
        socket.write(Buffer.alloc(MB), () => setTimeout(() => socket.destroy(), 200));
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    let added = '';
    for (let i = 0; i < 50 && !added.includes('aborted'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      added = (await readFile(log, 'utf8').catch(() => '')).slice(before.length);
    }
    const lines = added.trim().split('\n');
    assert.equal(lines.length, 1, added);
    assert.match(lines[0]!, /client aborted the upload: POST \/api\/submissions after about \d+ bytes of 10485760 declared/u);
    assert.doesNotMatch(added, /\n\s+at /u, 'no stack trace');
  });

  it('asks for the body under Expect: 100-continue when the size is within the limit', async function () {
    const url = new URL(`${server.url}/api/submissions`);
    const outcome = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': XLSX_TYPE, 'Content-Length': '4', Expect: '100-continue' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, continued }));
        },
      );
      req.on('continue', () => {
        continued = true;
        req.end('abcd');
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(outcome.continued, true);
    assert.equal(outcome.status, 415, 'four bytes that are not a workbook are read, then refused as not .xlsx');
  });
});

describe('e2e: the inflated-size cap comes from the configuration', function () {
  this.timeout(60_000);

  it('JIENENG_MAX_INFLATED_MB refuses a workbook that inflates past it, in the intake thread, and stores nothing', async function () {
    // A valid workbook plus 17 MB of incompressible bytes, stored: 17 MB inflated, no bomb ratio.
    const padded = zipOf([...(await entriesOf(await xlsxBuffer(sample()))), entry('xl/media/photo.bin', randomBytes(17 * MB), 0)]);
    const post = async (env: Record<string, string>): Promise<{ status: number; body: { error?: { code: string; message: string }; status?: string } }> => {
      const temp = await tempDir();
      const issued = await cliIn(temp.dir, ['token', '--county', '泽州县', '--format', 'json']);
      const server = await startTestServer({ dir: temp.dir, env: { JIENENG_MAX_UPLOAD_MB: '30', ...env } });
      try {
        const r = await fetch(`${server.url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${(JSON.parse(issued.out) as { token: string }).token}`, 'Content-Type': XLSX_TYPE }, body: padded });
        const body = (await r.json()) as { error?: { code: string; message: string }; status?: string };
        if (r.status !== 201) assert.equal((await server.repo.submissions()).length, 0, 'nothing stored');
        return { status: r.status, body };
      } finally {
        await server.stop();
        await temp.cleanup();
      }
    };
    const refused = await post({ JIENENG_MAX_INFLATED_MB: '16' });
    assert.equal(refused.status, 413);
    assert.match(refused.body.error?.message ?? '', /解压后/u);
    const taken = await post({});
    assert.equal(taken.status, 201, JSON.stringify(taken.body).slice(0, 300));
  });
});

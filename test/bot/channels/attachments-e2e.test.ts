/**
 * Attachment refusals through the real server (local anonymous mode): a bound reporter sends
 * attachments that point at cloud metadata, a private address or a loopback server answering 500;
 * each gets the same neutral reply naming no status, address or port, nothing is stored, and the
 * detail is in the operator log.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logFile } from '../../../bot/log.js';
import { replyText, say, serverWithReporter, unchanged, XLSX_TYPE, type TestServer } from '../e2e/harness.js';

const REPORTER = { id: 'u-zezhou-ssrf', name: '王填报' };
const NEUTRAL = (name: string) => `文件“${name}”附件无法下载，请重新发送。`;

describe('e2e: attachment addresses the bot refuses', function () {
  let server: TestServer;
  let failing: Server;
  let failingUrl: string;
  let failingRequests = 0;

  before(async function () {
    ({ server } = await serverWithReporter(REPORTER));
    failing = createServer((_req, res) => {
      failingRequests += 1;
      res.writeHead(500).end('stack trace of the internal service');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/files/泽州县.xlsx?token=SECRET`;
  });

  after(async function () {
    await server?.stop();
    await new Promise<void>((resolve) => (failing ? failing.close(() => resolve()) : resolve()));
  });

  async function send(name: string, contentUrl: string): Promise<string> {
    const r = await unchanged(server, () => say(server, REPORTER, '', [{ name, contentType: XLSX_TYPE, contentUrl }]));
    assert.equal(r.status, 200);
    return replyText(r.replies);
  }

  for (const [name, url] of [
    ['元数据.xlsx', 'http://169.254.169.254/latest/meta-data'],
    ['内网.xlsx', 'http://10.1.2.3:8080/x.xlsx'],
    ['十进制.xlsx', 'http://2852039166/latest/meta-data'],
  ] as const) {
    it(`refuses ${url} with the neutral reply and stores nothing`, async function () {
      const text = await send(name, url);
      assert.equal(text, NEUTRAL(name));
      assert.doesNotMatch(text, /HTTP|8080|169|10\.1|\d{3}|端口|网络/u);
    });
  }

  it('gives the same neutral reply when a loopback URL answers 500, and logs the detail', async function () {
    const text = await send('泽州县.xlsx', failingUrl);
    assert.equal(text, NEUTRAL('泽州县.xlsx'));
    assert.doesNotMatch(text, /500|HTTP|127\.0\.0\.1/u);
    assert.equal(failingRequests, 1, 'anonymous mode may fetch from loopback');
    // The entry just written (in .1 should a later entry have rotated the file).
    const log = [await readFile(logFile(), 'utf8'), await readFile(`${logFile()}.1`, 'utf8').catch(() => '')].join('\n');
    const port = String((failing.address() as AddressInfo).port);
    const entry = log.split('\n').filter((line) => line.includes(`127.0.0.1:${port}/`));
    assert.equal(entry.length, 1, 'one log line for the failed download');
    assert.match(entry[0]!, new RegExp(`\\[chat\\.download\\].*attachment not downloaded: GET http://127\\.0\\.0\\.1:${port}/files/\\S+ \\[127\\.0\\.0\\.1\\] → HTTP 500$`, 'u'));
    assert.doesNotMatch(entry[0]!, /SECRET/u, 'the query string stays out of the log');
  });
});

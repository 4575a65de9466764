/**
 * The attachment downloader against a real loopback HTTP server (random port): what each mode may
 * reach, how many redirects, DNS pinning with an injected resolver, and the one neutral message
 * (with the detail kept on the error for the operator log).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { LookupAddress } from 'node:dns';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AttachmentPolicy } from '../../../bot/channels/address-policy.js';
import { ATTACHMENT_UNAVAILABLE, downloadAttachment } from '../../../bot/channels/download.js';
import { DownloadError } from '../../../bot/chat/types.js';
import { DEFAULT_ATTACHMENT_HOSTS } from '../../../bot/config.js';
import { tempDir } from '../helpers.js';

const ANON: AttachmentPolicy = { anonymous: true, hosts: DEFAULT_ATTACHMENT_HOSTS };
const AUTH: AttachmentPolicy = { anonymous: false, hosts: DEFAULT_ATTACHMENT_HOSTS };
const AUTH_ANY: AttachmentPolicy = { anonymous: false, hosts: ['*'] };
const BODY = Buffer.from('PK\u0003\u0004 这是一份报表');
const MAX = 1024 * 1024;

interface Seen {
  url: string;
  host: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A loopback server: /file, /r/N (N redirects before /file), /to?l=LOCATION, /status/N, /hang, /cut, /stream. */
async function testServer(): Promise<{ base: string; port: number; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', host: req.headers.host ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://x');
    const [, route, arg] = url.pathname.split('/');
    if (route === 'file') res.writeHead(200, { 'Content-Length': BODY.length }).end(BODY);
    else if (route === 'r') {
      const n = Number(arg);
      res.writeHead(302, { Location: n > 0 ? `/r/${n - 1}` : '/file' }).end();
    } else if (route === 'to') res.writeHead(302, { Location: url.searchParams.get('l') ?? '/' }).end();
    else if (route === 'status') res.writeHead(Number(arg)).end('internal detail the user must not see');
    else if (route === 'hang') return; // never answers
    else if (route === 'cut') {
      res.writeHead(200, { 'Content-Length': 1000 });
      res.write(Buffer.alloc(10));
      setTimeout(() => res.socket?.destroy(), 20);
    } else if (route === 'stream') {
      res.writeHead(200); // no Content-Length: the cap applies while reading
      res.end(Buffer.alloc(Number(arg), 0x41));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Expects the neutral refusal; returns the detail message meant for the operator log. */
async function refused(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail('the download should have been refused'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof DownloadError, String(err));
  assert.notEqual(err.reason, 'too-large');
  assert.equal(err.message, ATTACHMENT_UNAVAILABLE);
  assert.ok(err.detail instanceof Error, 'the detail for the log is an Error');
  const cause = err.detail.cause instanceof Error ? ` / ${err.detail.cause.message}` : '';
  return `${err.detail.message}${cause}`;
}

/** A resolver that answers from a script, one answer per call, and counts the calls. */
function scripted(answers: Record<string, string[][]>): { resolve: (host: string) => Promise<LookupAddress[]>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async resolve(host) {
      calls.push(host);
      const next = answers[host]?.shift();
      if (!next) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
}

describe('attachment download', function () {
  let srv: Awaited<ReturnType<typeof testServer>>;

  beforeEach(async function () {
    srv = await testServer();
  });

  afterEach(async function () {
    await srv.close();
  });

  describe('who may be reached', function () {
    it('downloads from loopback in anonymous mode', async function () {
      assert.deepEqual(await downloadAttachment(`${srv.base}/file`, MAX, { policy: ANON }), BODY);
      assert.equal(srv.seen.length, 1);
    });

    it('refuses the same loopback URL in authenticated mode without sending a request', async function () {
      assert.match(await refused(downloadAttachment(`${srv.base}/file`, MAX, { policy: AUTH })), /host 127\.0\.0\.1 is not in attachmentHosts/u);
      assert.match(await refused(downloadAttachment(`${srv.base}/file`, MAX, { policy: AUTH_ANY })), /127\.0\.0\.1 is loopback/u);
      assert.equal(srv.seen.length, 0);
    });

    it('refuses decimal, hex, octal, short and IPv4-mapped spellings of loopback in authenticated mode', async function () {
      const spellings = ['2130706433', '0x7f000001', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::1]'];
      for (const host of spellings) {
        const detail = await refused(downloadAttachment(`http://${host}:${srv.port}/file`, MAX, { policy: AUTH_ANY }));
        assert.match(detail, /loopback/u, host);
        await refused(downloadAttachment(`http://${host}:${srv.port}/file`, MAX, { policy: AUTH }));
      }
      assert.equal(srv.seen.length, 0, 'the server received no request');
      // The spellings really do point at the server: anonymous mode reaches it.
      assert.deepEqual(await downloadAttachment(`http://2130706433:${srv.port}/file`, MAX, { policy: ANON }), BODY);
      assert.deepEqual(await downloadAttachment(`http://0x7f000001:${srv.port}/file`, MAX, { policy: ANON }), BODY);
      assert.equal(srv.seen.length, 2);
    });

    it('refuses a host name with any non-loopback address in anonymous mode, without connecting', async function () {
      const dns = scripted({ 'mixed.test': [['127.0.0.1', '192.168.1.10']], 'localhost.test': [['127.0.0.1', '::1']] });
      assert.match(await refused(downloadAttachment(`http://mixed.test:${srv.port}/file`, MAX, { policy: ANON, resolve: dns.resolve })), /192\.168\.1\.10 is private/u);
      assert.equal(srv.seen.length, 0);
      assert.deepEqual(await downloadAttachment(`http://localhost.test:${srv.port}/file`, MAX, { policy: ANON, resolve: dns.resolve }), BODY);
    });

    it('refuses other schemes and keeps data: URLs working', async function () {
      await refused(downloadAttachment('file:///etc/passwd', MAX, { policy: ANON }));
      await refused(downloadAttachment('ftp://127.0.0.1/x.xlsx', MAX, { policy: ANON }));
      await refused(downloadAttachment('not a url', MAX, { policy: ANON }));
      assert.deepEqual(await downloadAttachment(`data:application/octet-stream;base64,${BODY.toString('base64')}`, MAX, { policy: AUTH }), BODY);
      assert.deepEqual(await downloadAttachment('data:text/plain,%E6%8A%A5%E8%A1%A8', MAX, { policy: AUTH }), Buffer.from('报表'));
    });
  });

  describe('redirects', function () {
    it('follows a chain of 3 redirects and refuses a 4th', async function () {
      assert.deepEqual(await downloadAttachment(`${srv.base}/r/2`, MAX, { policy: ANON }), BODY);
      assert.equal(srv.seen.length, 4, '3 redirects and the file');
      srv.seen.length = 0;
      assert.match(await refused(downloadAttachment(`${srv.base}/r/3`, MAX, { policy: ANON })), /more than 3 redirects/u);
      assert.equal(srv.seen.length, 4, 'the 4th redirect is not followed');
    });

    it('refuses a redirect to a private or link-local address without connecting to it', async function () {
      for (const target of ['http://10.0.0.1/x.xlsx', 'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/x', 'http://0xa9fea9fe/']) {
        const started = Date.now();
        const detail = await refused(downloadAttachment(`${srv.base}/to?l=${encodeURIComponent(target)}`, MAX, { policy: ANON }));
        assert.match(detail, /refused, .* is (private|linkLocal|uniqueLocal), only loopback is allowed/u, target);
        assert.ok(Date.now() - started < 1000, 'refused at once, no connection attempt');
      }
      assert.equal(srv.seen.length, 4, 'only the redirecting requests reached the server');
    });

    it('refuses a redirect to another scheme', async function () {
      assert.match(await refused(downloadAttachment(`${srv.base}/to?l=${encodeURIComponent('file:///etc/passwd')}`, MAX, { policy: ANON })), /scheme file: is not http\(s\)/u);
    });

    it('sends its headers to the first origin only', async function () {
      const other = await testServer();
      try {
        const to = `${srv.base}/to?l=${encodeURIComponent(`${other.base}/file`)}`;
        assert.deepEqual(await downloadAttachment(to, MAX, { policy: ANON, headers: { authorization: 'Bearer secret' } }), BODY);
        assert.equal(srv.seen[0]?.headers['authorization'], 'Bearer secret');
        assert.equal(other.seen[0]?.headers['authorization'], undefined);
      } finally {
        await other.close();
      }
    });
  });

  describe('DNS pinning', function () {
    it('connects to the address it checked, with one lookup', async function () {
      const dns = scripted({ 'rebind.test': [['127.0.0.1'], ['10.0.0.1']] });
      assert.deepEqual(await downloadAttachment(`http://rebind.test:${srv.port}/file`, MAX, { policy: ANON, resolve: dns.resolve }), BODY);
      assert.deepEqual(dns.calls, ['rebind.test'], 'looked up once');
      assert.equal(srv.seen.length, 1, 'the request reached the checked 127.0.0.1');
      assert.equal(srv.seen[0]?.host, `rebind.test:${srv.port}`, 'with the URL host in the Host header');
    });

    it('looks up again on each redirect hop and refuses a rebound answer', async function () {
      const dns = scripted({ 'rebind.test': [['127.0.0.1'], ['10.0.0.1']] });
      const detail = await refused(downloadAttachment(`http://rebind.test:${srv.port}/r/0`, MAX, { policy: ANON, resolve: dns.resolve }));
      assert.match(detail, /rebind\.test:\d+\/file \[10\.0\.0\.1\]: refused, 10\.0\.0\.1 is private/u);
      assert.deepEqual(dns.calls, ['rebind.test', 'rebind.test'], 'one lookup per hop');
      assert.equal(srv.seen.length, 1, 'only the first hop connected');
    });

    it('gives the neutral message when the name does not resolve', async function () {
      const dns = scripted({});
      assert.match(await refused(downloadAttachment(`http://nowhere.test:${srv.port}/file`, MAX, { policy: ANON, resolve: dns.resolve })), /DNS lookup of nowhere\.test failed \/ getaddrinfo ENOTFOUND/u);
    });
  });

  describe('TLS to the pinned address', function () {
    it('sends SNI and Host for the URL host name and checks the certificate against it, not the address', async function () {
      const temp = await tempDir();
      try {
        try {
          execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=files.test',
            '-addext', 'subjectAltName=DNS:files.test', '-keyout', join(temp.dir, 'key.pem'), '-out', join(temp.dir, 'cert.pem')], { stdio: 'ignore' });
        } catch {
          this.skip(); // no openssl to make a certificate with
        }
        const cert = readFileSync(join(temp.dir, 'cert.pem'), 'utf8');
        const seen: { sni: string | undefined; host: string | undefined }[] = [];
        const server = createTlsServer({ key: readFileSync(join(temp.dir, 'key.pem')), cert }, (req, res) => {
          seen.push({ sni: (req.socket as { servername?: string }).servername, host: req.headers.host });
          if (req.url === '/down') res.writeHead(302, { Location: `http://files.test:${(server.address() as AddressInfo).port}/file` }).end();
          else res.writeHead(200, { 'Content-Length': BODY.length }).end(BODY);
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as AddressInfo).port;
        try {
          const dns = scripted({ 'files.test': [['127.0.0.1'], ['127.0.0.1']], 'other.test': [['127.0.0.1']] });
          const options = { policy: ANON, resolve: dns.resolve, ca: cert };
          assert.deepEqual(await downloadAttachment(`https://files.test:${port}/file`, MAX, options), BODY);
          assert.deepEqual(seen, [{ sni: 'files.test', host: `files.test:${port}` }]);
          assert.match(await refused(downloadAttachment(`https://other.test:${port}/file`, MAX, options)), /does not match certificate's altnames: Host: other\.test/u);
          assert.match(await refused(downloadAttachment(`https://files.test:${port}/file`, MAX, { policy: ANON, resolve: dns.resolve })), /self.signed certificate/u);
          assert.equal(seen.length, 1);
          const again = scripted({ 'files.test': [['127.0.0.1'], ['127.0.0.1']] });
          assert.match(await refused(downloadAttachment(`https://files.test:${port}/down`, MAX, { ...options, resolve: again.resolve })), /redirect from https to http:/u);
          assert.equal(seen.length, 2, 'the plain-http hop was never requested');
          assert.deepEqual(again.calls, ['files.test'], 'nor looked up');
        } finally {
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
      } finally {
        await temp.cleanup();
      }
    });
  });

  describe('failures', function () {
    it('gives the neutral message for HTTP 404 and 500, with the status (not the query) in the detail', async function () {
      for (const status of [404, 500]) {
        const detail = await refused(downloadAttachment(`${srv.base}/status/${status}?sig=SECRET-TOKEN`, MAX, { policy: ANON }));
        assert.match(detail, new RegExp(`GET http://127\\.0\\.0\\.1:${srv.port}/status/${status} \\[127\\.0\\.0\\.1\\] → HTTP ${status}`, 'u'));
        assert.doesNotMatch(detail, /SECRET-TOKEN/u);
      }
    });

    it('gives the neutral message for a refused connection', async function () {
      const closed = await testServer();
      const port = closed.port;
      await closed.close();
      assert.match(await refused(downloadAttachment(`http://127.0.0.1:${port}/x.xlsx`, MAX, { policy: ANON })), /request failed \/ connect ECONNREFUSED/u);
    });

    it('gives the neutral message for a timeout and for a connection cut mid-body', async function () {
      assert.match(await refused(downloadAttachment(`${srv.base}/hang`, MAX, { policy: ANON, timeoutMs: 300 })), /timed out/u);
      assert.match(await refused(downloadAttachment(`${srv.base}/cut`, MAX, { policy: ANON })), /connection cut while reading/u);
    });

    it('keeps the size cap, announced or streamed', async function () {
      const tooBig = (e: unknown) => e instanceof DownloadError && e.reason === 'too-large' && /超过 1 MB 的上限/u.test(e.message);
      await assert.rejects(downloadAttachment(`${srv.base}/stream/${MAX + 1}`, MAX, { policy: ANON }), tooBig);
      assert.equal((await downloadAttachment(`${srv.base}/stream/${MAX}`, MAX, { policy: ANON })).length, MAX);
      await assert.rejects(downloadAttachment(`${srv.base}/file`, BODY.length - 1, { policy: ANON }), (e: unknown) => e instanceof DownloadError && e.reason === 'too-large');
    });
  });
});

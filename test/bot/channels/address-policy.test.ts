/**
 * The attachment address policy over a table of addresses and URL spellings, in both modes:
 * authenticated mode allows only public unicast addresses of allowed hosts, local anonymous mode
 * only loopback.
 */
import assert from 'node:assert/strict';
import { addressRange, checkAddress, checkAddresses, checkUrl, hostAllowed, hostName, type AttachmentPolicy } from '../../../bot/channels/address-policy.js';
import { DEFAULT_ATTACHMENT_HOSTS } from '../../../bot/config.js';

const AUTH: AttachmentPolicy = { anonymous: false, hosts: DEFAULT_ATTACHMENT_HOSTS };
const ANY: AttachmentPolicy = { anonymous: false, hosts: ['*'] };
const ANON: AttachmentPolicy = { anonymous: true, hosts: DEFAULT_ATTACHMENT_HOSTS };

/** [address, what it is, allowed in authenticated mode, allowed in anonymous mode] */
const ADDRESSES: [string, string, boolean, boolean][] = [
  ['127.0.0.1', 'loopback', false, true],
  ['127.255.255.254', 'loopback', false, true],
  ['::1', 'IPv6 loopback', false, true],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback (dotted)', false, true],
  ['::ffff:7f00:1', 'IPv4-mapped loopback (hex)', false, true],
  ['10.0.0.1', 'private 10/8', false, false],
  ['172.16.5.4', 'private 172.16/12', false, false],
  ['172.31.255.255', 'private 172.16/12', false, false],
  ['192.168.1.1', 'private 192.168/16', false, false],
  ['::ffff:10.0.0.1', 'IPv4-mapped private', false, false],
  ['::ffff:a00:1', 'IPv4-mapped private (hex)', false, false],
  ['fc00::1', 'IPv6 ULA', false, false],
  ['fd12:3456:789a::1', 'IPv6 ULA', false, false],
  ['169.254.169.254', 'link-local (cloud metadata)', false, false],
  ['::ffff:169.254.169.254', 'IPv4-mapped link-local', false, false],
  ['fe80::1', 'IPv6 link-local', false, false],
  ['100.64.0.1', 'CGNAT', false, false],
  ['100.127.255.254', 'CGNAT', false, false],
  ['224.0.0.1', 'multicast', false, false],
  ['239.255.255.250', 'multicast', false, false],
  ['ff02::1', 'IPv6 multicast', false, false],
  ['0.0.0.0', 'unspecified', false, false],
  ['0.1.2.3', 'this network 0/8', false, false],
  ['::', 'IPv6 unspecified', false, false],
  ['255.255.255.255', 'broadcast', false, false],
  ['240.0.0.1', 'reserved 240/4', false, false],
  ['192.0.2.1', 'documentation', false, false],
  ['198.18.0.1', 'benchmarking', false, false],
  ['2001:db8::1', 'IPv6 documentation', false, false],
  ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1', false, false],
  ['64:ff9b::1414:8001', 'NAT64 of a public address (still refused)', false, false],
  ['64:ff9b:1::7f00:1', 'local-use NAT64', false, false],
  ['2002:7f00:1::1', '6to4 of 127.0.0.1', false, false],
  ['2002:14be:8001::1', '6to4 of a public address (still refused)', false, false],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo', false, false],
  ['::7f00:1', 'IPv4-compatible ::127.0.0.1', false, false],
  ['::a00:1', 'IPv4-compatible ::10.0.0.1', false, false],
  ['fec0::1', 'deprecated site-local', false, false],
  ['20.190.128.1', 'public (Microsoft)', true, false],
  ['52.96.0.1', 'public', true, false],
  ['8.8.8.8', 'public', true, false],
  ['2603:1030::1', 'public IPv6 (Microsoft)', true, false],
  ['2620:1ec:4::1', 'public IPv6', true, false],
  ['not-an-address', 'no address', false, false],
  ['', 'empty', false, false],
];

describe('attachment address policy', function () {
  describe('addresses', function () {
    for (const [address, what, auth, anon] of ADDRESSES) {
      it(`${address || '(empty)'} (${what}): ${auth ? 'allowed' : 'refused'} authenticated, ${anon ? 'allowed' : 'refused'} anonymous`, function () {
        assert.equal(checkAddress(address, AUTH) === null, auth, `authenticated: ${checkAddress(address, AUTH)}`);
        assert.equal(checkAddress(address, ANY) === null, auth, `authenticated with "*": ${checkAddress(address, ANY)}`);
        assert.equal(checkAddress(address, ANON) === null, anon, `anonymous: ${checkAddress(address, ANON)}`);
      });
    }

    it('names the range in the refusal, and takes IPv4-mapped addresses as IPv4', function () {
      assert.equal(addressRange('::ffff:7f00:1'), 'loopback');
      assert.equal(addressRange('::ffff:169.254.169.254'), 'linkLocal');
      assert.equal(addressRange('2603:1030::1'), 'unicast');
      assert.match(checkAddress('10.0.0.1', AUTH) ?? '', /10\.0\.0\.1 is private/u);
    });

    it('refuses the whole host when any one of its addresses is refused', function () {
      assert.equal(checkAddresses(['20.190.128.1', '2603:1030::1'], AUTH), null);
      assert.match(checkAddresses(['20.190.128.1', '10.0.0.1'], AUTH) ?? '', /10\.0\.0\.1/u);
      assert.match(checkAddresses(['2603:1030::1', '::1'], AUTH) ?? '', /::1 is loopback/u);
      assert.equal(checkAddresses(['127.0.0.1', '::1'], ANON), null, 'localhost resolving to loopback only is fine');
      assert.match(checkAddresses(['127.0.0.1', '192.168.1.10'], ANON) ?? '', /192\.168\.1\.10/u);
      assert.equal(checkAddresses([], ANON), 'no address');
    });
  });

  describe('URL spellings of loopback', function () {
    const spellings = ['http://2130706433/', 'http://0x7f000001/', 'http://0177.0.0.1/', 'http://127.1/', 'http://0x7f.1/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[::1]/'];
    for (const spelling of spellings) {
      it(`${spelling} is refused in authenticated mode, even with "*"`, function () {
        const url = new URL(spelling);
        assert.notEqual(checkUrl(url, AUTH), null, 'an address is not an allowed host name');
        assert.equal(checkUrl(url, ANY), null);
        assert.match(checkAddress(hostName(url), ANY) ?? '', /loopback/u);
        assert.equal(checkAddress(hostName(url), ANON), null, 'anonymous mode may fetch from loopback');
      });
    }

    it('WHATWG URL turns decimal, hex and octal IPv4 into dotted quads', function () {
      assert.equal(new URL('http://2130706433/').hostname, '127.0.0.1');
      assert.equal(new URL('http://0x7f000001/').hostname, '127.0.0.1');
      assert.equal(new URL('http://0177.0.0.1/').hostname, '127.0.0.1');
      assert.equal(new URL('http://127.1/').hostname, '127.0.0.1');
      assert.equal(hostName(new URL('http://[::ffff:7f00:1]/')), '::ffff:7f00:1');
    });

    it('refuses spellings of the metadata and private addresses', function () {
      for (const spelling of ['http://2852039166/', 'http://0xa9fea9fe/', 'http://0251.0376.0251.0376/', 'http://10.1/', 'http://[::ffff:a9fe:a9fe]/']) {
        const host = hostName(new URL(spelling));
        assert.notEqual(checkAddress(host, ANY), null, spelling);
        assert.notEqual(checkAddress(host, ANON), null, spelling);
      }
    });
  });

  describe('host allow-list', function () {
    it('matches the host itself or a subdomain, never a longer name', function () {
      assert.equal(hostAllowed('sharepoint.com', ['sharepoint.com']), true);
      assert.equal(hostAllowed('contoso-my.sharepoint.com', ['sharepoint.com']), true);
      assert.equal(hostAllowed('a.b.sharepoint.com', ['sharepoint.com']), true);
      assert.equal(hostAllowed('sharepoint.com.', ['sharepoint.com']), true, 'a trailing dot is the same name');
      assert.equal(hostAllowed('evilsharepoint.com', ['sharepoint.com']), false);
      assert.equal(hostAllowed('sharepoint.com.evil.example', ['sharepoint.com']), false);
      assert.equal(hostAllowed('sharepoint.co', ['sharepoint.com']), false);
      assert.equal(hostAllowed('anything.example', ['*']), true);
    });

    it('applies in authenticated mode only, and to http(s) only', function () {
      assert.equal(checkUrl(new URL('https://contoso.sharepoint.com/x.xlsx'), AUTH), null);
      assert.equal(checkUrl(new URL('https://SMBA.TRAFFICMANAGER.NET/amer/v3/attachments/1'), AUTH), null);
      assert.match(checkUrl(new URL('https://evilsharepoint.com/x.xlsx'), AUTH) ?? '', /evilsharepoint\.com is not in attachmentHosts/u);
      assert.match(checkUrl(new URL('https://example.com/x.xlsx'), AUTH) ?? '', /not in attachmentHosts/u);
      assert.equal(checkUrl(new URL('https://example.com/x.xlsx'), ANY), null);
      assert.equal(checkUrl(new URL('http://localhost:3000/x.xlsx'), ANON), null, 'anonymous mode has no allow-list (addresses decide)');
      for (const other of ['file:///etc/passwd', 'ftp://contoso.sharepoint.com/x', 'gopher://127.0.0.1/']) {
        assert.match(checkUrl(new URL(other), AUTH) ?? '', /is not http\(s\)/u, other);
        assert.match(checkUrl(new URL(other), ANON) ?? '', /is not http\(s\)/u, other);
      }
    });
  });
});

/**
 * One GET to exactly the address that was checked: the socket connects to the IP literal (so no
 * second DNS answer can slip in between check and connect), while the Host header and TLS SNI /
 * certificate check use the URL's host name. Redirects are not followed here.
 */
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { hostName } from './address-policy.js';

/** Resolves a host name to all its addresses (dns.lookup with all: true); injectable for tests. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Sends GET url to `address` and resolves with the response head (the body is left unread). `ca` replaces the trusted roots (tests). */
export function pinnedGet(url: URL, address: string, headers: Record<string, string>, signal: AbortSignal, ca?: string): Promise<IncomingMessage> {
  const https = url.protocol === 'https:';
  const name = hostName(url);
  const family = isIP(address);
  const options: RequestOptions & { servername?: string; ca?: string } = {
    host: address,
    port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: { ...headers, host: url.host },
    agent: false, // no pooled socket from another host's check
    signal,
    // Node does not look up an IP literal; should it ever ask, the answer is still the checked address.
    lookup: (_host, opts, callback) => (opts.all ? callback(null, [{ address, family }]) : callback(null, address, family)),
  };
  // TLS: SNI and the certificate check use the URL's host name, not the address connected to.
  if (https && isIP(name) === 0) options.servername = name;
  if (https && ca !== undefined) options.ca = ca;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(options, resolve);
    req.once('error', reject);
    req.end();
  });
}

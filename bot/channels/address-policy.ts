/**
 * Where the bot may fetch a chat attachment from (guarding against SSRF: a chat user chooses the
 * URL). Authenticated mode: http(s) hosts that equal or end in one of the allowed suffixes, and
 * only public unicast addresses. Local anonymous mode (the Emulator serves attachments from this
 * machine): loopback addresses only. Each function returns why it refuses (for the operator log),
 * or null when it allows.
 */
import ipaddr from 'ipaddr.js';

export interface AttachmentPolicy {
  /** Local anonymous mode: loopback addresses only, any host name. */
  anonymous: boolean;
  /** Allowed host suffixes in authenticated mode; ["*"] means any host (addresses are still checked). */
  hosts: readonly string[];
}

/** Global unicast IPv6 is 2000::/3; the rest (IPv4-compatible ::a.b.c.d included) is not on the Internet. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');

/** The URL's host name without IPv6 brackets or a trailing dot, lower case. */
export function hostName(url: URL): string {
  return url.hostname.replace(/^\[|\]$/gu, '').replace(/\.$/u, '').toLowerCase();
}

/** Does the host equal one of the suffixes or end in "." + one of them? */
export function hostAllowed(host: string, suffixes: readonly string[]): boolean {
  const h = host.replace(/\.$/u, '').toLowerCase();
  return suffixes.some((s) => s === '*' || h === s || h.endsWith(`.${s}`));
}

/** The ipaddr.js range of an address, with IPv4-mapped IPv6 taken as its IPv4 address; null when it is no address. */
export function addressRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'unicast' && ip.kind() === 'ipv6' && !ip.match(GLOBAL_UNICAST_V6, 3)) return 'non-global';
  return range;
}

/** Scheme and host name (before any DNS): refused reason, or null. */
export function checkUrl(url: URL, policy: AttachmentPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol} is not http(s)`;
  if (!policy.anonymous && !hostAllowed(hostName(url), policy.hosts)) return `host ${hostName(url)} is not in attachmentHosts`;
  return null;
}

/** One resolved address: refused reason, or null. */
export function checkAddress(address: string, policy: AttachmentPolicy): string | null {
  const range = addressRange(address);
  if (range === null) return `${address} is not an IP address`;
  const allowed = policy.anonymous ? 'loopback' : 'unicast';
  return range === allowed ? null : `${address} is ${range}, only ${allowed} is allowed`;
}

/** Every resolved address must pass; one refused address refuses the host. */
export function checkAddresses(addresses: readonly string[], policy: AttachmentPolicy): string | null {
  if (addresses.length === 0) return 'no address';
  for (const a of addresses) {
    const why = checkAddress(a, policy);
    if (why) return why;
  }
  return null;
}

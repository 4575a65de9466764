/**
 * Fetching a chat attachment: data: URLs, or http(s) URLs under the address policy
 * (address-policy.ts) with every hop's host resolved once, checked and then connected to at exactly
 * that address (pinned-request.ts); at most 3 redirects, one time limit for the whole download and
 * a size cap enforced while reading (the announced Content-Length is checked first, but never
 * trusted). Every refusal or failure gives the user one neutral sentence; the detail (URL without
 * its query string, addresses, status, error) is on DownloadError.detail for the operator log.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { ATTACHMENT_UNAVAILABLE, DownloadError, type DownloadFailure } from '../chat/types.js';

export { ATTACHMENT_UNAVAILABLE };
import { checkAddresses, checkUrl, hostName, type AttachmentPolicy } from './address-policy.js';
import { pinnedGet, systemResolver, type Resolver } from './pinned-request.js';

export type { AttachmentPolicy } from './address-policy.js';

/** What the user is told for every refusal or failure other than the size cap. */

const TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface DownloadOptions {
  policy: AttachmentPolicy;
  /** Sent to the first URL's origin only, never to another origin a redirect leads to. */
  headers?: Record<string, string>;
  /** DNS resolution (tests inject one); dns.lookup with all: true by default. */
  resolve?: Resolver;
  /** For the whole download, redirects and body included. */
  timeoutMs?: number;
  /** Trusted TLS roots instead of Node's (tests with a self-signed certificate). */
  ca?: string;
}

function tooLarge(maxBytes: number): DownloadError {
  return new DownloadError('too-large', `文件超过 ${Math.round(maxBytes / 1048576)} MB 的上限。`);
}

function unavailable(reason: DownloadFailure, detail: string, cause?: unknown): DownloadError {
  return new DownloadError(reason, ATTACHMENT_UNAVAILABLE, new Error(`attachment not downloaded: ${detail}`, cause === undefined ? undefined : { cause }));
}

/** A URL for the log: no query string (it may carry an access token), no fragment. */
function forLog(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function fromDataUrl(url: string, maxBytes: number): Buffer {
  const comma = url.indexOf(',');
  if (comma < 0) throw unavailable('unsupported', 'data: URL without a comma');
  const meta = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  // base64 carries 3 bytes in 4 characters: refuse before decoding anything too big.
  if ((meta.endsWith(';base64') ? (payload.length * 3) / 4 : payload.length) > maxBytes + 3) throw tooLarge(maxBytes);
  let data: Buffer;
  try {
    data = meta.endsWith(';base64') ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8');
  } catch (err) {
    throw unavailable('unsupported', 'data: URL with bad percent-encoding', err);
  }
  if (data.length > maxBytes) throw tooLarge(maxBytes);
  return data;
}

/** The promise, or the signal's reason once it fires first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves the host once and checks every address; returns the address to connect to. */
async function checkedAddress(url: URL, options: DownloadOptions, signal: AbortSignal): Promise<string> {
  const host = hostName(url);
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await abortable((options.resolve ?? systemResolver)(host), signal)).map((a) => a.address);
    } catch (err) {
      throw unavailable('failed', `GET ${forLog(url)}: DNS lookup of ${host} failed`, err);
    }
  }
  const why = checkAddresses(addresses, options.policy);
  if (why) throw unavailable('failed', `GET ${forLog(url)} [${addresses.join(', ')}]: refused, ${why}`);
  return addresses[0]!;
}

async function readCapped(res: IncomingMessage, maxBytes: number, where: string, signal: AbortSignal): Promise<Buffer> {
  const announced = Number(res.headers['content-length'] ?? NaN);
  if (announced > maxBytes) {
    res.destroy();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(maxBytes); // leaving the loop destroys the response
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    throw unavailable('failed', `${where}: ${signal.aborted ? 'timed out' : 'connection cut'} while reading the body`, err);
  }
  return Buffer.concat(chunks, total);
}

export async function downloadAttachment(url: string, maxBytes: number, options: DownloadOptions): Promise<Buffer> {
  if (url.startsWith('data:')) return fromDataUrl(url, maxBytes);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw unavailable('unsupported', 'the attachment URL does not parse');
  }
  const origin = current.origin;
  const signal = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  for (let redirects = 0; ; redirects += 1) {
    const refused = checkUrl(current, options.policy);
    if (refused) throw unavailable(redirects === 0 ? 'unsupported' : 'failed', `GET ${forLog(current)}: refused, ${refused}`);
    const address = await checkedAddress(current, options, signal);
    const where = `GET ${forLog(current)} [${address}]`;
    let res: IncomingMessage;
    try {
      res = await pinnedGet(current, address, current.origin === origin ? (options.headers ?? {}) : {}, signal, options.ca);
    } catch (err) {
      throw unavailable('failed', `${where}: ${signal.aborted ? 'timed out' : 'request failed'}`, err);
    }
    const status = res.statusCode ?? 0;
    if (REDIRECT_STATUSES.has(status)) {
      res.destroy();
      const location = res.headers.location;
      if (!location) throw unavailable('failed', `${where} → ${status} without Location`);
      if (redirects >= MAX_REDIRECTS) throw unavailable('failed', `${where} → ${status}: more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw unavailable('failed', `${where} → ${status} to a Location that does not parse`);
      }
      // Once on TLS, stay on it: a redirect to plain http would hand the file to anyone on the path.
      if (current.protocol === 'https:' && next.protocol !== 'https:') throw unavailable('failed', `${where} → ${status}: redirect from https to ${next.protocol}`);
      current = next;
      continue;
    }
    if (status < 200 || status > 299) {
      res.destroy();
      throw unavailable('failed', `${where} → HTTP ${status}`);
    }
    return readCapped(res, maxBytes, where, signal);
  }
}

/**
 * Download links that expire and grant one thing: the server signs the path and an expiry time with
 * a secret only it holds (HMAC-SHA256), so a link cannot be stretched in time or bent to another
 * file, and nothing in it works as a credential anywhere else. The secret is made once per data
 * directory (32 random bytes, file mode 0600); deleting it revokes every link handed out.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirPrivate, writePrivateFile } from '../store/files.js';

export const LINK_SECRET_FILE = 'link-secret';

export type LinkCheck = 'ok' | 'expired' | 'invalid';

export interface LinkSigner {
  /** `path?exp=…&sig=…`, valid until `expiresAt`. */
  sign(path: string, expiresAt: Date): string;
  check(path: string, query: URLSearchParams, now: Date): LinkCheck;
}

export function linkSigner(secret: Buffer): LinkSigner {
  const mac = (path: string, exp: string): Buffer => createHmac('sha256', secret).update(`${path}\n${exp}`).digest();
  return {
    sign(path, expiresAt) {
      const exp = String(Math.floor(expiresAt.getTime() / 1000));
      return `${path}?exp=${exp}&sig=${mac(path, exp).toString('base64url')}`;
    },
    check(path, query, now) {
      const exp = query.get('exp') ?? '';
      const sig = Buffer.from(query.get('sig') ?? '', 'base64url');
      if (!/^\d{1,12}$/u.test(exp)) return 'invalid';
      const expected = mac(path, exp);
      if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return 'invalid';
      return Number(exp) * 1000 < now.getTime() ? 'expired' : 'ok';
    },
  };
}

/** The data directory's link secret, made on first use. */
export async function loadLinkSecret(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, LINK_SECRET_FILE);
  const existing = await readFile(file).catch(() => null);
  if (existing && existing.length >= 32) return existing;
  await mkdirPrivate(dataDir);
  const secret = randomBytes(32);
  await writePrivateFile(file, secret);
  return secret;
}

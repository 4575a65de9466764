/**
 * Invite codes and API tokens. Both are shown once and stored only as sha-256 hashes, so a copy of
 * the data file does not let anyone bind or submit. Invite codes are short enough to type from a
 * screen (no 0/O/1/I/L); tokens are long random strings for scripts and the add-in.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** "K7QD-M3XA": 8 characters, ~39 bits, one-time and short-lived. */
export function newInviteCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** What a user typed, in the canonical form: upper case, no spaces, dash in the middle. */
export function normalizeInviteCode(text: string): string | null {
  const compact = text.normalize('NFKC').toUpperCase().replace(/[\s\-－—_]/gu, '');
  if (!/^[A-Z0-9]{8}$/u.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** "jn_" + 43 base64url characters (256 bits). */
export function newApiToken(): string {
  return `jn_${randomBytes(32).toString('base64url')}`;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

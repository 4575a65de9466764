/** Invite codes and API tokens: their shape, how typed codes are normalised, and the stored hashes. */
import assert from 'node:assert/strict';
import { hashSecret, newApiToken, newInviteCode, normalizeInviteCode, sha256 } from '../../../bot/access/secrets.js';

const CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/u;

describe('bot/access/secrets', () => {
  it('makes invite codes of 4+4 readable characters (no 0, O, 1, I, L), all distinct', () => {
    const codes = Array.from({ length: 200 }, () => newInviteCode());
    for (const c of codes) {
      assert.match(c, CODE);
      assert.doesNotMatch(c, /[01OIL]/u, c);
    }
    assert.equal(new Set(codes).size, 200);
    // Over 1,600 characters all 31 symbols (23 letters, digits 2–9) turn up (a miss has odds ~e^-50):
    // a narrowed alphabet would show.
    assert.equal(new Set(codes.join('').replace(/-/gu, '')).size, 31);
  });

  it('a fresh code is already in normal form', () => {
    for (let i = 0; i < 50; i++) {
      const c = newInviteCode();
      assert.equal(normalizeInviteCode(c), c);
    }
  });

  it('normalises what users type: case, spaces, missing or full-width dash, full-width characters', () => {
    for (const typed of [' k7qd m3xa ', 'K7QDM3XA', 'k7qd-m3xa', 'Ｋ７ＱＤ－Ｍ３ＸＡ', 'ｋ７ｑｄ　ｍ３ｘａ', 'K7QD—M3XA', 'K7QD_M3XA']) {
      assert.equal(normalizeInviteCode(typed), 'K7QD-M3XA', typed);
    }
  });

  it('rejects what cannot be a code', () => {
    for (const typed of ['K7QD', '绑定', '', 'K7QD-M3XA-1', 'K7QD-M3X!', 'K7QD-M3XAB']) {
      assert.equal(normalizeInviteCode(typed), null, typed);
    }
  });

  it('makes API tokens of "jn_" and 43 base64url characters, distinct', () => {
    const tokens = Array.from({ length: 50 }, () => newApiToken());
    for (const t of tokens) {
      assert.ok(t.startsWith('jn_'));
      assert.equal(t.length, 46);
      assert.match(t, /^jn_[A-Za-z0-9_-]{43}$/u);
    }
    assert.equal(new Set(tokens).size, 50);
  });

  it('hashes secrets as stable lower-case sha-256 hex', () => {
    assert.equal(hashSecret('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const t = newApiToken();
    assert.match(hashSecret(t), /^[0-9a-f]{64}$/u);
    assert.equal(hashSecret(t), hashSecret(t));
    assert.notEqual(hashSecret('K7QD-M3XA'), hashSecret('K7QD-M3XB'));
    assert.equal(hashSecret('泽州县'), sha256(Buffer.from('泽州县', 'utf8')), 'text is hashed as UTF-8');
  });
});

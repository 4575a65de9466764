import assert from 'node:assert/strict';
import {
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_PATTERN,
  creditCodeCheckChar,
  isValidCreditCode,
  normalizeCreditCode,
} from '../../../shared/validation/credit-code.js';

describe('GB 32100-2015 credit codes', () => {
  it('the charset is the 31 characters of the standard (no I, O, S, V, Z)', () => {
    assert.equal(CREDIT_CODE_CHARSET, '0123456789ABCDEFGHJKLMNPQRTUWXY');
    assert.equal(CREDIT_CODE_CHARSET.length, 31);
  });

  it('computes the check character of the known code 91350100M000100Y43', () => {
    // Σ value × weight: 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M(21)·20 + 0·29 + 0·25
    //   + 0·13 + 1·8 + 0·24 + 0·10 + Y(30)·30 + 4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    assert.equal(creditCodeCheckChar('91350100M000100Y4'), '3');
    assert.equal(isValidCreditCode('91350100M000100Y43'), true);
  });

  it('computes the template example 12140525MB1C00012J', () => {
    // Σ = 1377; 1377 mod 31 = 13; 31 − 13 = 18 → J.
    assert.equal(creditCodeCheckChar('12140525MB1C00012'), 'J');
    assert.equal(isValidCreditCode('12140525MB1C00012J'), true);
  });

  it('rejects the template JSON example 11140525MB1234567X (its check character is 1)', () => {
    // Σ = 1704; 1704 mod 31 = 30; 31 − 30 = 1.
    assert.equal(creditCodeCheckChar('11140525MB1234567'), '1');
    assert.equal(isValidCreditCode('11140525MB1234567X'), false);
    assert.equal(isValidCreditCode('11140525MB12345671'), true);
  });

  it('maps a remainder of 0 to the check character 0, not to a 32nd character', () => {
    assert.equal(creditCodeCheckChar('00000000000000000'), '0');
    // 1·1 + 30·3 = 91 = 2·31 + 29 → 31 − 29 = 2.
    assert.equal(creditCodeCheckChar('1Y000000000000000'), '2');
  });

  it('detects any single changed character', () => {
    const code = '91350100M000100Y43';
    for (let i = 0; i < 18; i++) {
      const c = code[i]!;
      const other = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(c) + 1) % 31]!;
      assert.equal(isValidCreditCode(code.slice(0, i) + other + code.slice(i + 1)), false, `position ${i + 1}`);
    }
  });

  it('has no check character for a wrong length or a character outside the charset', () => {
    assert.equal(creditCodeCheckChar('91350100M000100Y'), undefined);
    assert.equal(creditCodeCheckChar('91350100M000100Y43'), undefined);
    assert.equal(creditCodeCheckChar('91350100I000100Y4'), undefined);
    assert.equal(creditCodeCheckChar('91350100m000100Y4'), undefined);
  });

  it('the pattern wants 18 characters of the charset', () => {
    assert.ok(CREDIT_CODE_PATTERN.test('91350100M000100Y43'));
    assert.ok(!CREDIT_CODE_PATTERN.test('91350100M000100Y4'));
    assert.ok(!CREDIT_CODE_PATTERN.test('91350100M000100Y433'));
    for (const bad of ['I', 'O', 'S', 'V', 'Z', 'm']) assert.ok(!CREDIT_CODE_PATTERN.test(`91350100${bad}000100Y43`), bad);
  });

  it('normalises spaces, case and full-width characters', () => {
    assert.equal(normalizeCreditCode(' 91350100m000100y43 '), '91350100M000100Y43');
    assert.equal(normalizeCreditCode('９１３５０１００Ｍ０００１００Ｙ４３'), '91350100M000100Y43');
    assert.equal(normalizeCreditCode('913501 00M000 100Y43'), '91350100M000100Y43');
    assert.equal(isValidCreditCode(normalizeCreditCode('９１３５０１００ｍ０００１００ｙ４３')), true);
  });
});

import assert from 'node:assert/strict';
import {
  DIVISION_CODE_PATTERN,
  PHONE_PATTERN,
  PLATE_PATTERN,
  normalizePhone,
  normalizePlate,
  parseQuarter,
} from '../../../shared/validation/patterns.js';

const plateOk = (text: string): boolean => PLATE_PATTERN.test(normalizePlate(text));

describe('validation/patterns', () => {
  describe('plates', () => {
    for (const p of ['晋E12345', '晋EA1B2C', '晋E·12345', '晋E 12345', '晋e-12345', '京A1234学', '晋E1234警', '粤B1234挂', '晋ED12345', '晋E·FA1234', '晋E12345D', '晋E12345F', '川A·D12345']) {
      it(`accepts ${p}`, () => assert.ok(plateOk(p)));
    }
    for (const p of ['晋E1234', '晋E1234567', 'E12345', '港E12345', '晋112345', '晋I12345', '晋E1234I', '晋EO2345', '晋E123456', '晋E·F1A234', '晋EDA12345', '']) {
      it(`rejects ${JSON.stringify(p)}`, () => assert.ok(!plateOk(p)));
    }
    it('normalisation drops separators and upper-cases', () => {
      assert.equal(normalizePlate(' 晋e·d 1-2.3•45 '), '晋ED12345');
      assert.equal(normalizePlate('晋Ｅ１２３４５'), '晋E12345');
    });
  });

  describe('phones', () => {
    for (const p of ['13812345678', '19912345678', '0356-2020123', '03562020123', '010-12345678', '0351-12345678', ' 138 1234 5678 ']) {
      it(`accepts ${JSON.stringify(p)}`, () => assert.ok(PHONE_PATTERN.test(normalizePhone(p))));
    }
    for (const p of ['12812345678', '1381234567', '138123456789', '356-2020123', '0356-202012', '0356-202012345', '+8613812345678', '0356--2020123', 'abc']) {
      it(`rejects ${JSON.stringify(p)}`, () => assert.ok(!PHONE_PATTERN.test(normalizePhone(p))));
    }
  });

  describe('division codes', () => {
    it('are 6 digits', () => {
      assert.ok(DIVISION_CODE_PATTERN.test('140525'));
      for (const bad of ['14052', '1405250', '14052X', ' 140525', '']) assert.ok(!DIVISION_CODE_PATTERN.test(bad), bad);
    });
  });

  describe('parseQuarter', () => {
    const three = [3, '3', ' 3 ', '三', 'Q3', 'q3', 'Ｑ３', '３', '第三季度', '第3季度', '3季度', '三季度', '第三季', 'Q 3'];
    for (const v of three) it(`${JSON.stringify(v)} → 3`, () => assert.equal(parseQuarter(v), 3));
    it('一 二 四 → 1 2 4', () => assert.deepEqual(['一', '二', '四'].map(parseQuarter), [1, 2, 4]));
    it('numbers out of 1–4 still parse (the range check is the validator’s)', () => {
      assert.equal(parseQuarter(5), 5);
      assert.equal(parseQuarter('Q5'), 5);
    });
    for (const v of [3.5, '五', '第五季度', '3Q', 'Q', '', 'abc', null, undefined, true, new Date(0)]) {
      it(`${String(v)} → undefined`, () => assert.equal(parseQuarter(v), undefined));
    }
  });
});

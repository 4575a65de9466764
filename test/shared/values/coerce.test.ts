import assert from 'node:assert/strict';
import { isoDate, serialToIsoDate, toBoolean, toIsoDate, toNumber, toText } from '../../../shared/values/coerce.js';

describe('values/coerce', () => {
  describe('toNumber', () => {
    const good: [string | number, number][] = [
      [12, 12],
      [-3.5, -3.5],
      [0, 0],
      ['12', 12],
      [' 12 ', 12],
      ['-5', -5],
      ['+7', 7],
      ['.5', 0.5],
      ['1e3', 1000],
      ['1,234.5', 1234.5],
      ['1,234,567', 1234567],
      ['-1,234', -1234],
      ['１２３', 123],
      ['１，２３４．５', 1234.5],
      ['12 345', 12345],
    ];
    for (const [raw, want] of good) it(`${JSON.stringify(raw)} → ${want}`, () => assert.equal(toNumber(raw), want));

    const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '', ' ', 'abc', '12,34', '1,2345', '1.2.3', '100吨', '0x10', 'Infinity', 'NaN', true, false, null, undefined, new Date(0)];
    for (const raw of bad) it(`${String(raw)} → undefined`, () => assert.equal(toNumber(raw), undefined));
  });

  describe('toBoolean', () => {
    const yes = ['是', 'Y', 'y', 'yes', 'YES', 'Yes', 'TRUE', 'true', '1', ' 是 ', 'ｙｅｓ', true, 1] as const;
    const no = ['否', 'N', 'n', 'no', 'NO', 'FALSE', 'false', '0', false, 0] as const;
    for (const v of yes) it(`${JSON.stringify(v)} → true`, () => assert.equal(toBoolean(v), true));
    for (const v of no) it(`${JSON.stringify(v)} → false`, () => assert.equal(toBoolean(v), false));
    for (const [v, want] of [['有', true], ['√', true], ['✓', true], ['✔', true], ['对', true], ['无', false], ['没有', false], ['×', false], ['✗', false], ['✘', false], ['错', false]] as const) {
      it(`${v} → ${want}`, () => assert.equal(toBoolean(v), want));
    }
    for (const v of ['有的', '无效', 'x', 'X', '√×', 'ok', '', 2, -1, 0.5, null, undefined, new Date(0)]) {
      it(`${String(v)} → undefined`, () => assert.equal(toBoolean(v), undefined));
    }
  });

  describe('serialToIsoDate (Excel 1900 date system)', () => {
    it('45658 is 2025-01-01', () => {
      // 2025-01-01 is 20089 days after 1970-01-01, whose serial is 25569.
      assert.equal(Date.UTC(2025, 0, 1) / 86_400_000 + 25_569, 45658);
      assert.equal(serialToIsoDate(45658), '2025-01-01');
    });
    it('46235 is 2026-08-01', () => assert.equal(serialToIsoDate(46235), '2026-08-01'));
    it('25569 is 1970-01-01', () => assert.equal(serialToIsoDate(25569), '1970-01-01'));
    it('a time part is dropped', () => assert.equal(serialToIsoDate(45658.99), '2025-01-01'));
    it('1 is 1900-01-01 and 59 is 1900-02-28', () => {
      assert.equal(serialToIsoDate(1), '1900-01-01');
      assert.equal(serialToIsoDate(59), '1900-02-28');
    });
    it('60 (Lotus 1-2-3’s 1900-02-29) is invalid', () => assert.equal(serialToIsoDate(60), undefined));
    it('61 is 1900-03-01', () => assert.equal(serialToIsoDate(61), '1900-03-01'));
    it('2958465 is 9999-12-31, the last Excel date', () => {
      assert.equal(serialToIsoDate(2958465), '9999-12-31');
      assert.equal(serialToIsoDate(2958466), undefined);
    });
    for (const bad of [0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      it(`${bad} is invalid`, () => assert.equal(serialToIsoDate(bad), undefined));
    }
  });

  describe('isoDate', () => {
    it('builds padded ISO text', () => assert.equal(isoDate(2026, 7, 5), '2026-07-05'));
    it('knows leap years', () => {
      assert.equal(isoDate(2024, 2, 29), '2024-02-29');
      assert.equal(isoDate(2026, 2, 29), undefined);
      assert.equal(isoDate(2000, 2, 29), '2000-02-29');
      assert.equal(isoDate(2100, 2, 29), undefined);
    });
    it('rejects impossible days and months', () => {
      assert.equal(isoDate(2026, 2, 30), undefined);
      assert.equal(isoDate(2026, 4, 31), undefined);
      assert.equal(isoDate(2026, 13, 1), undefined);
      assert.equal(isoDate(2026, 0, 1), undefined);
      assert.equal(isoDate(2026, 1, 0), undefined);
      assert.equal(isoDate(1899, 12, 31), undefined);
      assert.equal(isoDate(2026.5, 1, 1), undefined);
    });
  });

  describe('toIsoDate', () => {
    const good: [string, Parameters<typeof toIsoDate>[0]][] = [
      ['2026-08-01', '2026-08-01'],
      ['2026-8-1', '2026-8-1'],
      ['2026/8/1', '2026/8/1'],
      ['2026/08/01', '2026/08/01'],
      ['2026年8月1日', '2026年8月1日'],
      ['2026 年 8 月 1 日', '2026 年 8 月 1 日'],
      ['２０２６-０８-０１', '２０２６-０８-０１'],
      ['serial', 46235],
      ['UTC midnight Date', new Date(Date.UTC(2026, 7, 1))],
      ['Date with a morning time', new Date(Date.UTC(2026, 7, 1, 9, 30))],
      ['New York midnight Date', new Date('2026-08-01T00:00:00-04:00')],
      // Forms offices write (issue 8, item 15).
      ['2026.8.1', '2026.8.1'],
      ['2026.08.01', '2026.08.01'],
      ['20260801', '20260801'],
      ['the number 20260801', 20260801],
      ['20260801 typed in a date-formatted cell (a Date in the year 57372)', new Date((20260801 - 25569) * 86_400_000)],
      ['2026年8月1号', '2026年8月1号'],
      ['2026-08-01 10:00', '2026-08-01 10:00'],
      ['2026/8/1 9:05:30', '2026/8/1 9:05:30'],
      ['2026-08-01T10:00', '2026-08-01T10:00'],
      ['2026年8月1日10时30分', '2026年8月1日10时30分'],
      ['2026 年 8 月 1 日 16:30', '2026 年 8 月 1 日 16:30'],
      ['full-width ２０２６．８．１', '２０２６．８．１'],
      // Review of issue 8: instants with a zone are the day in China (UTC+8); 上午/下午 and AM/PM times.
      ['2026-08-01T00:00:00Z', '2026-08-01T00:00:00Z'],
      ['2026-07-31T20:00:00.000Z (04:00 in Beijing)', '2026-07-31T20:00:00.000Z'],
      ['2026-08-01T23:30:00+08:00', '2026-08-01T23:30:00+08:00'],
      ['2026-08-01T10:00-0500 (23:00 in Beijing)', '2026-08-01T10:00-0500'],
      ['2026/8/1 下午3:05', '2026/8/1 下午3:05'],
      ['2026年8月1日上午9时', '2026年8月1日上午9时'],
      ['2026-8-1 3:05 PM', '2026-8-1 3:05 PM'],
    ];
    for (const [label, raw] of good) it(`${label} → 2026-08-01`, () => assert.equal(toIsoDate(raw), '2026-08-01'));
    it('2026-08-01T16:00:00Z is midnight in Beijing: 2026-08-02', () => assert.equal(toIsoDate('2026-08-01T16:00:00Z'), '2026-08-02'));

    for (const bad of ['2026-02-30', '2026/13/1', '2026年2月29日', '2026.2.30', '20260230', 20260230, 20261301, '08/01/2026', '2026.8/1', '2026801', '2026-08-0110:00', '2026-08-01 24:00', '2026-08-01 abc', '2026-08-01T25:00:00Z', '2026-08-01 10:00Z', 'abc', '', 60, 0, true, null, undefined, new Date(Number.NaN)]) {
      it(`${String(bad)} → undefined`, () => assert.equal(toIsoDate(bad), undefined));
    }
  });

  describe('toText', () => {
    it('trims and writes values the usual way', () => {
      assert.equal(toText('  泽州县 '), '泽州县');
      assert.equal(toText(12.5), '12.5');
      assert.equal(toText(true), 'true');
      assert.equal(toText(null), '');
      assert.equal(toText(undefined), '');
      assert.equal(toText(new Date(Date.UTC(2026, 7, 1))), '2026-08-01');
      assert.equal(toText(new Date(Number.NaN)), '');
    });
  });
});

/**
 * The city's holiday file: every mistake gets its own Chinese line naming where it is, and a valid
 * file laid over a base calendar decides its years alone. Weekdays checked with getUTCDay():
 * 2027-01-01 Fri, 2027-01-02 Sat, 2027-02-08 Mon, 2027-02-20 Sat, 2027-03-06 Sat, 2026-12-27 Sun.
 */
import assert from 'node:assert/strict';
import { WEEKDAYS_ONLY, type WorkdayCalendar } from '../../../shared/schedule/calendar.js';
import { overlayCalendar, parseHolidayFile, sourcedCalendar, validateHolidayFile, type HolidayYear } from '../../../shared/schedule/holidays.js';
import { TEST_HOLIDAYS_2027 } from './holidays-2027-test-data.js';

const NEW_YEAR = { name: '元旦', from: '2027-01-01', to: '2027-01-03' };
const year = (patch: Partial<Record<keyof HolidayYear, unknown>> & Record<string, unknown>): unknown => ({
  years: { '2027': { source: '测试数据', holidays: [NEW_YEAR], workdays: [], ...patch } },
});

/** The errors of a file given as a value. */
function errors(json: unknown): string[] {
  const r = parseHolidayFile(JSON.stringify(json));
  assert.equal(r.ok, false, 'expected the file to be refused');
  return r.ok ? [] : r.errors;
}

/** A base calendar covering 2026 only, with one made-up holiday so deferring to it shows. */
const BASE_2026: WorkdayCalendar = {
  covers: (y) => y === 2026,
  isWorkday: (d) => d !== '2026-10-01' && WEEKDAYS_ONLY.isWorkday(d),
};

describe('schedule/holidays', () => {
  describe('parseHolidayFile', () => {
    it('accepts the test data for 2027 as written, and a leading BOM', () => {
      const text = JSON.stringify(TEST_HOLIDAYS_2027, null, 2);
      assert.deepEqual(parseHolidayFile(text), { ok: true, file: TEST_HOLIDAYS_2027 });
      assert.deepEqual(parseHolidayFile(`\uFEFF${text}`), { ok: true, file: TEST_HOLIDAYS_2027 });
      assert.deepEqual(parseHolidayFile('{"years": {}, "note": "尚无"}'), { ok: true, file: { years: {}, note: '尚无' } });
    });

    it('accepts a 元旦 break and its 调休 starting in late December of the year before', () => {
      const r = parseHolidayFile(JSON.stringify(year({ holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-02' }], workdays: ['2026-12-27'] })));
      assert.equal(r.ok, true);
    });

    it('bad JSON: says so, with the place when a locator is given', () => {
      const text = '{\n  "years": {\n    "2027": { "source": "x",, }\n  }\n}';
      assert.deepEqual(parseHolidayFile(text), { ok: false, errors: ['节假日文件不是有效的 JSON：请检查括号、引号和逗号是否成对、完整。'] });
      const located = parseHolidayFile(text, { locateJsonError: () => '（第 3 行第 29 列附近）' });
      assert.deepEqual(located, { ok: false, errors: ['节假日文件不是有效的 JSON（第 3 行第 29 列附近）：请检查括号、引号和逗号是否成对、完整。'] });
    });

    it('the document and years: not an object, missing, unknown keys, a key that is not a year', () => {
      assert.deepEqual(errors([1]), ['（顶层）：须为对象 {…}（可用的字段：years、note），收到 [1]']);
      assert.deepEqual(errors({}), ['years：缺少此项：须为对象，键为年份，如 {"2027": {"source": …, "holidays": […], "workdays": […]}}']);
      assert.deepEqual(errors({ years: {}, yaers: {} }), ['（顶层）：不认识的字段 "yaers"（可用的字段：years、note），请检查拼写或删去']);
      assert.deepEqual(errors({ years: [] }), ['years：须为对象，键为年份，如 {"2027": {"source": …, "holidays": […], "workdays": […]}}，收到 []']);
      assert.deepEqual(errors({ years: { '27': {} } }), ['years.27：键须为四位年份，如 "2027"']);
      assert.deepEqual(errors({ years: { '2027': 5 } }), ['years.2027：须为对象 {…}（可用的字段：source、holidays、workdays、note），收到 5']);
    });

    it('a year: unknown keys, missing or empty source, no holidays, no workdays list', () => {
      assert.deepEqual(errors(year({ holiday: [] })), ['years.2027：不认识的字段 "holiday"（可用的字段：source、holidays、workdays、note），请检查拼写或删去']);
      assert.deepEqual(errors(year({ source: undefined })), ['years.2027.source：须填写来源：国务院办公厅通知的文号或标题，如 "国办发明电〔2026〕X号"']);
      assert.deepEqual(errors(year({ source: '  ' })), ['years.2027.source：来源不能为空：请填写国务院办公厅通知的文号或标题']);
      assert.deepEqual(errors(year({ holidays: [] })), ['years.2027.holidays：至少列出一项放假安排（通知中的每个节日一项）']);
      assert.deepEqual(errors(year({ workdays: undefined })), ['years.2027.workdays：缺少此项：须为日期数组，如 ["2027-02-06"]；没有调休上班日时写 []']);
    });

    it('a holiday entry: unknown key, missing name', () => {
      assert.deepEqual(errors(year({ holidays: [{ ...NEW_YEAR, days: 3 }] })), ['years.2027.holidays[0]：不认识的字段 "days"（可用的字段：name、from、to），请检查拼写或删去']);
      assert.deepEqual(errors(year({ holidays: [{ from: '2027-01-01', to: '2027-01-01' }] })), ['years.2027.holidays[0].name：须填写节日名称，如 "春节"']);
    });

    it('dates: wrong format, not a date, nonexistent', () => {
      assert.deepEqual(errors(year({ holidays: [{ ...NEW_YEAR, from: '2027-1-1' }] })), ['years.2027.holidays[0].from：日期须写成 YYYY-MM-DD（如 "2027-01-01"），收到 "2027-1-1"']);
      assert.deepEqual(errors(year({ workdays: [20270206] })), ['years.2027.workdays[0]：须为 YYYY-MM-DD 格式的日期文本，收到 20270206']);
      assert.deepEqual(errors(year({ holidays: [{ name: '春节', from: '2027-02-29', to: '2027-03-01' }] })), ['years.2027.holidays[0].from：日期 2027-02-29 不存在，请核对月份和日子']);
    });

    it('a date outside its year (late December before it is allowed for 元旦 only)', () => {
      assert.deepEqual(errors(year({ holidays: [NEW_YEAR, { name: '国庆节', from: '2028-10-01', to: '2027-10-07' }] })), [
        'years.2027.holidays[1].from：2028-10-01 不在 2027 年内（只有元旦假期和它的调休可能在上一年 12 月底）：请核对年份，或把它放到 years.2028 下',
        'years.2027.holidays[1]：开始日 2028-10-01 晚于结束日 2027-10-07，请对调 from 和 to',
      ]);
      assert.deepEqual(errors(year({ workdays: ['2026-11-28'] })), [
        'years.2027.workdays[0]：2026-11-28 不在 2027 年内（只有元旦假期和它的调休可能在上一年 12 月底）：请核对年份，或把它放到 years.2026 下',
      ]);
    });

    it('from after to, and a break too long to be real', () => {
      assert.deepEqual(errors(year({ holidays: [{ name: '春节', from: '2027-02-14', to: '2027-02-06' }] })), ['years.2027.holidays[0]：开始日 2027-02-14 晚于结束日 2027-02-06，请对调 from 和 to']);
      assert.deepEqual(errors(year({ holidays: [{ name: '春节', from: '2027-02-06', to: '2027-12-14' }] })), ['years.2027.holidays[0]：春节 2027-02-06 至 2027-12-14 共 312 天，超过 14 天，请核对月份']);
    });

    it('overlapping breaks: each overlap once, against the entry written first, in any order', () => {
      const holidays = [
        { name: '春节', from: '2027-02-06', to: '2027-02-14' },
        NEW_YEAR,
        { name: '甲', from: '2027-02-10', to: '2027-02-11' },
        { name: '乙', from: '2027-02-12', to: '2027-02-15' },
        { name: '丙', from: '2027-02-15', to: '2027-02-15' },
      ];
      assert.deepEqual(errors(year({ holidays })), [
        'years.2027.holidays[2]：甲（2027-02-10 至 2027-02-11）与 holidays[0] 春节（2027-02-06 至 2027-02-14）的日期重叠，请核对',
        'years.2027.holidays[3]：乙（2027-02-12 至 2027-02-15）与 holidays[0] 春节（2027-02-06 至 2027-02-14）的日期重叠，请核对',
        'years.2027.holidays[4]：丙（2027-02-15 至 2027-02-15）与 holidays[3] 乙（2027-02-12 至 2027-02-15）的日期重叠，请核对',
      ]);
    });

    it('adjusted workdays: a weekday, a day inside a break, a duplicate', () => {
      assert.deepEqual(errors(year({ workdays: ['2027-02-08'] })), ['years.2027.workdays[0]：2027-02-08 是星期一，本来就上班；调休上班日只能是周六或周日，请核对通知']);
      assert.deepEqual(errors(year({ workdays: ['2027-01-02'] })), [
        'years.2027.workdays[0]：2027-01-02 同时在放假安排 元旦（2027-01-01 至 2027-01-03）内，一天不能既放假又上班，请删去其中一处',
      ]);
      assert.deepEqual(errors(year({ workdays: ['2027-02-20', '2027-03-06', '2027-02-20'] })), ['years.2027.workdays[2]：2027-02-20 重复列出，请删去一处']);
    });

    it('reports the mistakes of every year at once', () => {
      const json = {
        years: {
          '2027': { source: 'a', holidays: [NEW_YEAR], workdays: ['2027-02-08'] },
          '2028': { source: 'b', holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }], workdays: 'none' },
        },
      };
      assert.deepEqual(errors(json), [
        'years.2027.workdays[0]：2027-02-08 是星期一，本来就上班；调休上班日只能是周六或周日，请核对通知',
        'years.2028.workdays：须为日期数组，如 ["2027-02-06"]；没有调休上班日时写 []，收到 "none"',
      ]);
    });

    it('validateHolidayFile takes an already parsed value', () => {
      assert.deepEqual(validateHolidayFile(TEST_HOLIDAYS_2027), { ok: true, file: TEST_HOLIDAYS_2027 });
      assert.equal(validateHolidayFile(null).ok, false);
    });
  });

  describe('overlayCalendar', () => {
    const calendar = overlayCalendar(BASE_2026, TEST_HOLIDAYS_2027);

    it('a file year is covered and decided by the file: holidays off, adjusted Saturdays on, else Monday–Friday', () => {
      assert.equal(calendar.covers(2027), true);
      assert.equal(calendar.source(2027), 'file');
      assert.equal(calendar.isWorkday('2027-01-01'), false, 'Friday, 元旦');
      assert.equal(calendar.isWorkday('2027-02-08'), false, 'Monday in 春节');
      assert.equal(calendar.isWorkday('2027-02-20'), true, 'Saturday, 调休');
      assert.equal(calendar.isWorkday('2027-02-27'), false, 'an ordinary Saturday');
      assert.equal(calendar.isWorkday('2027-01-15'), true, 'an ordinary Friday');
    });

    it('other years defer to the base calendar', () => {
      assert.equal(calendar.covers(2026), true);
      assert.equal(calendar.source(2026), 'package');
      assert.equal(calendar.isWorkday('2026-10-01'), false, 'the base calendar’s holiday');
      assert.equal(calendar.isWorkday('2026-10-02'), true);
      assert.equal(calendar.covers(2028), false);
      assert.equal(calendar.source(2028), null);
    });

    it('a file’s late-December dates override the base for those days only', () => {
      const parsed = parseHolidayFile(JSON.stringify(year({ holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-02' }], workdays: ['2026-12-27'] })));
      assert.ok(parsed.ok);
      const c = overlayCalendar(BASE_2026, parsed.file);
      assert.equal(BASE_2026.isWorkday('2026-12-31'), true);
      assert.equal(c.isWorkday('2026-12-31'), false);
      assert.equal(c.isWorkday('2026-12-27'), true, 'Sunday worked');
      assert.equal(c.isWorkday('2026-12-30'), true, 'the rest of December from the base');
      assert.equal(c.source(2026), 'package');
    });

    it('sourcedCalendar names the base’s years without a file', () => {
      const c = sourcedCalendar(BASE_2026);
      assert.equal(c.source(2026), 'package');
      assert.equal(c.source(2027), null);
      assert.equal(c.covers(2027), false);
      assert.equal(c.isWorkday('2026-10-01'), false);
    });
  });
});

/**
 * The reminder plan against fixed dates with the real official calendar (chinese-days). Facts from
 * the State Council's notices as bundled in the package, weekdays checked with getUTCDay():
 * 2023: 国庆 09-29…10-06 off, Sat 10-07 and Sun 10-08 worked; 10-15 a Sunday.
 *       春节 01-21…01-27 off, Sat 01-28 and Sun 01-29 worked.
 * 2025: 国庆/中秋 10-01…10-08 off, Sun 09-28 and Sat 10-11 worked; 10-15 a Wednesday.
 * 2026: 元旦 01-01…01-03 off, Sun 01-04 worked; 春节 02-15…02-23 off, Sat 02-14 and Sat 02-28
 *       worked; 11-01 a Sunday. 2027 is not in the package (chinese-days 1.5.7 covers 2004–2026).
 */
import assert from 'node:assert/strict';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { weekday, type WorkdayCalendar } from '../../../shared/schedule/calendar.js';
import { overlayCalendar } from '../../../shared/schedule/holidays.js';
import { noticeDraftTime, planReminders, reminderInstant, type PlannedReminder, type ReminderPlan } from '../../../shared/schedule/plan.js';
import { DEFAULT_SCHEDULE_RULES, type ScheduleRules } from '../../../shared/schedule/rules.js';
import { TEST_HOLIDAYS_2027 } from './holidays-2027-test-data.js';

const COUNTIES = ['阳城县', '城区', '沁水县'];

interface Options {
  rules?: Partial<ScheduleRules>;
  calendar?: WorkdayCalendar;
  counties?: readonly string[];
  submitted?: (county: string, period: string) => boolean;
  hasHosting?: (county: string, year: number) => boolean;
}

/** Midnight in Shanghai at the start of an ISO date. */
const shanghai = (date: string): Date => new Date(`${date}T00:00:00+08:00`);

function plan(from: string, to: string, o: Options = {}): ReminderPlan {
  return planReminders({
    calendar: o.calendar ?? CHINA_CALENDAR,
    rules: { ...DEFAULT_SCHEDULE_RULES, ...o.rules },
    counties: o.counties ?? COUNTIES,
    submitted: o.submitted ?? (() => false),
    hasHosting: o.hasHosting ?? (() => false),
    from: shanghai(from),
    to: shanghai(to),
  });
}

/** "date stage" lines of one county's (or the group's) events, optionally of one stage family. */
function lines(events: readonly PlannedReminder[], county: string | null, filter: (e: PlannedReminder) => boolean = () => true): string[] {
  return events.filter((e) => e.county === county && filter(e)).map((e) => `${e.time.slice(0, 10)} ${e.stage}`);
}

const quarterly = (period: string) => (e: PlannedReminder) => e.period === period && !['food-self-check', 'hosting', 'annual-report', 'awareness-day'].includes(e.stage);

describe('schedule/plan', () => {
  describe('dates with the official calendar', () => {
    it('2023Q3 is due on Sunday 15 October, so Monday 16 October; due-3 and due-1 both land on Friday 13 October and are sent once', () => {
      assert.equal(weekday('2023-10-15'), 0);
      const p = plan('2023-10-01', '2023-11-01');
      assert.deepEqual(lines(p.events, '城区', quarterly('2023Q3')), [
        '2023-10-09 due-7', // Monday, exactly 7 days before
        '2023-10-13 due-1', // 10-15 Sunday and Saturday 10-14 are off → Friday 10-13, where due-3 also falls
        '2023-10-16 due-day',
        '2023-10-17 overdue-1',
        '2023-10-19 overdue-3',
      ]);
      const friday = p.events.find((e) => e.key === 'due-1:2023Q3:城区')!;
      assert.deepEqual(friday.merged, ['due-3']);
      assert.equal(friday.title, '2023年第3季度报表将于2023年10月16日截止（还有 3 天）');
      assert.equal(p.events.some((e) => e.stage === 'due-3' && e.period === '2023Q3'), false, 'no separate due-3');
      assert.equal(weekday('2023-10-13'), 5);
      assert.equal(weekday('2023-10-09'), 1);
      assert.deepEqual(p.warnings.filter((w) => w.includes('法定节假日')), []);
      assert.deepEqual(p.uncoveredYears, []);
    });

    it('2025Q3 around the National Day week: due-7 moves before the 8-day break, due-3 goes on the adjusted working Saturday 11 October', () => {
      const p = plan('2025-09-01', '2025-11-01');
      assert.deepEqual(lines(p.events, '城区', quarterly('2025Q3')), [
        '2025-09-30 due-7', // 10-08 is the break's last day; 10-01…10-08 off → Tuesday 09-30
        '2025-10-11 due-3', // 10-12 Sunday → Saturday 10-11, a 调休 working day
        '2025-10-14 due-1',
        '2025-10-15 due-day',
        '2025-10-16 overdue-1',
        '2025-10-20 overdue-3', // Thu 16, Fri 17, Mon 20
      ]);
      assert.equal(weekday('2025-10-11'), 6);
      assert.equal(CHINA_CALENDAR.isWorkday('2025-10-11'), true);
      assert.equal(CHINA_CALENDAR.isWorkday('2025-10-08'), false);
      const due7 = p.events.find((e) => e.key === 'due-7:2025Q3:城区')!;
      assert.equal(due7.title, '2025年第3季度报表将于2025年10月15日截止（还有 15 天）');
      assert.equal(due7.due, '2025-10-15');
    });

    it('Spring Festival 2023: with the 20th as due day, overdue-1 lands on the adjusted working Saturday after the break', () => {
      const p = plan('2023-01-01', '2023-02-10', { rules: { dueDayOfMonth: 20 } });
      assert.deepEqual(lines(p.events, '城区', quarterly('2022Q4')), [
        '2023-01-13 due-7',
        '2023-01-17 due-3',
        '2023-01-19 due-1',
        '2023-01-20 due-day', // Friday before the break (01-21…01-27)
        '2023-01-28 overdue-1', // Saturday, worked
        '2023-01-30 overdue-3', // Sat 28, Sun 29 (worked), Mon 30
      ]);
      assert.deepEqual(lines(p.events, null, quarterly('2022Q4')), ['2023-01-30 supervisor-digest']);
    });

    it('Spring Festival 2026: a self-check that would fall in the break moves to the working Saturday before it', () => {
      // 2026-03-31 − 40 days = 02-19, inside 02-15…02-23 → Saturday 02-14, a 调休 working day.
      const p = plan('2026-02-01', '2026-03-01', { rules: { foodSelfCheckDaysBefore: 40 } });
      assert.deepEqual(lines(p.events, '城区'), ['2026-02-14 food-self-check']);
      assert.equal(weekday('2026-02-14'), 6);
    });

    it('New Year 2026: with the 5th as due day, due-1 goes on the working Sunday 4 January and due-3 back into 2025', () => {
      const p = plan('2025-12-20', '2026-01-10', { rules: { dueDayOfMonth: 5 } });
      assert.deepEqual(lines(p.events, '城区', quarterly('2025Q4')), [
        '2025-12-29 due-7',
        '2025-12-31 due-3', // 01-02 off, 01-01 off → Wednesday 2025-12-31
        '2026-01-04 due-1', // Sunday, worked
        '2026-01-05 due-day',
        '2026-01-06 overdue-1',
        '2026-01-08 overdue-3',
      ]);
      assert.equal(p.events.every((e) => e.calendarCovered), true);
    });
  });

  describe('a year the calendar does not cover (2027)', () => {
    it('without the city file: dates by weekends only, every dependent event flagged, one warning for the year', () => {
      assert.equal(CHINA_CALENDAR.covers(2027), false, 'this test assumes chinese-days does not know 2027 yet');
      const p = plan('2026-12-01', '2027-02-01');
      assert.deepEqual(lines(p.events, '城区'), [
        '2026-12-21 food-self-check', // 2026 only: covered
        '2027-01-08 due-7',
        '2027-01-12 due-3',
        '2027-01-14 due-1',
        '2027-01-15 due-day',
        '2027-01-18 overdue-1',
        '2027-01-20 overdue-3',
      ]);
      for (const e of p.events) assert.equal(e.calendarCovered, e.stage === 'food-self-check', e.key);
      assert.deepEqual(p.uncoveredYears, [2027]);
      const calendarWarnings = p.warnings.filter((w) => w.includes('法定节假日'));
      assert.deepEqual(calendarWarnings, [
        '2027 年的法定节假日安排尚未收录：该年的截止日和提醒日期按周六、周日推算，请以国务院办公厅通知为准；可在数据目录的 holidays.json 中补充。',
      ]);
    });

    it('with the city file for 2027 (test data): covered, no calendar warning', () => {
      const calendar = overlayCalendar(CHINA_CALENDAR, TEST_HOLIDAYS_2027);
      const p = plan('2026-12-01', '2027-02-01', { calendar });
      assert.equal(p.events.every((e) => e.calendarCovered), true);
      assert.deepEqual(p.uncoveredYears, []);
      assert.deepEqual(p.warnings.filter((w) => w.includes('法定节假日')), []);
      // 元旦 2027 falls Friday–Sunday in the test data: mid-January dates are as by weekends.
      assert.deepEqual(lines(p.events, '城区', quarterly('2026Q4')).map((l) => l.slice(0, 10)), ['2027-01-08', '2027-01-12', '2027-01-14', '2027-01-15', '2027-01-18', '2027-01-20']);
    });

    it('the file moves what weekends alone cannot: a due date on New Year’s Day and a self-check in the Spring Festival', () => {
      const calendar = overlayCalendar(CHINA_CALENDAR, TEST_HOLIDAYS_2027);
      const rules = { dueDayOfMonth: 1, foodSelfCheckDaysBefore: 50 };
      const without = plan('2026-12-15', '2027-02-15', { rules });
      const withFile = plan('2026-12-15', '2027-02-15', { rules, calendar });
      // Nominal 2027-01-01, a Friday: kept by weekends, moved past 01-01…01-03 by the file.
      assert.deepEqual(lines(without.events, '城区', quarterly('2026Q4')), [
        '2026-12-25 due-7',
        '2026-12-29 due-3',
        '2026-12-31 due-1',
        '2027-01-01 due-day',
        '2027-01-04 overdue-1',
        '2027-01-06 overdue-3',
      ]);
      // With the file: due Monday 01-04; due-3 (01-01) and due-1 (01-03) both move back to Thursday 12-31.
      assert.deepEqual(lines(withFile.events, '城区', quarterly('2026Q4')), [
        '2026-12-28 due-7',
        '2026-12-31 due-1',
        '2027-01-04 due-day',
        '2027-01-05 overdue-1',
        '2027-01-07 overdue-3',
      ]);
      assert.deepEqual(withFile.events.find((e) => e.key === 'due-1:2026Q4:城区')?.merged, ['due-3']);
      // 2027-03-31 − 50 days = 02-09, a Tuesday: kept by weekends, inside 春节 02-06…02-14 in the file → Friday 02-05.
      assert.deepEqual(lines(without.events, '城区', (e) => e.stage === 'food-self-check' && e.period === '2027Q1'), ['2027-02-09 food-self-check']);
      assert.deepEqual(lines(withFile.events, '城区', (e) => e.stage === 'food-self-check' && e.period === '2027Q1'), ['2027-02-05 food-self-check']);
      assert.equal(withFile.events.every((e) => e.calendarCovered), true);
      assert.equal(without.events.filter((e) => !e.calendarCovered).length > 0, true);
    });
  });

  describe('who gets what', () => {
    it('counties that submitted get nothing for that period; the digest names exactly the missing ones', () => {
      const submitted = (county: string, period: string): boolean => period === '2025Q3' && county === '沁水县';
      const p = plan('2025-09-25', '2025-10-25', { submitted });
      assert.deepEqual(lines(p.events, '沁水县', quarterly('2025Q3')), []);
      assert.equal(lines(p.events, '城区', quarterly('2025Q3')).length, 6);
      assert.equal(lines(p.events, '阳城县', quarterly('2025Q3')).length, 6);
      const digests = p.events.filter((e) => e.stage === 'supervisor-digest');
      assert.equal(digests.length, 1);
      assert.deepEqual(digests[0]!.counties, ['城区', '阳城县']);
      assert.equal(digests[0]!.title, '2025年第3季度报表截止日（2025年10月15日）已过 3 个工作日，仍有 2 个县区未报送');
      assert.equal(digests[0]!.time, '2025-10-20T09:00:00+08:00');
      // The self-check and awareness days go to every county regardless.
      assert.equal(p.events.some((e) => e.key === 'awareness-day:2025:world-food-day:all'), true);
    });

    it('no digest when every county has submitted', () => {
      const p = plan('2025-10-01', '2025-10-25', { submitted: () => true });
      assert.deepEqual(p.events.filter((e) => e.audience !== 'all-counties'), []);
    });

    it('the hosting reminder goes to counties without a project that year, on Monday 2 November 2026 (1 November is a Sunday)', () => {
      const p = plan('2026-10-25', '2026-11-10', { hasHosting: (county, year) => county === '阳城县' && year === 2026 });
      const hosting = p.events.filter((e) => e.stage === 'hosting');
      assert.deepEqual(hosting.map((e) => `${e.time} ${e.county}`), ['2026-11-02T09:00:00+08:00 城区', '2026-11-02T09:00:00+08:00 沁水县']);
      assert.equal(hosting[0]!.expiresAt, Date.parse('2027-01-01T00:00:00+08:00'));
      assert.equal(hosting[0]!.due, '2026-12-31');
      assert.equal(hosting[0]!.period, '2026');
      assert.equal(hosting[0]!.title, '本县区2026年尚无能源费用托管项目，请对照全市“年底前不少于 2 个项目”的目标抓紧推进');
    });

    it('the annual report reminder goes to every county 7 days before 31 March, for the previous year', () => {
      const p = plan('2026-03-20', '2026-03-30', { submitted: () => true });
      const annual = p.events.filter((e) => e.stage === 'annual-report');
      assert.deepEqual(annual.map((e) => e.key), ['annual-report:2025:城区', 'annual-report:2025:沁水县', 'annual-report:2025:阳城县']);
      assert.equal(annual[0]!.time, '2026-03-24T09:00:00+08:00');
      assert.equal(annual[0]!.expiresAt, Date.parse('2026-03-25T00:00:00+08:00'), 'its countdown is true on its own day only');
      assert.equal(annual[0]!.title, '2025年度能源资源消费统计年报将于2026年3月31日截止（还有 7 天）');
    });

    it('the food self-check goes to every county 10 days before the quarter ends, moved to the working day before', () => {
      // 2025-06-30 − 10 = 06-20, a Friday.
      const p = plan('2025-06-01', '2025-06-30', { submitted: () => true });
      const food = p.events.filter((e) => e.stage === 'food-self-check');
      assert.deepEqual(food.map((e) => `${e.time.slice(0, 10)} ${e.key}`), [
        '2025-06-20 food-self-check:2025Q2:城区',
        '2025-06-20 food-self-check:2025Q2:沁水县',
        '2025-06-20 food-self-check:2025Q2:阳城县',
      ]);
      assert.equal(food[0]!.due, '2025-06-30');
      assert.equal(food[0]!.expiresAt, Date.parse('2025-07-01T00:00:00+08:00'));
      // 2026-12-31 − 10 = 12-21 Monday; 2025-09-30 − 10 = 09-20 Saturday → Friday 09-19.
      assert.equal(plan('2025-09-01', '2025-10-01').events.find((e) => e.key === 'food-self-check:2025Q3:城区')?.time, '2025-09-19T09:00:00+08:00');
    });
  });

  describe('awareness days', () => {
    it('2025: all five days, 3 days ahead on a working day, to all counties', () => {
      const p = plan('2025-01-01', '2026-01-01', { submitted: () => true });
      const aware = p.events.filter((e) => e.stage === 'awareness-day');
      assert.deepEqual(aware.map((e) => `${e.time.slice(0, 10)} ${e.key} ${e.due}`), [
        '2025-03-19 awareness-day:2025:world-water-day:all 2025-03-22',
        '2025-06-20 awareness-day:2025:energy-saving-week:all 2025-06-23',
        '2025-06-20 awareness-day:2025:low-carbon-day:all 2025-06-25', // 06-22 Sunday → Friday
        '2025-08-12 awareness-day:2025:national-ecology-day:all 2025-08-15',
        '2025-10-13 awareness-day:2025:world-food-day:all 2025-10-16',
      ]);
      for (const e of aware) {
        assert.equal(e.county, null);
        assert.equal(e.audience, 'all-counties');
        assert.deepEqual(e.counties, []);
        assert.equal(e.period, '2025');
      }
      const water = aware[0]!;
      assert.equal(water.title, '世界水日和中国水周（2025年3月22日至3月28日）即将到来，请提前做好宣传活动安排');
      assert.equal(water.expiresAt, Date.parse('2025-03-29T00:00:00+08:00'), 'the end of the water week');
      assert.equal(aware[1]!.expiresAt, Date.parse('2025-06-30T00:00:00+08:00'));
      assert.equal(aware[2]!.expiresAt, Date.parse('2025-06-26T00:00:00+08:00'));
      assert.deepEqual(p.warnings, []);
    });

    it('a year without configured moving days warns and sends only the fixed ones, never a guess', () => {
      const p = plan('2026-01-01', '2027-01-01', { submitted: () => true });
      const ids = p.events.filter((e) => e.stage === 'awareness-day').map((e) => e.key);
      assert.deepEqual(ids, ['awareness-day:2026:world-water-day:all', 'awareness-day:2026:national-ecology-day:all', 'awareness-day:2026:world-food-day:all']);
      assert.deepEqual(p.warnings, [
        '2026 年全国节能宣传周和全国低碳日的日期尚未配置，这两项提醒不会发送：请在配置项 schedule 的 movingAwareness（环境变量 JIENENG_SCHEDULE）中填写该年的日期（以当年主管部门通知为准）。',
      ]);
    });

    it('configured moving days for another year are used', () => {
      const movingAwareness = { ...DEFAULT_SCHEDULE_RULES.movingAwareness, '2026': { energySavingWeek: { from: '2026-06-08', to: '2026-06-14' }, lowCarbonDay: '2026-06-10' } };
      const p = plan('2026-06-01', '2026-06-15', { rules: { movingAwareness }, submitted: () => true });
      assert.deepEqual(p.events.map((e) => `${e.time.slice(0, 10)} ${e.key}`), [
        '2026-06-05 awareness-day:2026:energy-saving-week:all',
        '2026-06-05 awareness-day:2026:low-carbon-day:all', // 06-07 Sunday → Friday 06-05
      ]);
      assert.deepEqual(p.warnings, []);
    });

    it('全国生态日 is only from 2023, its first year', () => {
      const keys = plan('2022-08-01', '2022-09-01').events.map((e) => e.key);
      assert.equal(keys.some((k) => k.includes('national-ecology-day')), false);
      assert.equal(plan('2023-08-01', '2023-09-01').events.some((e) => e.key === 'awareness-day:2023:national-ecology-day:all'), true);
    });
  });

  describe('the window', () => {
    it('includes from, excludes to, to the millisecond', () => {
      const at = Date.parse('2025-10-15T09:00:00+08:00'); // due-day of 2025Q3
      const run = (from: number, to: number): string[] =>
        planReminders({ calendar: CHINA_CALENDAR, rules: DEFAULT_SCHEDULE_RULES, counties: ['城区'], submitted: () => false, hasHosting: () => true, from: new Date(from), to: new Date(to) }).events.map((e) => e.key);
      assert.deepEqual(run(at, at + 1), ['due-day:2025Q3:城区']);
      assert.deepEqual(run(at - 60_000, at), []);
      assert.deepEqual(run(at + 1, at + 3_600_000), []);
      assert.deepEqual(run(at, at), []);
    });

    it('a window far from the due date still finds due-7 of a quarter due later and the overdue ones of an earlier quarter', () => {
      // One day in January 2026: due-7 of 2025Q4 (due 01-15), then the overdue-3 day of the same quarter.
      const p = plan('2026-01-08', '2026-01-09');
      assert.deepEqual(p.events.map((e) => e.key), ['due-7:2025Q4:城区', 'due-7:2025Q4:沁水县', 'due-7:2025Q4:阳城县']);
      const late = plan('2026-01-20', '2026-01-21');
      assert.deepEqual(late.events.map((e) => e.key), ['overdue-3:2025Q4:城区', 'overdue-3:2025Q4:沁水县', 'overdue-3:2025Q4:阳城县', 'supervisor-digest:2025Q4:supervisors']);
    });

    it('every key is unique across a whole year and planning by pieces gives the same events as planning at once', () => {
      const whole = plan('2025-01-01', '2026-01-01').events;
      assert.equal(new Set(whole.map((e) => e.key)).size, whole.length);
      const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`).concat('2026-01-01');
      const pieces = months.slice(0, -1).flatMap((m, i) => plan(m, months[i + 1]!).events);
      assert.deepEqual(pieces, whole);
    });

    it('sorts by time, then county in Chinese order, group events after the counties, then stage', () => {
      const p = plan('2025-10-20', '2025-10-21');
      assert.deepEqual(p.events.map((e) => `${e.county ?? '—'} ${e.stage}`), ['城区 overdue-3', '沁水县 overdue-3', '阳城县 overdue-3', '— supervisor-digest']);
      const sorted = [...p.events].sort((a, b) => a.at - b.at);
      assert.deepEqual(sorted, p.events);
    });
  });

  describe('the event', () => {
    it('has every field of the ledger and the command line', () => {
      const p = plan('2023-10-09', '2023-10-10', { counties: ['城区'] });
      assert.deepEqual(p.events, [
        {
          key: 'due-7:2023Q3:城区',
          time: '2023-10-09T09:00:00+08:00',
          at: Date.parse('2023-10-09T01:00:00Z'),
          expiresAt: Date.parse('2023-10-10T00:00:00+08:00'),
          county: '城区',
          audience: 'county',
          stage: 'due-7',
          period: '2023Q3',
          due: '2023-10-16',
          counties: ['城区'],
          title: '2023年第3季度报表将于2023年10月16日截止（还有 7 天）',
          calendarCovered: true,
          merged: [],
        },
      ]);
      const json = JSON.parse(JSON.stringify(p)) as ReminderPlan;
      assert.deepEqual(Object.keys(json), ['events', 'warnings', 'uncoveredYears']);
    });

    it('titles of the due day, the overdue reminders and the self-check', () => {
      const p = plan('2025-09-19', '2025-10-17', { counties: ['城区'] });
      const title = (key: string): string | undefined => p.events.find((e) => e.key === key)?.title;
      assert.equal(title('due-day:2025Q3:城区'), '2025年第3季度报表今天（2025年10月15日）截止，请于今日内报送');
      assert.equal(title('overdue-1:2025Q3:城区'), '2025年第3季度报表已逾期 1 个工作日（截止日为2025年10月15日），请尽快报送');
      assert.equal(title('food-self-check:2025Q3:城区'), '请在2025年9月30日前完成2025年第3季度反食品浪费自评');
    });

    it('the reminder time follows the rules (08:30)', () => {
      const p = plan('2023-10-09', '2023-10-10', { counties: ['城区'], rules: { reminderHour: 8, reminderMinute: 30 } });
      assert.equal(p.events[0]!.time, '2023-10-09T08:30:00+08:00');
      assert.equal(p.events[0]!.at, Date.parse('2023-10-09T00:30:00Z'));
    });

    it('only configured stages are planned; an offset without a stage name is refused', () => {
      const p = plan('2023-10-01', '2023-11-01', { counties: ['城区'], rules: { daysBefore: [7], overdueWorkdays: [3] } });
      assert.deepEqual(lines(p.events, '城区', quarterly('2023Q3')), ['2023-10-09 due-7', '2023-10-16 due-day', '2023-10-19 overdue-3']);
      assert.throws(() => plan('2023-10-01', '2023-11-01', { rules: { daysBefore: [5] } }), /提醒阶段 due-5 不存在/u);
    });
  });

  describe('reminderInstant and noticeDraftTime', () => {
    it('reminderInstant is the Shanghai wall clock', () => {
      assert.deepEqual(reminderInstant('2026-12-08', DEFAULT_SCHEDULE_RULES), { at: Date.parse('2026-12-08T01:00:00Z'), time: '2026-12-08T09:00:00+08:00' });
    });

    it('the notice is drafted 5 working days after the due date', () => {
      // 2025Q3 due Wed 10-15: Thu 16, Fri 17, Mon 20, Tue 21, Wed 22.
      assert.deepEqual(noticeDraftTime({ year: 2025, quarter: 3 }, CHINA_CALENDAR, DEFAULT_SCHEDULE_RULES), {
        date: '2025-10-22',
        at: Date.parse('2025-10-22T01:00:00Z'),
        time: '2025-10-22T09:00:00+08:00',
        calendarCovered: true,
      });
      // 2022Q4 due Mon 2023-01-16 (the 15th a Sunday): 17, 18, 19, 20, then 01-21…01-27 off → Saturday 01-28, worked.
      assert.equal(noticeDraftTime({ year: 2022, quarter: 4 }, CHINA_CALENDAR, DEFAULT_SCHEDULE_RULES).date, '2023-01-28');
      const q4 = noticeDraftTime({ year: 2026, quarter: 4 }, CHINA_CALENDAR, DEFAULT_SCHEDULE_RULES);
      assert.equal(q4.calendarCovered, false);
      assert.equal(noticeDraftTime({ year: 2026, quarter: 4 }, CHINA_CALENDAR, { ...DEFAULT_SCHEDULE_RULES, noticeDelayWorkdays: 0 }).date, '2027-01-15');
    });
  });
});

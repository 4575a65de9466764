/**
 * The official calendar from chinese-days, and due dates computed with it. Facts from the State
 * Council's 2026 notice: 国庆 10-01…10-07 off, Sunday 09-20 and Saturday 10-10 are 调休 workdays.
 */
import assert from 'node:assert/strict';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { addDays, weekday } from '../../../shared/schedule/calendar.js';
import { dueDateNote, submissionDue } from '../../../shared/schedule/deadlines.js';

describe('bot/calendar/chinese-days', () => {
  it('covers the years with published data and not far-future ones', () => {
    assert.equal(CHINA_CALENDAR.covers(2026), true);
    assert.equal(CHINA_CALENDAR.covers(2025), true);
    assert.equal(CHINA_CALENDAR.covers(2099), false);
    assert.equal(CHINA_CALENDAR.covers(1990), false);
  });

  it('knows holidays and adjusted workdays of 2026', () => {
    assert.equal(CHINA_CALENDAR.isWorkday('2026-10-01'), false);
    assert.equal(weekday('2026-10-01'), 4, 'a Thursday that is still a holiday');
    assert.equal(CHINA_CALENDAR.isWorkday('2026-10-07'), false);
    assert.equal(CHINA_CALENDAR.isWorkday('2026-10-10'), true, 'Saturday 10-10 is a 调休 workday');
    assert.equal(weekday('2026-10-10'), 6);
    assert.equal(CHINA_CALENDAR.isWorkday('2026-10-11'), false, 'an ordinary Sunday');
    assert.equal(CHINA_CALENDAR.isWorkday('2026-10-15'), true);
  });

  it('2026Q3 is due on 2026-10-15, a working day, so it stays', () => {
    const due = submissionDue({ year: 2026, quarter: 3 }, CHINA_CALENDAR);
    assert.equal(CHINA_CALENDAR.isWorkday('2026-10-15'), true);
    assert.deepEqual(due, { period: '2026Q3', nominal: '2026-10-15', date: '2026-10-15', moved: false, calendarCovered: true });
    assert.equal(dueDateNote(due), null);
  });

  it('2026Q1 is due on 2026-04-15', () => {
    const due = submissionDue({ year: 2026, quarter: 1 }, CHINA_CALENDAR);
    assert.equal(due.nominal, '2026-04-15');
    assert.equal(due.date, '2026-04-15');
    assert.equal(due.calendarCovered, true);
  });

  it('a nominal day inside the National Day holiday moves to the first workday after it', () => {
    const due = submissionDue({ year: 2026, quarter: 3 }, CHINA_CALENDAR, { dueDayOfMonth: 1 });
    assert.equal(due.nominal, '2026-10-01');
    assert.equal(due.moved, true);
    assert.equal(CHINA_CALENDAR.isWorkday(due.date), true);
    for (let d = due.nominal; d < due.date; d = addDays(d, 1)) assert.equal(CHINA_CALENDAR.isWorkday(d), false, d);
    assert.equal(due.date, '2026-10-08');
  });

  it('2026Q4 is due in January 2027, flagged as uncovered exactly when the calendar lacks 2027', () => {
    const due = submissionDue({ year: 2026, quarter: 4 }, CHINA_CALENDAR);
    assert.equal(due.nominal, '2027-01-15');
    const covered = CHINA_CALENDAR.covers(2027);
    assert.equal(due.calendarCovered, covered);
    if (covered) {
      assert.equal(dueDateNote(due), null);
    } else {
      assert.equal(due.date, '2027-01-15', 'a Friday: plain weekdays keep it');
      assert.equal(weekday('2027-01-15'), 5);
      assert.match(dueDateNote(due) ?? '', /2027 年的法定节假日安排尚未收录/u);
    }
  });
});

describe('bot/calendar/chinese-days in any time zone', () => {
  it('gives the same working days whatever the server time zone (the package reads dates in local time)', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `import { CHINA_CALENDAR } from './bot/calendar/chinese-days.ts';
      import { submissionDue } from './shared/schedule/deadlines.ts';
      const days = ['2026-12-21', '2026-10-10', '2026-10-01', '2026-12-19', '2023-10-16'].map((d) => CHINA_CALENDAR.isWorkday(d));
      console.log(JSON.stringify({ days, due: submissionDue({ year: 2023, quarter: 3 }, CHINA_CALENDAR).date }));`;
    const run = (tz: string) => execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).trim();
    const expected = JSON.stringify({ days: [true, true, false, false, true], due: '2023-10-16' });
    for (const tz of ['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati']) assert.equal(run(tz), expected, tz);
  });
});

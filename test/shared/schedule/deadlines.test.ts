/**
 * Due dates over a hand-made calendar covering 2026 only: 国庆 2026-10-01…10-08 off, Saturday
 * 2026-10-10 an adjusted workday (调休). Weekdays checked with `new Date(...).getUTCDay()`:
 * 2026-10-15 Thu, 2026-01-15 Thu, 2026-10-17 Sat, 2026-10-10 Sat, 2027-01-16 Sat, 2027-10-01 Fri.
 */
import assert from 'node:assert/strict';
import { addDays, shanghaiDate, weekday, WEEKDAYS_ONLY, type WorkdayCalendar } from '../../../shared/schedule/calendar.js';
import { daysPastDue, dueDateNote, formatChineseDate, isLate, submissionDue } from '../../../shared/schedule/deadlines.js';

const HOLIDAYS = new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08']);
const ADJUSTED_WORKDAYS = new Set(['2026-10-10']);

const FAKE_2026: WorkdayCalendar = {
  covers: (year) => year === 2026,
  isWorkday: (date) => {
    if (date.startsWith('2026-')) {
      if (HOLIDAYS.has(date)) return false;
      if (ADJUSTED_WORKDAYS.has(date)) return true;
    }
    return WEEKDAYS_ONLY.isWorkday(date);
  },
};

describe('schedule/calendar', () => {
  it('does ISO date arithmetic across month and year ends and leap days', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29'); // 2028 is a leap year
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2026-10-15', 0), '2026-10-15');
    assert.throws(() => addDays('2026-02-30', 1), RangeError);
    assert.throws(() => addDays('2026/10/15', 1), RangeError);
  });

  it('knows the weekday', () => {
    assert.equal(weekday('2026-10-15'), 4); // Thursday
    assert.equal(weekday('2026-10-18'), 0); // Sunday
    assert.equal(weekday('2026-10-17'), 6); // Saturday
  });

  it('takes the Shanghai date of an instant: 16:00Z is midnight in UTC+8', () => {
    assert.equal(shanghaiDate(new Date('2026-10-15T15:59:59.999Z')), '2026-10-15');
    assert.equal(shanghaiDate(new Date('2026-10-15T16:00:00.000Z')), '2026-10-16');
    assert.equal(shanghaiDate(new Date('2026-12-31T16:00:00Z')), '2027-01-01');
  });

  it('WEEKDAYS_ONLY covers nothing and treats Saturday and Sunday as off', () => {
    assert.equal(WEEKDAYS_ONLY.covers(2026), false);
    assert.equal(WEEKDAYS_ONLY.isWorkday('2026-10-16'), true); // Friday
    assert.equal(WEEKDAYS_ONLY.isWorkday('2026-10-17'), false);
    assert.equal(WEEKDAYS_ONLY.isWorkday('2026-10-18'), false);
  });
});

describe('schedule/deadlines', () => {
  it('Q3 2026 is due Thursday 15 October, unmoved', () => {
    assert.deepEqual(submissionDue({ year: 2026, quarter: 3 }, FAKE_2026), {
      period: '2026Q3',
      nominal: '2026-10-15',
      date: '2026-10-15',
      moved: false,
      calendarCovered: true,
    });
  });

  it('Q1 and Q2 are due 15 April and 15 July', () => {
    assert.equal(submissionDue({ year: 2026, quarter: 1 }, FAKE_2026).date, '2026-04-15'); // Wednesday
    assert.equal(submissionDue({ year: 2026, quarter: 2 }, FAKE_2026).date, '2026-07-15'); // Wednesday
  });

  it('Q4 is due 15 January of the next year', () => {
    const due = submissionDue({ year: 2025, quarter: 4 }, FAKE_2026);
    assert.equal(due.period, '2025Q4');
    assert.equal(due.nominal, '2026-01-15'); // Thursday, in the covered year
    assert.equal(due.date, '2026-01-15');
    assert.equal(due.calendarCovered, true);
  });

  it('a due day on a weekend moves to Monday', () => {
    // 2026-10-17 is a Saturday → Monday 10-19.
    const due = submissionDue({ year: 2026, quarter: 3 }, FAKE_2026, { dueDayOfMonth: 17 });
    assert.equal(due.nominal, '2026-10-17');
    assert.equal(due.date, '2026-10-19');
    assert.equal(due.moved, true);
    assert.equal(due.calendarCovered, true);
  });

  it('a due day in a holiday block moves past the whole block', () => {
    // 10-05 (Monday) is inside 10-01…10-08 off → Friday 10-09, the first workday after.
    const due = submissionDue({ year: 2026, quarter: 3 }, FAKE_2026, { dueDayOfMonth: 5 });
    assert.equal(due.date, '2026-10-09');
    assert.equal(due.moved, true);
  });

  it('an adjusted Saturday workday (调休) is not moved', () => {
    // Saturday 10-10 is a working day in the calendar; plain weekdays would have moved it to 10-12.
    const due = submissionDue({ year: 2026, quarter: 3 }, FAKE_2026, { dueDayOfMonth: 10 });
    assert.equal(due.date, '2026-10-10');
    assert.equal(due.moved, false);
    assert.equal(submissionDue({ year: 2026, quarter: 3 }, WEEKDAYS_ONLY, { dueDayOfMonth: 10 }).date, '2026-10-12');
  });

  it('a day past the month end means its last day', () => {
    assert.equal(submissionDue({ year: 2026, quarter: 1 }, FAKE_2026, { dueDayOfMonth: 31 }).nominal, '2026-04-30');
    assert.throws(() => submissionDue({ year: 2026, quarter: 1 }, FAKE_2026, { dueDayOfMonth: 0 }), RangeError);
  });

  it('an uncovered year is flagged, moved by weekends only, and explained', () => {
    // Q4 2026 → 2027-01-16, a Saturday, in 2027 which the fake calendar lacks → Monday 01-18.
    const due = submissionDue({ year: 2026, quarter: 4 }, FAKE_2026, { dueDayOfMonth: 16 });
    assert.equal(due.date, '2027-01-18');
    assert.equal(due.calendarCovered, false);
    assert.equal(
      dueDateNote(due),
      '2027 年的法定节假日安排尚未收录，截止日按周六、周日顺延推算，以市机关事务管理局通知为准。',
    );
    // 2027-10-01 (国庆, a Friday) cannot be known as a holiday: it stays, flagged uncovered.
    const national = submissionDue({ year: 2027, quarter: 3 }, FAKE_2026, { dueDayOfMonth: 1 });
    assert.equal(national.date, '2027-10-01');
    assert.equal(national.calendarCovered, false);
    assert.notEqual(dueDateNote(national), null);
  });

  it('gives no note for a covered due date', () => {
    assert.equal(dueDateNote(submissionDue({ year: 2026, quarter: 3 }, FAKE_2026)), null);
  });

  it('is late only after 24:00 Shanghai time on the due day', () => {
    const due = submissionDue({ year: 2026, quarter: 3 }, FAKE_2026); // 2026-10-15
    // 23:59:59 on 10-15 in Shanghai = 15:59:59Z.
    assert.equal(isLate(new Date('2026-10-15T15:59:59Z'), due), false);
    // 00:00:00 on 10-16 in Shanghai = 16:00:00Z on 10-15.
    assert.equal(isLate(new Date('2026-10-15T16:00:00Z'), due), true);
    // Early morning in Shanghai (00:30 on 10-15 = 16:30Z on 10-14) is on time.
    assert.equal(isLate(new Date('2026-10-14T16:30:00Z'), due), false);
  });

  it('uses the moved date, not the nominal one, for lateness', () => {
    const due = submissionDue({ year: 2026, quarter: 3 }, FAKE_2026, { dueDayOfMonth: 17 }); // → 10-19
    assert.equal(isLate(new Date('2026-10-18T10:00:00Z'), due), false); // 18:00 Shanghai on Sunday 10-18
  });

  it('counts whole days past the due day in Shanghai dates', () => {
    const due = submissionDue({ year: 2026, quarter: 3 }, FAKE_2026); // 2026-10-15
    assert.equal(daysPastDue(new Date('2026-10-08T02:00:00Z'), due), -7);
    assert.equal(daysPastDue(new Date('2026-10-14T16:00:00Z'), due), 0); // 00:00 on 10-15 Shanghai
    assert.equal(daysPastDue(new Date('2026-10-15T15:59:59Z'), due), 0);
    assert.equal(daysPastDue(new Date('2026-10-15T16:00:00Z'), due), 1); // 00:00 on 10-16 Shanghai
    assert.equal(daysPastDue(new Date('2026-10-18T01:00:00Z'), due), 3);
  });

  it('formats dates the Chinese way without leading zeros', () => {
    assert.equal(formatChineseDate('2026-10-15'), '2026年10月15日');
    assert.equal(formatChineseDate('2027-01-05'), '2027年1月5日');
  });
});

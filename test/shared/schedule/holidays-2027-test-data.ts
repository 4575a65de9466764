/**
 * TEST DATA, not the State Council's 2027 schedule (unpublished when written): a plausible holiday
 * file for 2027 so tests can show a year becoming covered. Weekdays checked with getUTCDay():
 * 2027-01-01 Fri, 2027-02-06 Sat, 2027-02-14 Sun, 2027-02-20 Sat, 2027-09-26 Sun, 2027-10-09 Sat.
 */
import type { HolidayFile } from '../../../shared/schedule/holidays.js';

export const TEST_HOLIDAYS_2027: HolidayFile = {
  years: {
    '2027': {
      source: '测试数据（非国务院办公厅正式通知）',
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
        { name: '春节', from: '2027-02-06', to: '2027-02-14' },
        { name: '清明节', from: '2027-04-03', to: '2027-04-05' },
        { name: '劳动节', from: '2027-05-01', to: '2027-05-05' },
        { name: '国庆节、中秋节', from: '2027-10-01', to: '2027-10-07' },
      ],
      workdays: ['2027-02-20', '2027-09-26', '2027-10-09'],
    },
  },
};

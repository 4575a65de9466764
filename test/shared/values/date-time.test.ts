/**
 * A date-time cell must read as the same calendar day whether it arrives as an Excel serial (the
 * add-in's Range.values) or as a JS Date (exceljs in the bot and the command line).
 */
import assert from 'node:assert/strict';
import { validateWorkbook } from '../../../shared/engine.js';
import { serialToIsoDate, toIsoDate } from '../../../shared/values/coerce.js';
import { findRow, sample, setField } from '../helpers.js';

describe('date-time cells', () => {
  describe('a date-time from 12:00 on stays on its day', () => {
    // What exceljs hands over for the cell 2026/9/30 18:00 (serial 46295.75).
    const asExceljsDate = new Date(Date.UTC(2026, 8, 30, 18));

    it('toIsoDate(Date 2026-09-30T18:00Z) is 2026-09-30, like serialToIsoDate(46295.75)', () => {
      assert.equal(serialToIsoDate(46295.75), '2026-09-30');
      assert.equal(toIsoDate(asExceljsDate), '2026-09-30');
    });

    it('a self-check at 2026/9/30 18:00 is inside 2026Q3 whether it arrives as a serial or as a Date', () => {
      const viaAddin = sample();
      const row = findRow(viaAddin, '反食品浪费自查', () => true);
      setField(viaAddin, '反食品浪费自查', '自查日期', row, 46295.75);
      assert.deepEqual(validateWorkbook(viaAddin).summary, { errors: 0, warnings: 0 });

      const viaBot = sample();
      setField(viaBot, '反食品浪费自查', '自查日期', row, asExceljsDate);
      assert.deepEqual(
        validateWorkbook(viaBot).issues.map((i) => `${i.code} ${i.sheet}!${i.cell} ${String(i.value)}`),
        [],
      );
    });
  });
});

describe('date values just below a whole day', () => {
  it('read float noise below midnight as the next day, not the previous one', () => {
    assert.equal(serialToIsoDate(46296 - 1e-10), '2026-10-01');
    assert.equal(toIsoDate(new Date(Date.UTC(2026, 9, 1) - 1)), '2026-10-01');
    assert.equal(toIsoDate(new Date(Date.UTC(2026, 9, 1) - 5000)), '2026-09-30');
  });
});

/** The one Range.values helper of the tests: a rectangle, "" for empty cells, dates as serials. */
import assert from 'node:assert/strict';
import { asRangeValues, serialOf } from './range-values.js';

describe('test helper asRangeValues (Excel Range.values)', () => {
  it('gives a rectangle of the used range: short rows padded with "", null "", dates as serials', () => {
    const date = new Date(Date.UTC(2026, 8, 30));
    const out = asRangeValues({ sheets: [{ name: 'S', rows: [['a', null, 3], [date], []] }] });
    assert.deepEqual(out.sheets[0]!.rows, [['a', '', 3], [serialOf(date), '', ''], ['', '', '']]);
    assert.equal(serialOf(date), 46295);
  });
});

/**
 * The sample generator as a user of demos and tests sees it: equipment named for its category,
 * and last year's sample of the same seed a plausible history (no year-on-year outliers).
 * Workbooks as the generator makes them and as the add-in hands them over (Excel's Range.values).
 */
import assert from 'node:assert/strict';
import { JINCHENG } from '../../../shared/counties.js';
import { validateWorkbook } from '../../../shared/engine.js';
import type { Period } from '../../../shared/period.js';
import { generateSample } from '../../../shared/sample/generate.js';
import type { WorkbookInput } from '../../../shared/table/sheet.js';
import { SHEET } from '../../../shared/template/v1.js';
import { snapshotOf } from '../../../shared/validation/history.js';
import { asRangeValues } from '../validation/range-values.js';
import { columnOf, dataRows, sheet } from '../helpers.js';

/** What a name of each 设备类别 must say. */
const NAMED_FOR: Record<string, RegExp> = {
  空调: /空调|多联机|冷水机组|风冷模块/u,
  电梯: /电梯|扶梯/u,
  照明: /灯/u,
  供热: /锅炉|热泵|换热|供暖|采暖/u,
  数据机房: /机房|服务器|UPS|不间断电源|存储/u,
  水泵: /泵/u,
  其他: /./u,
};
/** Names that belong to one category only: a 空调 named like a 锅炉 is wrong. */
const ONLY: [RegExp, string][] = [
  [/锅炉/u, '供热'],
  [/电梯/u, '电梯'],
  [/灯/u, '照明'],
  [/服务器|UPS|不间断电源/u, '数据机房'],
];

describe('sample generator', function () {
  this.timeout(60_000);

  it('names every piece of equipment for its category', () => {
    let rows = 0;
    for (const [seed, county] of [[1, 0], [7, 4], [42, 2]] as const) {
      const input = generateSample({ county: JINCHENG.counties[county]!, period: { year: 2026, quarter: 3 }, institutions: 300, seed });
      const category = columnOf(input, SHEET.equipment, '设备类别') - 1;
      const model = columnOf(input, SHEET.equipment, '设备名称型号') - 1;
      for (const r of dataRows(input, SHEET.equipment)) {
        const row = sheet(input, SHEET.equipment).rows[r - 1]!;
        const c = String(row[category]);
        const name = String(row[model]);
        assert.match(name, NAMED_FOR[c]!, `${c} named “${name}” (seed ${seed}, row ${r})`);
        for (const [pattern, only] of ONLY) if (pattern.test(name)) assert.equal(c, only, `“${name}” is a ${only}, not a ${c}`);
        rows++;
      }
    }
    assert.ok(rows > 300, `${rows} rows checked`);
  });

  it('makes last year’s sample of the same seed a history with no year-on-year outliers, in every quarter', () => {
    let compared = 0;
    for (const [seed, county] of [[1, 4], [7, 4], [3, 0], [99, 5]] as const) {
      for (const quarter of [1, 2, 3, 4] as const) {
        const period: Period = { year: 2026, quarter };
        const options = { county: JINCHENG.counties[county]!, institutions: 150, seed };
        for (const shape of [(x: WorkbookInput) => x, asRangeValues]) {
          const lastYear = validateWorkbook(shape(generateSample({ ...options, period: { year: 2025, quarter } })));
          const history = snapshotOf(lastYear.workbook)!;
          const v = validateWorkbook(shape(generateSample({ ...options, period })), { history });
          assert.equal(v.historyUsed, true);
          const outliers = v.issues.filter((i) => i.code === 'outlier').map((i) => i.message);
          assert.deepEqual(outliers, [], `seed ${seed}, ${period.year}Q${quarter}`);
          assert.equal(v.summary.errors + v.summary.warnings, 0);
          compared += Object.keys(history.institutions).length;
        }
      }
    }
    assert.ok(compared > 4000, `${compared} institution-quarters compared`);
  });

  it('still lets the year-on-year check see a real change (the history is used)', () => {
    const options = { county: JINCHENG.counties[4]!, institutions: 40, seed: 7 };
    const history = snapshotOf(validateWorkbook(generateSample({ ...options, period: { year: 2025, quarter: 3 } })).workbook)!;
    const input = generateSample({ ...options, period: { year: 2026, quarter: 3 } });
    const kwh = columnOf(input, SHEET.consumption, '电力（kWh）') - 1;
    const row = sheet(input, SHEET.consumption).rows[1]!;
    row[kwh] = Number(row[kwh]) * 2.5;
    const v = validateWorkbook(asRangeValues(input), { history });
    assert.equal(v.issues.filter((i) => i.code === 'outlier').length, 1);
  });

  it('describes the same institutions every year', () => {
    const options = { county: JINCHENG.counties[1]!, institutions: 60, seed: 11 };
    const codes = (period: Period) => {
      const input = generateSample({ ...options, period });
      const rows = sheet(input, SHEET.institutions).rows;
      return rows.slice(1).map((r) => r[0]);
    };
    assert.deepEqual(codes({ year: 2025, quarter: 2 }), codes({ year: 2026, quarter: 2 }));
  });
});

/** `jieneng sample` files used as a user would: last year's sample of the same seed as --history, equipment names. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readXlsxFile } from '../../../bot/xlsx/read.js';
import { SHEET } from '../../../shared/template/v1.js';
import { cli, tempDir } from '../helpers.js';

describe('jieneng sample files', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(async () => cleanup());

  it('--history with last year’s sample of the same seed gives no year-on-year warnings', async () => {
    for (const quarter of [1, 3]) {
      const now = join(dir, `泽州县-2026Q${quarter}.xlsx`);
      const last = join(dir, `泽州县-2025Q${quarter}.xlsx`);
      for (const [period, out] of [[`2026Q${quarter}`, now], [`2025Q${quarter}`, last]] as const) {
        const r = await cli(['sample', '--county', '泽州县', '--period', period, '--institutions', '60', '--seed', '7', '--out', out]);
        assert.equal(r.code, 0, r.err);
      }
      const v = await cli(['validate', now, '--history', last, '--format', 'json']);
      assert.equal(v.code, 0, v.err);
      const json = JSON.parse(v.out) as { summary: { errors: number; warnings: number }; issues: { message: string }[] };
      assert.deepEqual(json.issues.map((i) => i.message), []);
      assert.deepEqual(json.summary, { errors: 0, warnings: 0 });
      const text = await cli(['validate', now, '--history', last]);
      assert.match(text.out, /未发现问题，可以提交/u);
      const indicators = JSON.parse((await cli(['indicators', now, '--history', last, '--format', 'json'])).out) as { indicators: { id: string; value: number | null }[] };
      const yoy = indicators.indicators.find((i) => i.id === 'energy.yoy_pct')!.value;
      assert.ok(yoy !== null && Math.abs(yoy) < 10, `per-capita energy changed ${yoy} % year on year`);
    }
  });

  it('names the equipment of a sample for its category', async () => {
    const file = join(dir, '设备.xlsx');
    assert.equal((await cli(['sample', '--county', '高平市', '--period', '2026Q2', '--institutions', '200', '--seed', '3', '--out', file])).code, 0);
    const rows = (await readXlsxFile(file)).sheets.find((s) => s.name === SHEET.equipment)!.rows;
    const head = rows[0]!;
    const category = head.indexOf('设备类别');
    const model = head.indexOf('设备名称型号');
    const wrong = rows.slice(1).filter((r) => {
      const c = String(r?.[category]);
      const name = String(r?.[model]);
      return (/锅炉/u.test(name) && c !== '供热') || (/电梯/u.test(name) && c !== '电梯') || (c === '空调' && !/空调|多联机|风冷模块/u.test(name)) || (c === '照明' && !/灯/u.test(name));
    });
    assert.ok(rows.length > 100);
    assert.deepEqual(wrong, []);
  });
});

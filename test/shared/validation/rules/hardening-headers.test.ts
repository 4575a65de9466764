/**
 * Issue 8, item 7: an unrecognised header. A header that is not the template's but close to a
 * missing template header is one `header` issue on its own cell naming the template header; the
 * column is not read, and no rule or indicator that needs it runs (template.md) — no cascade of
 * row warnings from a column taken as 0.
 */
import assert from 'node:assert/strict';
import type { IndicatorId } from '../../../../shared/indicators/definitions.js';
import { assertIssue, assertIssues, columnOf, dataRows, findCell, sample, sheet } from '../../helpers.js';
import { CONS, EQUIP, FOOD, HOSTING, INST, PV } from './shared.js';
import { PATHS, analyze } from './hardening-shared.js';

/** [sheet, template header, header as written, indicators that need the column]. */
const CASES: [string, string, string, IndicatorId[]][] = [
  [INST, '配建车位数', '配建车位数（个）', ['charging.ratio', 'charging.compliance_rate']],
  [INST, '配建车位数', '配建停车位数', ['charging.ratio', 'charging.compliance_rate']],
  [INST, '配建车位数', '车位数', ['charging.ratio', 'charging.compliance_rate']],
  [INST, '充电桩数', '充电桩数量', ['charging.ratio', 'charging.compliance_rate']],
  [INST, '建筑面积（m²）', '建筑总面积（m²）', ['energy.per_area_kgce', 'carbon.per_area_kg']],
  [INST, '建筑面积（m²）', '建筑面积（平方米）', ['energy.per_area_kgce', 'carbon.per_area_kg']],
  [INST, '用能人数', '用能人数（人）', ['energy.per_capita_kgce', 'water.per_capita_t']],
  [INST, '用水器具总数', '用水器具数', ['water.saving_fixture_rate']],
  [INST, '是否设有食堂', '是否有食堂', ['food.self_check_rate']],
  [CONS, '电力（kWh）', '用电量（kWh）', ['energy.total_tce', 'energy.per_capita_kgce', 'carbon.total_t']],
  [CONS, '用水量（t）', '自来水用量（t）', ['water.total_t', 'water.per_capita_t']],
  [FOOD, '自查日期', '检查日期', ['food.self_check_rate']],
  [PV, '已建装机（kW）', '已建成装机（kW）', ['pv.installed_kw', 'pv.annual_kwh_est']],
  [EQUIP, '是否高耗能', '是否为高耗能设备', ['equipment.high_energy_units']],
  [HOSTING, '项目状态', '状态', ['hosting.projects', 'water_contract.projects']],
];

describe('hardening: unrecognised headers (issue 8 item 7)', () => {
  for (const [path, via] of PATHS) {
    describe(`via ${path}`, () => {
      it('“配建车位数（个）” on 60 institutions: one header error, no warnings from the unread column', () => {
        const wb = sample({ institutions: 60 });
        const at = findCell(wb, INST, '配建车位数', 1);
        sheet(wb, INST).rows[0]![columnOf(wb, INST, '配建车位数') - 1] = '配建车位数（个）';
        const a = analyze(via(wb));
        assertIssues(a.issues, [`error header ${INST}!${at}`]);
        assertIssue(a.issues[0], { severity: 'error', code: 'header', sheet: INST, cell: at, field: '配建车位数', value: '配建车位数（个）', namesCell: false }, ['配建车位数（个）', '“配建车位数”']);
        for (const id of ['charging.ratio', 'charging.compliance_rate']) assert.equal(a.indicators.find((i) => i.id === id)!.value, null, id);
        assert.notEqual(a.indicators.find((i) => i.id === 'water.saving_fixture_rate')!.value, null, 'other indicators still computed');
      });

      for (const [sheetName, header, written, needs] of CASES) {
        it(`${sheetName}: “${written}” for “${header}” is one header error on its cell naming “${header}”`, () => {
          const wb = sample({ institutions: 30 });
          assert.ok(dataRows(wb, sheetName).length > 0);
          const at = findCell(wb, sheetName, header, 1);
          sheet(wb, sheetName).rows[0]![columnOf(wb, sheetName, header) - 1] = written;
          const a = analyze(via(wb));
          assert.equal(a.issues.length, 1, a.issues.map((i) => `${i.cell} ${i.message}`).join('\n'));
          assertIssue(a.issues[0], { severity: 'error', code: 'header', sheet: sheetName, cell: at, field: header, value: written, namesCell: false }, [`“${written}”`, `“${header}”`]);
          assert.deepEqual(a.explained, []);
          for (const id of needs) {
            const r = a.indicators.find((i) => i.id === id)!;
            assert.deepEqual([r.value, r.pass], [null, null], id);
          }
        });
      }

      it('异常说明 under another name is a warning on that column (its notes are not read)', () => {
        const wb = sample();
        const at = findCell(wb, CONS, '异常说明', 1);
        sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '异常说明') - 1] = '异常情况说明';
        const a = analyze(via(wb));
        assertIssues(a.issues, [`warning header ${CONS}!${at}`]);
        assert.ok(a.issues[0]!.message.includes('是否就是“异常说明”'));
      });

      it('review item 4: “用电量（千瓦时）” and “自来水（吨）” are paired by unit (千瓦时 = kWh, 吨 = t), never 用电量 with 用水量', () => {
        const wb = sample();
        const power = findCell(wb, CONS, '电力（kWh）', 1);
        const water = findCell(wb, CONS, '用水量（t）', 1);
        sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '电力（kWh）') - 1] = '用电量（千瓦时）';
        sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '用水量（t）') - 1] = '自来水（吨）';
        const a = analyze(via(wb));
        assertIssues(a.issues, [`error header ${CONS}!${power}`, `error header ${CONS}!${water}`]);
        assertIssue(a.issues[0], { severity: 'error', code: 'header', sheet: CONS, cell: power, field: '电力（kWh）', value: '用电量（千瓦时）', namesCell: false }, ['是否就是“电力（kWh）”']);
        assertIssue(a.issues[1], { severity: 'error', code: 'header', sheet: CONS, cell: water, field: '用水量（t）', value: '自来水（吨）', namesCell: false }, ['是否就是“用水量（t）”']);
        assert.ok(!a.issues.some((i) => i.value === '用电量（千瓦时）' && i.message.includes('用水量')));
      });

      it('review item 4: a header whose unit conflicts with every missing header is no hint for it', () => {
        const wb = sample();
        sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '用水量（t）') - 1] = '用水量（kWh）';
        const a = analyze(via(wb));
        // The same words with another unit is the template's own “unit differs” error, not a guess.
        assertIssues(a.issues, [`error header ${CONS}!${findCell(wb, CONS, '用水量（kWh）', 1)}`]);
        assert.ok(a.issues[0]!.message.includes('单位与模板不符'));
        const other = sample();
        sheet(other, CONS).rows[0]![columnOf(other, CONS, '用水量（t）') - 1] = '用电量（千瓦时）';
        const b = analyze(via(other));
        assertIssues(b.issues, [`error header ${CONS}!A1`]);
        assert.ok(b.issues[0]!.message.includes('缺少列“用水量（t）”') && !b.issues[0]!.message.includes('是否就是'), b.issues[0]!.message);
      });

      it('a header as close to two missing headers is one issue on its own cell naming both, not two at A1', () => {
        const wb = sample();
        const at = findCell(wb, CONS, '汽油（L）', 1);
        sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '汽油（L）') - 1] = '油料（升）';
        sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '柴油（L）') - 1] = '其他';
        const a = analyze(via(wb));
        assertIssues(a.issues, [`error header ${CONS}!${at}`]);
        const m = a.issues[0]!.message;
        assert.equal(a.issues[0]!.value, '油料（升）');
        assert.ok(m.includes('“油料（升）”') && m.includes('“汽油（L）”') && m.includes('“柴油（L）”') && m.includes('无法确定') && !m.includes('是否就是'), m);
        assert.equal(a.indicators.find((i) => i.id === 'energy.total_tce')!.value, null, 'total energy needs both columns');
      });

      it('two headers as close to one missing header are each named on their cell, neither read', () => {
        const wb = sample();
        const first = findCell(wb, INST, '配建车位数', 1);
        sheet(wb, INST).rows[0]![columnOf(wb, INST, '配建车位数') - 1] = '配建停车位数';
        for (const r of sheet(wb, INST).rows) r.push(r === sheet(wb, INST).rows[0] ? '配建停车位数' : 3);
        const second = `${String.fromCharCode(64 + sheet(wb, INST).rows[0]!.length)}1`;
        const a = analyze(via(wb));
        assertIssues(a.issues, [`error header ${INST}!${first}`, `error header ${INST}!${second}`]);
        assert.ok(a.issues.every((i) => i.message.includes('“配建车位数”') && i.message.includes('另有一列同样相近')), a.issues.map((i) => i.message).join('\n'));
        assert.equal(a.indicators.find((i) => i.id === 'charging.ratio')!.value, null);
      });

      it('review item 4: the template header with its unit written another way says the data need no conversion', () => {
        const wb = sample();
        const at = findCell(wb, INST, '建筑面积（m²）', 1);
        sheet(wb, INST).rows[0]![columnOf(wb, INST, '建筑面积（m²）') - 1] = '建筑面积（平方米）';
        const a = analyze(via(wb));
        assertIssues(a.issues, [`error header ${INST}!${at}`]);
        assert.ok(a.issues[0]!.message.includes('同一单位的不同写法') && a.issues[0]!.message.includes('数据无需换算'), a.issues[0]!.message);
        assert.ok(!a.issues[0]!.message.includes('按该单位填写数据'));
      });

      it('a header cell holding an Excel error or an uncalculated formula is said on that cell (review)', () => {
        for (const [type, value, words] of [['Error', '#REF!', '#REF!'], ['Uncalculated', null, '公式尚未计算']] as const) {
          const wb = via(sample());
          const s = sheet(wb, CONS);
          const col = columnOf(wb, CONS, '电力（kWh）');
          const at = findCell(wb, CONS, '电力（kWh）', 1);
          s.rows[0]![col - 1] = value;
          s.valueTypes = s.rows.map((r, i) => r!.map((_, c) => (i === 0 && c === col - 1 ? type : 'String')));
          const a = analyze(wb);
          const mine = a.issues.filter((i) => i.cell === at && i.sheet === CONS);
          assert.equal(mine.length, 1, a.issues.map((i) => `${i.cell} ${i.message}`).join('\n'));
          assert.equal(mine[0]!.severity, 'error');
          assert.ok(mine[0]!.message.includes(words), mine[0]!.message);
        }
      });

      it('a header merged over the next header (E1:F1) is a merged-cell error on E1, besides the column it hides', () => {
        const wb = via(sample());
        const s = sheet(wb, INST);
        const col = columnOf(wb, INST, '建筑面积（m²）');
        const left = findCell(wb, INST, '建筑面积（m²）', 1).replace(/\d+$/u, '');
        const before = String.fromCharCode(left.charCodeAt(0) - 1);
        s.rows[0]![col - 1] = typeof s.rows[0]![col - 1] === 'string' && via === PATHS[1]![1] ? '' : null;
        s.merges = [`${before}1:${left}1`];
        const a = analyze(wb);
        const merged = a.issues.find((i) => i.sheet === INST && i.cell === `${before}1`);
        assert.ok(merged && merged.message.includes('合并单元格'), a.issues.map((i) => `${i.cell} ${i.message}`).join('\n'));
        assert.ok(a.issues.some((i) => i.sheet === INST && i.message.includes('缺少列“建筑面积（m²）”')));
      });

      it('custom columns unlike any missing header are still ignored', () => {
        const wb = sample();
        for (const r of sheet(wb, INST).rows) r.push(r === sheet(wb, INST).rows[0] ? '联系人' : '王五');
        assert.deepEqual(analyze(via(wb)).issues, []);
      });
    });
  }
});

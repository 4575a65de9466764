/**
 * Issue 8, item 5: a workbook with headers but no institution is an error, and its indicators
 * say there is no data (null, "无数据"), never "有目标的指标均已达标".
 */
import assert from 'node:assert/strict';
import { blankTemplate } from '../../../../shared/template/blank.js';
import { indicatorsText } from '../../../../shared/report/text.js';
import type { CellValue, WorkbookInput } from '../../../../shared/table/sheet.js';
import { assertIssue, assertIssues, sample, sheet } from '../../helpers.js';
import { INST } from './shared.js';
import { PATHS, analyze, validate } from './hardening-shared.js';

/** The sample with every table sheet cut to its header row; 基本信息 kept. */
function headersOnly(): WorkbookInput {
  const wb = sample();
  for (const s of wb.sheets) if (s.name !== '基本信息') sheet(wb, s.name).rows.splice(1);
  return wb;
}

/** The blank template with 基本信息 filled in, as a county might send it. */
function blankWithBasicInfo(): WorkbookInput {
  const wb = blankTemplate();
  const values: Record<string, CellValue> = {
    '县（市、区）': '泽州县',
    行政区划代码: '140525',
    报告年度: 2026,
    报告季度: 3,
    填报人: '张三',
    联系电话: '0356-2020123',
    填报日期: '2026-10-10',
  };
  for (const r of sheet(wb, '基本信息').rows) r[1] = values[r[0] as string] ?? null;
  return wb;
}

describe('hardening: a workbook without institutions (issue 8 item 5)', () => {
  for (const [path, via] of PATHS) {
    describe(`via ${path}`, () => {
      for (const [label, make] of [
        ['headers only', headersOnly],
        ['the blank template with 基本信息 filled in', blankWithBasicInfo],
      ] as const) {
        it(`${label}: one error on 单位名录, and every indicator is null`, () => {
          const a = analyze(via(make()));
          assertIssues(a.issues, [`error missing-row ${INST}!A1`]);
          assertIssue(a.issues[0], { severity: 'error', code: 'missing-row', sheet: INST, cell: 'A1', field: null, value: null, namesCell: false }, [
            '没有任何单位',
            '请在单位名录中逐行登记',
          ]);
          assert.deepEqual(a.summary, { errors: 1, warnings: 0 });
          for (const i of a.indicators) {
            assert.equal(i.value, null, i.id);
            assert.equal(i.pass, null, i.id);
          }
          const text = indicatorsText(a);
          assert.ok(!text.includes('均已达标'), text);
          assert.match(text, /无数据/u);
          assert.match(text, /有目标的指标均无数据/u);
          assert.match(text, /所有指标均为“无数据”：单位名录中没有任何单位/u, 'says why everything is 无数据');
        });
      }
    });
  }

  it('rows elsewhere but none in 单位名录: still the error, besides the unknown references', () => {
    const wb = sample();
    sheet(wb, INST).rows.splice(1);
    const v = validate(wb);
    assert.ok(v.issues.some((i) => i.code === 'missing-row' && i.sheet === INST && i.cell === 'A1' && i.severity === 'error'));
  });

  it('review item 7: the indicators text says why all is 无数据 when 单位名录 is missing or its data sit in a misnamed sheet, and not when there are institutions', () => {
    const missing = sample();
    missing.sheets = missing.sheets.filter((s) => s.name !== INST);
    assert.match(indicatorsText(analyze(missing)), /所有指标均为“无数据”：工作簿中没有“单位名录”工作表/u);
    const beside = sample();
    const copy = sheet(beside, INST).rows.map((r) => [...r]);
    sheet(beside, INST).rows.splice(1);
    beside.sheets.push({ name: '单位名录表', rows: copy });
    assert.match(indicatorsText(analyze(beside)), /所有指标均为“无数据”：单位名录的数据在工作表“单位名录表”中/u);
    assert.ok(!indicatorsText(analyze(sample())).includes('所有指标均为'));
  });

  it('one institution is enough: no such error, and targets are judged', () => {
    const wb = sample();
    const rows = sheet(wb, INST).rows;
    const code = rows[1]![0];
    rows.splice(2);
    for (const name of ['能源资源消费', '公务用车', '光伏资源', '重点用能设备', '反食品浪费自查']) {
      const s = sheet(wb, name);
      s.rows = [s.rows[0]!, ...s.rows.slice(1).filter((r) => r[0] === code)];
    }
    const a = analyze(wb);
    assert.ok(!a.issues.some((i) => i.code === 'missing-row' && i.cell === 'A1'), a.issues.map((i) => i.message).join('\n'));
    assert.ok(a.indicators.some((i) => i.pass !== null));
  });
});

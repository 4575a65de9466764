/**
 * Issue 8, items 3–7 on real .xlsx files: a sample damaged in one place, written by our writer
 * (with its 填报说明 sheet, as `jieneng sample` and `template` write it) and read back by the
 * .xlsx reader. The same rules on the add-in's Range.values are in test/shared/validation/rules/hardening-*.
 */
import assert from 'node:assert/strict';
import { readXlsxBuffer } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { analyzeWorkbook } from '../../../shared/engine.js';
import { indicatorsText } from '../../../shared/report/text.js';
import { blankTemplate } from '../../../shared/template/blank.js';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import { columnOf, dataRows, findCell, getField, sample, setField, sheet } from '../../shared/helpers.js';

const INST = '单位名录';
const CONS = '能源资源消费';

async function roundTrip(wb: WorkbookInput) {
  return analyzeWorkbook(await readXlsxBuffer(await xlsxBuffer(wb)));
}

const brief = (a: Awaited<ReturnType<typeof roundTrip>>): string[][] => a.issues.map((i) => [i.severity, i.code, `${i.sheet}!${i.cell}`]);

describe('hardening items 3–7 on .xlsx files written and read back', () => {
  it('item 3: 异常说明 “无” keeps the outlier warning; a real reason explains it', async () => {
    const wb = sample();
    const row = dataRows(wb, CONS)[0]!;
    const code = getField(wb, CONS, '统一社会信用代码', row);
    const instRow = dataRows(wb, INST).find((r) => getField(wb, INST, '统一社会信用代码', r) === code)!;
    const at = setField(wb, CONS, '用水量（t）', row, (getField(wb, INST, '用能人数', instRow) as number) * 31);
    setField(wb, CONS, '异常说明', row, '无');
    const refused = await roundTrip(wb);
    assert.deepEqual(brief(refused), [['warning', 'outlier', `${CONS}!${at}`]]);
    assert.match(refused.issues[0]!.message, /异常说明“无”过于简单，不能作为说明/u);
    assert.deepEqual(refused.explained, []);
    setField(wb, CONS, '异常说明', row, '管网漏损，已修复');
    const explained = await roundTrip(wb);
    assert.deepEqual(explained.issues, []);
    assert.deepEqual(explained.explained.map((e) => e.cell), [at]);
  });

  it('review item 5: office boilerplate (“数据真实可靠”, “情况属实请审核”…) keeps the outlier warning; “冬季供暖提前” explains it', async () => {
    const wb = sample();
    const row = dataRows(wb, CONS)[0]!;
    const code = getField(wb, CONS, '统一社会信用代码', row);
    const instRow = dataRows(wb, INST).find((r) => getField(wb, INST, '统一社会信用代码', r) === code)!;
    const at = setField(wb, CONS, '用水量（t）', row, (getField(wb, INST, '用能人数', instRow) as number) * 31);
    for (const note of ['数据真实可靠', '按实际填写', '以实际为准', '正常使用', '情况属实请审核', '已核实，数据可靠']) {
      setField(wb, CONS, '异常说明', row, note);
      const refused = await roundTrip(wb);
      assert.deepEqual(brief(refused), [['warning', 'outlier', `${CONS}!${at}`]], note);
      assert.match(refused.issues[0]!.message, /占位或套话/u, note);
    }
    setField(wb, CONS, '异常说明', row, '冬季供暖提前');
    assert.deepEqual((await roundTrip(wb)).explained.map((e) => e.cell), [at]);
  });

  it('item 4: 用能人数 999,999,999 and 1e12 kWh are range errors naming the bound', async () => {
    const wb = sample();
    const staff = setField(wb, INST, '用能人数', 2, 999_999_999);
    const kwh = setField(wb, CONS, '电力（kWh）', 2, 1e12);
    setField(wb, CONS, '异常说明', 2, '本季度新建数据中心投入使用');
    const a = await roundTrip(wb);
    assert.deepEqual(brief(a), [
      ['error', 'range', `${INST}!${staff}`],
      ['error', 'range', `${CONS}!${kwh}`],
    ]);
    assert.match(a.issues[0]!.message, /超过上限 20 万/u);
    assert.match(a.issues[1]!.message, /超过上限 2 亿 kWh/u);
    const tce = a.indicators.find((i) => i.id === 'energy.total_tce')!.value!;
    assert.ok(tce < 10_000, `${tce} tce`);
  });

  it('item 5: the blank template with 基本信息 filled in is an error, and its indicators have no data', async () => {
    const wb = blankTemplate();
    const values: Record<string, CellValue> = { '县（市、区）': '泽州县', 行政区划代码: '140525', 报告年度: 2026, 报告季度: 3, 填报人: '张三', 联系电话: '0356-2020123', 填报日期: '2026-10-10' };
    for (const r of sheet(wb, '基本信息').rows) r[1] = values[r[0] as string] ?? null;
    const a = await roundTrip(wb);
    assert.deepEqual(brief(a), [['error', 'missing-row', `${INST}!A1`]]);
    assert.ok(a.indicators.every((i) => i.value === null && i.pass === null));
    const text = indicatorsText(a);
    assert.ok(!text.includes('均已达标'), text);
    assert.match(text, /所有指标均为“无数据”：单位名录中没有任何单位/u);
  });

  it('item 6: 光伏资源表 is named in the missing sheet’s error; an extra sheet is listed once; 填报说明 is not', async () => {
    const wb = sample();
    sheet(wb, '光伏资源').name = '光伏资源表';
    wb.sheets.push({ name: '自用统计', rows: [['单位', '金额'], ['财政局', 12]] });
    const a = await roundTrip(wb);
    assert.deepEqual(brief(a), [
      ['warning', 'format', '基本信息!A1'],
      ['warning', 'sheet-missing', '光伏资源!A1'],
      ['error', 'format', '光伏资源!A1'],
    ]);
    assert.match(a.issues[1]!.message, /是否就是“光伏资源表”？请改回原名“光伏资源”/u);
    assert.match(a.issues[2]!.message, /“光伏资源表”有 \d+ 行“光伏资源”的数据/u);
    assert.match(a.issues[0]!.message, /1 个模板以外的工作表：“自用统计”/u);
    assert.ok(!a.issues.some((i) => i.message.includes('填报说明')));
    assert.equal(a.indicators.find((i) => i.id === 'pv.installed_kw')!.value, null);
  });

  it('review items 1–3: a renamed ledger keeps sheet-missing a warning; a county’s own “项目清单”/“设备” beside empty ledgers and empty Sheet2/Sheet3 block nothing', async () => {
    const renamed = sample();
    sheet(renamed, '重点用能设备').name = '重点用能设备台账';
    assert.deepEqual(brief(await roundTrip(renamed)), [
      ['warning', 'sheet-missing', '重点用能设备!A1'],
      ['error', 'format', '重点用能设备!A1'],
    ]);
    const wb = sample();
    sheet(wb, '托管项目').rows.splice(1);
    sheet(wb, '重点用能设备').rows.splice(1);
    wb.sheets.push({ name: '项目清单', rows: [['项目', '金额'], ['办公楼改造', 12]] });
    wb.sheets.push({ name: '设备', rows: [['名称', '数量'], ['打印机', 3]] });
    wb.sheets.push({ name: 'Sheet2', rows: [] }, { name: 'Sheet3', rows: [] });
    const a = await roundTrip(wb);
    assert.deepEqual(brief(a), [['warning', 'format', '基本信息!A1']]);
    assert.equal(a.issues[0]!.value, '项目清单、设备');
  });

  it('item 7: “配建车位数（个）” on 60 institutions is one header error and nothing else', async () => {
    const wb = sample({ institutions: 60 });
    const at = findCell(wb, INST, '配建车位数', 1);
    sheet(wb, INST).rows[0]![columnOf(wb, INST, '配建车位数') - 1] = '配建车位数（个）';
    const a = await roundTrip(wb);
    assert.deepEqual(brief(a), [['error', 'header', `${INST}!${at}`]]);
    assert.equal(a.indicators.find((i) => i.id === 'charging.compliance_rate')!.value, null);
  });

  it('review item 4: “用电量（千瓦时）” is suggested as “电力（kWh）” and “自来水（吨）” as “用水量（t）”, units taken as the same', async () => {
    const wb = sample();
    const power = findCell(wb, CONS, '电力（kWh）', 1);
    const water = findCell(wb, CONS, '用水量（t）', 1);
    sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '电力（kWh）') - 1] = '用电量（千瓦时）';
    sheet(wb, CONS).rows[0]![columnOf(wb, CONS, '用水量（t）') - 1] = '自来水（吨）';
    const a = await roundTrip(wb);
    assert.deepEqual(brief(a), [['error', 'header', `${CONS}!${power}`], ['error', 'header', `${CONS}!${water}`]]);
    assert.match(a.issues[0]!.message, /“用电量（千瓦时）”.*是否就是“电力（kWh）”/u);
    assert.match(a.issues[1]!.message, /“自来水（吨）”.*是否就是“用水量（t）”/u);
  });
});

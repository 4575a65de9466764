/**
 * The notice's .xlsx read back with exceljs: the rank order and points, every indicator column with
 * its target row, frozen headers and number formats, and text that looks like a formula kept as text.
 */
import assert from 'node:assert/strict';
import type * as X from 'exceljs';
import JSZip from 'jszip';
import { noticeXlsx } from '../../../bot/notices/xlsx.js';
import ExcelJS from '../../../bot/xlsx/exceljs.js';
import { INDICATORS } from '../../../shared/indicators/definitions.js';
import { EXPECTED_ORDER, EXPECTED_POINTS, EXPECTED_TOTALS, fixtureCounties, fixtureNotice, indicatorsByCounty } from '../../shared/notice/fixture.js';

async function load(buffer: Buffer): Promise<X.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

function sheet(wb: X.Workbook, name: string): X.Worksheet {
  const ws = wb.getWorksheet(name);
  assert.ok(ws, name);
  return ws;
}

function rowValues(ws: X.Worksheet, n: number): unknown[] {
  return (ws.getRow(n).values as unknown[]).slice(1);
}

describe('notices/xlsx', () => {
  it('has the rank table in rank order with total and points by part, headers frozen', async () => {
    const c = fixtureNotice();
    const wb = await load(await noticeXlsx(c, indicatorsByCounty()));
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['排名', '指标', '说明'],
    );
    const ws = sheet(wb, '排名');
    assert.deepEqual(rowValues(ws, 1), [
      '名次',
      '县（市、区）',
      '总分（100分）',
      '报送及时性（10分）',
      '数据质量（10分）',
      '新能源汽车占比（15分）',
      '充电桩配建达标（15分）',
      '节水器具普及率（10分）',
      '水计量配备率（10分）',
      '反食品浪费自查（10分）',
      '人均能耗同比（10分）',
      '人均碳排放同比（10分）',
      '报送情况',
    ]);
    assert.equal(ws.rowCount, 7);
    EXPECTED_ORDER.forEach((county, i) => {
      const row = rowValues(ws, i + 2);
      assert.equal(row[0], i + 1);
      assert.equal(row[1], county);
      assert.ok(Math.abs((row[2] as number) - EXPECTED_TOTALS[i]!) < 1e-9, `${county} total`);
      const points = Object.values(EXPECTED_POINTS[county]!);
      points.forEach((p, k) => assert.ok(Math.abs((row[3 + k] as number) - p) < 1e-9, `${county} part ${k}`));
    });
    assert.equal(rowValues(ws, 3)[12], '逾期报送');
    assert.equal(rowValues(ws, 7)[12], '未通过校验，视为未报送');
    assert.equal(ws.getCell('C2').numFmt, '0.00');
    assert.equal(ws.getCell('F5').numFmt, '0.00');
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal((ws.views[0] as X.WorksheetViewFrozen).ySplit, 1);
  });

  it('lists every indicator per county with names, units and a targets row; missed targets shaded', async () => {
    const wb = await load(await noticeXlsx(fixtureNotice(), indicatorsByCounty()));
    const ws = sheet(wb, '指标');
    const header = rowValues(ws, 1);
    assert.deepEqual(header.slice(0, 2), ['县（市、区）', '报送情况']);
    assert.deepEqual(
      header.slice(2),
      INDICATORS.map((d) => `${d.name}（${d.unit}）`),
    );
    const column = (id: string): number => 3 + INDICATORS.findIndex((d) => d.id === id);
    const targets = ws.getRow(2);
    assert.equal(targets.getCell(1).value, '目标');
    assert.equal(targets.getCell(column('vehicles.nev_share')).value, '≥ 35%');
    assert.equal(targets.getCell(column('coal.units_without_plan')).value, '= 0 家');
    assert.equal(targets.getCell(column('energy.total_tce')).value, '—');
    assert.deepEqual(
      [3, 4, 5, 6, 7, 8].map((r) => ws.getRow(r).getCell(1).value),
      EXPECTED_ORDER,
    );
    const row = (county: string): X.Row => ws.getRow(3 + EXPECTED_ORDER.indexOf(county));
    const urban = row('城区');
    assert.equal(urban.getCell(column('energy.total_tce')).value, 1234.5678);
    assert.equal(urban.getCell(column('energy.total_tce')).numFmt, '#,##0.00');
    assert.equal(urban.getCell(column('vehicles.nev_share')).value, 28);
    assert.equal((urban.getCell(column('vehicles.nev_share')).fill as X.FillPattern).fgColor?.argb, 'FFFFC7CE');
    assert.notEqual((urban.getCell(column('water.meter_l3_rate')).fill as X.FillPattern | undefined)?.fgColor?.argb, 'FFFFC7CE', '90 meets ≥ 90');
    assert.equal(row('阳城县').getCell(column('coal.units_without_plan')).numFmt, '0');
    assert.equal(row('陵川县').getCell(column('water.meter_l2_rate')).value, null);
    for (const county of ['高平市', '沁水县']) {
      const r = row(county);
      for (const d of INDICATORS) assert.equal(r.getCell(column(d.id)).value, null, `${county} ${d.id}`);
    }
    assert.equal(row('沁水县').getCell(2).value, '未通过校验，视为未报送');
    const view = ws.views[0] as X.WorksheetViewFrozen;
    assert.deepEqual([view.state, view.ySplit, view.xSplit], ['frozen', 2, 1]);
  });

  it('adds columns for indicators the definitions do not know, and describes the file', async () => {
    const byCounty = { ...indicatorsByCounty(), 泽州县: { ...indicatorsByCounty()['泽州县'], 'future.metric': 7 } };
    const wb = await load(await noticeXlsx(fixtureNotice({ draft: true }), byCounty));
    const header = rowValues(sheet(wb, '指标'), 1);
    assert.equal(header.at(-1), 'future.metric');
    assert.equal(sheet(wb, '指标').getRow(3).getCell(header.length).value, 7);
    const about = sheet(wb, '说明');
    assert.equal(about.getCell('B2').value, '晋市机管通〔2026〕3号');
    assert.equal(about.getCell('B7').value, '草稿（未发布，仅供审阅）');
  });

  it('writes a county named like a formula as text, never as a formula', async () => {
    const evil = '=HYPERLINK("http://evil.example","点我")';
    const counties = fixtureCounties().map((c) => (c.county === '城区' ? { ...c, county: evil } : c));
    const content = fixtureNotice({ issuer: '@SUM(1+1)' }, counties);
    const buffer = await noticeXlsx(content, indicatorsByCounty(counties));
    const wb = await load(buffer);
    for (const [name, col] of [['排名', 2], ['指标', 1]] as const) {
      const ws = sheet(wb, name);
      const cells: X.Cell[] = [];
      ws.eachRow((r) => cells.push(r.getCell(col)));
      const cell = cells.find((c) => c.value === evil);
      assert.ok(cell, `${name} has the county as typed`);
      assert.equal(cell.type, ExcelJS.ValueType.String);
    }
    assert.equal(sheet(wb, '说明').getCell('B5').value, '@SUM(1+1)');
    const zip = await JSZip.loadAsync(buffer);
    for (const part of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'))) {
      assert.doesNotMatch(await zip.file(part)!.async('string'), /<f[\s>]/u, `${part} has no formula`);
    }
  });
});

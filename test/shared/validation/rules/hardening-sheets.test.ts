/**
 * Issue 8, item 6: renamed or extra sheets. Template sheet names are exact (template.md), so a
 * sheet renamed "光伏资源表" is not read as 光伏资源 — but it is named in the missing sheet's
 * issue ("是否就是“光伏资源表”？请改回原名"), its rows are counted as not read (an error, so its
 * data cannot be lost unnoticed) and the indicators from it are null, not 0. Other sheets outside
 * the template are listed once, in one warning.
 */
import assert from 'node:assert/strict';
import type { CellValue } from '../../../../shared/table/sheet.js';
import type { Issue } from '../../../../shared/validation/issues.js';
import { assertIssue, assertIssues, dataRows, sample, sheet } from '../../helpers.js';
import { BASIC, CARS, CONS, EQUIP, FOOD, HOSTING, INST, PV } from './shared.js';
import { PATHS, analyze, validate } from './hardening-shared.js';

/** Template sheet → names a county gives it: suffixes, a character more or less, traditional forms. */
const RENAMES: [string, string][] = [
  [PV, '光伏资源表'],
  [PV, '光伏资源台账'],
  [PV, '光伏資源'],
  [PV, '光伏资料'],
  [PV, '屋顶光伏资源'],
  [INST, '单位名录表'],
  [INST, '單位名錄'],
  [INST, '单位名单'],
  [CONS, '能源资源消费情况'],
  [CONS, '能源消费'],
  [CARS, '公務用車'],
  [CARS, '公务用车台账'],
  [EQUIP, '重点用能设备台帐'],
  [FOOD, '反食品浪费自查表'],
  [HOSTING, '托管项目清单'],
  [BASIC, '基本信息表'],
];

const REQUIRED = new Set([BASIC, INST, CONS]);

function rename(wb: ReturnType<typeof sample>, from: string, to: string): void {
  sheet(wb, from).name = to;
}

function missingIssue(issues: readonly Issue[], name: string): Issue | undefined {
  return issues.find((i) => i.code === 'sheet-missing' && i.sheet === name);
}

describe('hardening: renamed and extra sheets (issue 8 item 6)', () => {
  for (const [path, via] of PATHS) {
    describe(`via ${path}`, () => {
      it('光伏资源 renamed 光伏资源表: one error naming it, its rows not read and the PV indicators null', () => {
        const wb = sample();
        const rows = dataRows(wb, PV).length;
        rename(wb, PV, '光伏资源表');
        const a = analyze(via(wb));
        assertIssues(a.issues, [`warning sheet-missing ${PV}!A1`, `error format ${PV}!A1`]);
        assertIssue(a.issues.find((i) => i.code === 'sheet-missing'), { severity: 'warning', code: 'sheet-missing', sheet: PV, cell: 'A1', field: null, value: '光伏资源表', namesCell: false }, [
          '是否就是“光伏资源表”？请改回原名“光伏资源”',
        ]);
        assertIssue(a.issues.find((i) => i.code === 'format'), { severity: 'error', code: 'format', sheet: PV, cell: 'A1', field: null, value: '光伏资源表', namesCell: false }, [
          `“光伏资源表”有 ${rows} 行“光伏资源”的数据`,
          '不会被读取',
        ]);
        for (const id of ['pv.potential_kw', 'pv.installed_kw', 'pv.planned_kw', 'pv.annual_kwh_est', 'pv.co2_reduction_t']) {
          assert.equal(a.indicators.find((i) => i.id === id)!.value, null, id);
        }
      });

      for (const [template, renamed] of RENAMES) {
        it(`${template} renamed “${renamed}” is named in the one issue about ${template}`, () => {
          const wb = sample();
          rename(wb, template, renamed);
          const v = validate(via(wb));
          const issue = missingIssue(v.issues, template);
          assert.ok(issue, v.issues.map((i) => i.message).join('\n'));
          assert.equal(issue.severity, REQUIRED.has(template) ? 'error' : 'warning', 'sheet-missing as template.md defines it');
          assert.ok(issue.message.includes(`是否就是“${renamed}”？请改回原名“${template}”`), issue.message);
          const lost = v.issues.find((i) => i.code === 'format' && i.sheet === template && i.value === renamed);
          assert.equal(lost?.severity, 'error', 'the sheet holds data that would be lost');
          assert.ok(!v.issues.some((i) => i.message.includes('模板以外的工作表')), 'not listed again as unknown');
        });
      }

      it('spaces and full-width forms in a sheet name are tolerated: the sheet is read', () => {
        const wb = sample();
        rename(wb, PV, ' 光伏 资源 ');
        assert.deepEqual(validate(via(wb)).issues, []);
      });

      it('a renamed optional ledger with no data rows is a warning that says so', () => {
        const wb = sample();
        sheet(wb, PV).rows.splice(1);
        rename(wb, PV, '光伏资源表');
        const v = validate(via(wb));
        assertIssues(v.issues, [`warning sheet-missing ${PV}!A1`]);
        assert.ok(v.issues[0]!.message.includes('是否就是“光伏资源表”'));
        assert.ok(v.issues[0]!.message.includes('目前没有数据'));
      });

      it('sheets outside the template are listed once, in one warning; 填报说明 is not among them', () => {
        const wb = sample();
        wb.sheets.push({ name: 'Sheet1', rows: [] });
        wb.sheets.push({ name: '自用统计', rows: [['单位', '金额'], ['财政局', 12]] });
        wb.sheets.push({ name: '填报说明', rows: [['说明']] });
        const v = validate(via(wb));
        assert.equal(v.issues.length, 1, v.issues.map((i) => i.message).join('\n'));
        const i = v.issues[0]!;
        assert.deepEqual([i.severity, i.sheet, i.cell, i.value], ['warning', BASIC, 'A1', '自用统计']);
        assert.match(i.message, /1 个模板以外的工作表：“自用统计”，其内容不会被读取/u);
      });

      it('a renamed sheet beside an extra one: each is said once, in its own issue', () => {
        const wb = sample();
        rename(wb, PV, '光伏资源表');
        wb.sheets.push({ name: '备注', rows: [['本季度数据已经局长审核']] });
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.code, i.severity, i.sheet]).sort(), [
          ['format', 'error', PV],
          ['format', 'warning', BASIC],
          ['sheet-missing', 'warning', PV],
        ]);
        const listing = v.issues.find((i) => i.code === 'format' && i.sheet === BASIC)!;
        assert.ok(listing.message.includes('“备注”') && !listing.message.includes('光伏资源表'), listing.message);
      });

      it('the blank template sheet kept and the data typed into “光伏资源表”: an error on 光伏资源 naming it', () => {
        const wb = sample();
        const rows = dataRows(wb, PV).length;
        const copy = sheet(wb, PV).rows.map((r) => [...r]);
        sheet(wb, PV).rows.splice(1);
        wb.sheets.push({ name: '光伏资源表', rows: copy });
        const a = analyze(via(wb));
        assertIssues(a.issues, [`error format ${PV}!A1`]);
        assertIssue(a.issues[0], { severity: 'error', code: 'format', sheet: PV, cell: 'A1', field: null, value: '光伏资源表', namesCell: false }, [
          `“光伏资源表”有 ${rows} 行数据`,
          '是否就是“光伏资源表”？',
        ]);
        assert.equal(a.indicators.find((i) => i.id === 'pv.installed_kw')!.value, null);
      });

      it('an empty 单位名录 beside “单位名录表” with the institutions: that one error, no “no institution” or unknown-reference errors on top', () => {
        const wb = sample();
        const copy = sheet(wb, INST).rows.map((r) => [...r]);
        sheet(wb, INST).rows.splice(1);
        wb.sheets.push({ name: '单位名录表', rows: copy });
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.severity, i.code, i.sheet, i.cell]), [['error', 'format', INST, 'A1']], 'no unknown-ref cascade either');
      });

      it('an empty 能源资源消费 beside “能源资源消费表”: one error, not one missing row per institution', () => {
        const wb = sample();
        const copy = sheet(wb, CONS).rows.map((r) => [...r]);
        sheet(wb, CONS).rows.splice(1);
        wb.sheets.push({ name: '能源资源消费表', rows: copy });
        const a = analyze(via(wb));
        assert.deepEqual(a.issues.map((i) => [i.severity, i.code, i.sheet, i.cell]), [['error', 'format', CONS, 'A1']]);
        assert.equal(a.indicators.find((i) => i.id === 'energy.total_tce')!.value, null);
      });

      it('an empty template sheet beside an empty look-alike: nothing to say', () => {
        const wb = sample();
        sheet(wb, PV).rows.splice(1);
        wb.sheets.push({ name: '光伏资源表', rows: [] });
        assert.deepEqual(validate(via(wb)).issues, []);
      });

      it('review item 1: a renamed optional ledger is a sheet-missing WARNING (template.md) plus a format error for its data', () => {
        for (const ledger of [PV, EQUIP, HOSTING, CARS]) {
          const wb = sample();
          const rows = dataRows(wb, ledger).length;
          rename(wb, ledger, `${ledger}表`);
          const v = validate(via(wb));
          assert.deepEqual(v.issues.map((i) => [i.severity, i.code, i.sheet, i.value]), [
            ['warning', 'sheet-missing', ledger, `${ledger}表`],
            ['error', 'format', ledger, `${ledger}表`],
          ], ledger);
          assert.ok(v.issues[1]!.message.includes(`有 ${rows} 行“${ledger}”的数据`), v.issues[1]!.message);
        }
      });

      it('review item 2: a county’s own close-named sheet without the template’s headers is only an extra sheet', () => {
        const own: [string, string, CellValue[][]][] = [
          [HOSTING, '项目清单', [['项目', '金额'], ['办公楼改造', 12]]],
          [EQUIP, '设备', [['名称', '数量'], ['打印机', 3]]],
          [PV, '光伏', [['备注'], ['明年再报']]],
        ];
        for (const [template, name, rows] of own) {
          // Beside the template's own sheet left empty (no data this quarter)…
          const beside = sample();
          sheet(beside, template).rows.splice(1);
          beside.sheets.push({ name, rows });
          const v = validate(via(beside));
          assert.deepEqual(v.issues.map((i) => [i.severity, i.code, i.sheet, i.value]), [['warning', 'format', BASIC, name]], `${template} beside ${name}`);
          // …and with the template's sheet absent: a plain sheet-missing warning that does not name it.
          const absent = sample();
          absent.sheets = absent.sheets.filter((s) => s.name !== template);
          absent.sheets.push({ name, rows });
          const w = validate(via(absent));
          assert.deepEqual(w.issues.map((i) => [i.severity, i.code, i.sheet]), [['warning', 'format', BASIC], ['warning', 'sheet-missing', template]], `${template} absent, ${name}`);
          assert.ok(!missingIssue(w.issues, template)!.message.includes(`“${name}”`));
        }
      });

      it('review item 2: a renamed sheet keeping most of the template’s headers is still recognised', () => {
        const wb = sample();
        const rows = sheet(wb, HOSTING).rows;
        // Two of 托管项目's three required headers kept, one column renamed.
        rows[0] = rows[0]!.map((h) => (h === '项目状态' ? '状态' : h));
        rename(wb, HOSTING, '托管项目清单');
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.severity, i.code, i.sheet]), [['warning', 'sheet-missing', HOSTING], ['error', 'format', HOSTING]]);
      });

      it('review item 3: empty default sheets (Sheet2, Sheet3, 工作表1) are not listed', () => {
        const wb = sample();
        for (const name of ['Sheet2', 'Sheet3', '工作表1']) wb.sheets.push({ name, rows: [] });
        wb.sheets.push({ name: 'Sheet4', rows: [['', null], [null, '  ']] });
        assert.deepEqual(validate(via(wb)).issues, []);
        wb.sheets.push({ name: '工作表2', rows: [['备忘']] });
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.severity, i.code, i.value]), [['warning', 'format', '工作表2']]);
      });

      it('a sheet of any name (Sheet2) holding a missing sheet’s headers and data is named in its issues, its rows counted', () => {
        for (const [template, name] of [[HOSTING, 'Sheet2'], [PV, '导出数据'], [INST, 'Sheet1']] as const) {
          const wb = sample();
          const rows = dataRows(wb, template).length;
          sheet(wb, template).name = name;
          const v = validate(via(wb));
          const missing = missingIssue(v.issues, template)!;
          assert.equal(missing.severity, template === INST ? 'error' : 'warning');
          assert.ok(missing.message.includes(`列标题与它相同的工作表“${name}”`) && missing.message.includes(`请改回原名“${template}”`), missing.message);
          const lost = v.issues.find((i) => i.code === 'format' && i.sheet === template)!;
          assert.equal(lost.severity, 'error');
          assert.ok(lost.message.includes(`工作表“${name}”有 ${rows} 行“${template}”的数据`), lost.message);
          assert.ok(!v.issues.some((i) => i.message.includes('模板以外的工作表')), `${name} is not listed again as unknown`);
        }
      });

      it('an empty template sheet beside a sheet of another name holding its headers and data names that sheet', () => {
        const wb = sample();
        const rows = sheet(wb, PV).rows;
        wb.sheets.push({ name: 'Sheet2', rows: rows.map((r) => [...r]) });
        rows.splice(1);
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.severity, i.code, i.sheet]), [['error', 'format', PV]]);
        assert.ok(v.issues[0]!.message.includes('列标题与它相同的工作表“Sheet2”'), v.issues[0]!.message);
      });

      it('the add-in’s own 校验结果 and 指标汇总 sheets are neither read nor listed as unknown', () => {
        const wb = sample();
        wb.sheets.push({ name: '校验结果', rows: [['严重程度', '工作表', '单元格', '说明'], ['错误', '单位名录', 'A3', '校验位不符']] });
        wb.sheets.push({ name: '指标汇总', rows: [['指标', '数值'], ['新能源车占比', 40]] });
        assert.deepEqual(validate(via(wb)).issues, []);
      });

      it('an extra sheet sharing only a few headers, or headers without data, is not taken for a template sheet', () => {
        const wb = sample();
        wb.sheets.push({ name: 'Sheet2', rows: [['统一社会信用代码', '单位名称', '联系人'], ['11140500MB1234567X', '某局', '王五']] });
        const v = validate(via(wb));
        assert.deepEqual(v.issues.map((i) => [i.severity, i.code, i.value]), [['warning', 'format', 'Sheet2']]);
        const bare = sample();
        sheet(bare, HOSTING).name = 'Sheet2';
        sheet(bare, 'Sheet2').rows.splice(1);
        const b = validate(via(bare));
        assert.ok(!missingIssue(b.issues, HOSTING)!.message.includes('Sheet2'), 'headers without data are no stand-in by headers alone');
      });
    });
  }
});

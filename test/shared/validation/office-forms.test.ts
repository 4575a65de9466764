/**
 * The forms Chinese offices really write (issue 8, item 15), on the add-in's input path: every
 * workbook here is handed over as Excel's `Range.values` gives it ("" for empty cells, dates and
 * date-times as serial numbers, text as typed). The .xlsx path has its twin in
 * test/bot/xlsx/office-forms.test.ts.
 */
import assert from 'node:assert/strict';
import { analyzeWorkbook, validateWorkbook } from '../../../shared/engine.js';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import type { FieldSpec } from '../../../shared/template/spec.js';
import { TEMPLATE_V1 } from '../../../shared/template/v1.js';
import { toIsoDate } from '../../../shared/values/coerce.js';
import { appendRow, assertIssue, basicRow, dataRows, findCell, findRow, getField, sample, setCell, setField, sheet } from '../helpers.js';
import { asRangeValues, serialOf } from './range-values.js';

const INST = '单位名录';
const CONS = '能源资源消费';
const PV = '光伏资源';
const CARS = '公务用车';
const HOSTING = '托管项目';
const BASIC = '基本信息';

function issueLines(v: ReturnType<typeof validateWorkbook>): string[] {
  return v.issues.map((i) => `${i.severity} ${i.code} ${i.sheet}!${i.cell} ${i.message}`);
}

function assertCleanRange(wb: WorkbookInput): ReturnType<typeof validateWorkbook> {
  const v = validateWorkbook(asRangeValues(wb));
  assert.deepEqual(issueLines(v), []);
  return v;
}

/** Every field of template v1 of a kind, with its sheet. */
function fieldsOfKind(kind: FieldSpec['kind']): { sheet: string; spec: FieldSpec; keyValue: boolean }[] {
  return TEMPLATE_V1.sheets.flatMap((s) => s.fields.filter((f) => f.kind === kind).map((spec) => ({ sheet: s.name, spec, keyValue: s.layout === 'keyValue' })));
}

function keyOf(sheetName: string, header: string): string {
  const f = TEMPLATE_V1.sheets.find((s) => s.name === sheetName)?.fields.find((x) => x.header === header);
  assert.ok(f, `${sheetName} has ${header}`);
  return f.key;
}

/** Address of the first filled cell of a field in the sample, and its value. */
function firstFilled(wb: WorkbookInput, where: { sheet: string; spec: FieldSpec; keyValue: boolean }): { a1: string; value: CellValue } {
  if (where.keyValue) {
    const a1 = `B${basicRow(wb, where.spec.header)}`;
    const row = basicRow(wb, where.spec.header);
    return { a1, value: sheet(wb, where.sheet).rows[row - 1]![1] };
  }
  const row = dataRows(wb, where.sheet).find((r) => {
    const v = getField(wb, where.sheet, where.spec.header, r);
    return v !== null && v !== undefined && v !== '';
  });
  assert.ok(row !== undefined, `${where.sheet} has a filled ${where.spec.header}`);
  return { a1: findCell(wb, where.sheet, where.spec.header, row), value: getField(wb, where.sheet, where.spec.header, row) };
}

describe('forms Chinese offices write (item 15), as Range.values hands them over', () => {
  describe('dates in every date field of template v1', () => {
    const forms: [string, (y: number, m: number, d: number) => CellValue][] = [
      ['YYYY.M.D', (y, m, d) => `${y}.${m}.${d}`],
      ['YYYY.MM.DD', (y, m, d) => `${y}.${String(m).padStart(2, '0')}.${String(d).padStart(2, '0')}`],
      ['YYYY/M/D', (y, m, d) => `${y}/${m}/${d}`],
      ['YYYYMMDD as text', (y, m, d) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`],
      ['YYYYMMDD typed as a number', (y, m, d) => Number(`${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`)],
      ['YYYY年M月D日', (y, m, d) => `${y}年${m}月${d}日`],
      ['YYYY-MM-DD HH:MM as text', (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} 10:00`],
      ['YYYY/M/D H:MM:SS as text', (y, m, d) => `${y}/${m}/${d} 9:05:30`],
      ['YYYY年M月D日 HH:MM as text', (y, m, d) => `${y}年${m}月${d}日 16:30`],
      ['full-width YYYY．M．D', (y, m, d) => `${y}．${m}．${d}`.replace(/\d/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
      ['an Excel date-time (serial with a fraction)', (y, m, d) => serialOf(new Date(Date.UTC(y, m - 1, d, 17, 45)))],
      ['ISO date-time with Z', (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T10:00:00.000Z`],
      ['ISO date-time with +08:00', (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T10:00:00+08:00`],
      ['YYYY/M/D 下午H:MM (Excel’s Chinese text of a date-time)', (y, m, d) => `${y}/${m}/${d} 下午3:05`],
      ['YYYY年M月D日 上午9时', (y, m, d) => `${y}年${m}月${d}日上午9时`],
      ['YYYY-M-D H:MM PM', (y, m, d) => `${y}-${m}-${d} 3:05 PM`],
    ];
    for (const where of fieldsOfKind('date')) {
      for (const [label, make] of forms) {
        it(`${where.sheet}「${where.spec.header}」accepts ${label}`, () => {
          const wb = sample();
          const { a1, value } = firstFilled(wb, where);
          const iso = toIsoDate(value)!;
          const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
          setCell(wb, where.sheet, a1, make(y, m, d));
          const v = assertCleanRange(wb);
          const parsed = where.keyValue
            ? v.workbook.basic.values[where.spec.key]
            : v.workbook.tables.get(where.sheet)!.records.find((r) => `${a1.replace(/\d+$/u, '')}${r.row}` === a1)!.values[where.spec.key];
          assert.equal(parsed, iso);
        });
      }
    }

    for (const bad of ['2026.9.31', '2026.13.1', '2026093', '202609301', '2026-09-30 25:00', '2026.9']) {
      it(`refuses ${JSON.stringify(bad)} with the accepted forms in the message`, () => {
        const wb = sample();
        const row = findRow(wb, '反食品浪费自查', () => true);
        const at = setField(wb, '反食品浪费自查', '自查日期', row, bad);
        // The self-check no longer counts, so its canteen gets a missing-row warning on 单位名录 too.
        const v = validateWorkbook(asRangeValues(wb));
        const mine = v.issues.filter((i) => i.sheet === '反食品浪费自查');
        assert.deepEqual(mine.map((i) => `${i.code} ${i.cell}`), [`format ${at}`]);
        assertIssue(mine[0], { severity: 'error', code: 'format', sheet: '反食品浪费自查', cell: at, field: '自查日期', value: bad }, [`“${bad}”`, '2026.7.15']);
      });
    }

    for (const [bad, suggestion] of [['26.9.30', '2026-09-30'], ['26/9/30', '2026-09-30'], ['26年9月30日', '2026-09-30'], ['26-9-30 10:00', '2026-09-30']]) {
      it(`a two-digit year ${JSON.stringify(bad)} is refused with “是否为 ${suggestion}？”`, () => {
        const wb = sample();
        const row = findRow(wb, '反食品浪费自查', () => true);
        const at = setField(wb, '反食品浪费自查', '自查日期', row, bad);
        const v = validateWorkbook(asRangeValues(wb));
        const mine = v.issues.filter((i) => i.sheet === '反食品浪费自查');
        assert.deepEqual(mine.map((i) => `${i.code} ${i.cell}`), [`format ${at}`]);
        assertIssue(mine[0], { severity: 'error', code: 'format', sheet: '反食品浪费自查', cell: at, field: '自查日期', value: bad }, [`是否为 ${suggestion}？`, '四位年份']);
      });
    }

    it('a day that does not exist is named (“2026 年 9 月没有 31 日”)', () => {
      const wb = sample();
      const row = findRow(wb, '反食品浪费自查', () => true);
      const at = setField(wb, '反食品浪费自查', '自查日期', row, '2026.9.31');
      const v = validateWorkbook(asRangeValues(wb));
      assert.match(v.issues.find((i) => i.cell === at)!.message, /2026 年 9 月没有 31 日/u);
    });
  });

  describe('years written with 年', () => {
    for (const form of ['2026年', '２０２６年', '2026 年', '2026年度']) {
      it(`报告年度 ${JSON.stringify(form)} is 2026`, () => {
        const wb = sample();
        setCell(wb, BASIC, `B${basicRow(wb, '报告年度')}`, form);
        const v = assertCleanRange(wb);
        assert.deepEqual(v.workbook.period, { year: 2026, quarter: 3 });
      });
    }

    it('投用年份 “2015年” is 2015', () => {
      const wb = sample();
      const row = dataRows(wb, '重点用能设备')[0]!;
      setField(wb, '重点用能设备', '投用年份', row, '2015年');
      const v = assertCleanRange(wb);
      assert.equal(v.workbook.tables.get('重点用能设备')!.records[0]!.values['commissionYear'], 2015);
    });

    const EQUIP = '重点用能设备';
    const commission = (v: ReturnType<typeof validateWorkbook>, row: number): unknown => v.workbook.tables.get(EQUIP)!.records.find((r) => r.row === row)!.values['commissionYear'];
    for (const [label, value, format] of [
      ['a date as text “2015-06-01”', '2015-06-01', undefined],
      ['a year and month “2015年6月”', '2015年6月', undefined],
      ['“2015.6” as text', '2015.6', undefined],
      ['a date-formatted serial (2015-06-01)', 42156, 'yyyy/m/d'],
      ['2015 typed into a date-formatted cell (shown 1905/7/7)', 2015, 'yyyy"年"m"月"d"日"'],
    ] as const) {
      it(`投用年份 given as ${label} is 2015`, () => {
        const wb = asRangeValues(sample());
        const row = dataRows(wb, EQUIP)[0]!;
        setField(wb, EQUIP, '投用年份', row, value);
        if (format) {
          const s = sheet(wb, EQUIP);
          const col = s.rows[0]!.indexOf('投用年份');
          s.numberFormats = s.rows.map((r, i) => r!.map((_, c) => (i === row - 1 && c === col ? format : 'General')));
        }
        const v = validateWorkbook(wb);
        assert.deepEqual(issueLines(v), []);
        assert.equal(commission(v, row), 2015);
      });
    }

    it('a date-formatted serial outside 投用年份 is not a year; “2015-13-01” in 投用年份 is refused', () => {
      const wb = asRangeValues(sample());
      const row = dataRows(wb, EQUIP)[0]!;
      const at = setField(wb, EQUIP, '投用年份', row, '2015-13-01');
      const v = validateWorkbook(wb);
      assert.deepEqual(v.issues.map((i) => `${i.code} ${i.cell}`), [`type ${at}`]);
    });

    it('“2026年” is not read as a number outside year fields (用能人数)', () => {
      const wb = sample();
      const at = setField(wb, INST, '用能人数', 2, '85年');
      const v = validateWorkbook(asRangeValues(wb));
      assert.deepEqual(v.issues.map((i) => `${i.code} ${i.cell}`), [`type ${at}`]);
    });

    it('“2026年3月” in 报告年度 is refused', () => {
      const wb = sample();
      const a1 = `B${basicRow(wb, '报告年度')}`;
      setCell(wb, BASIC, a1, '2026年3月');
      const v = validateWorkbook(asRangeValues(wb));
      assert.ok(v.issues.some((i) => i.sheet === BASIC && i.cell === a1 && i.code === 'type'), issueLines(v).join('\n'));
    });
  });

  describe('是/否 written as 有/无, √/×, ✓/✗, 对/错', () => {
    const yes = ['有', '√', '✓', '✔', '对'];
    const no = ['无', '没有', '×', '✗', '✘', '错'];
    for (const where of fieldsOfKind('boolean')) {
      it(`${where.sheet}「${where.spec.header}」reads ${[...yes, ...no].join(' ')}`, () => {
        let tried = 0;
        for (const form of [...yes, ...no]) {
          const want = yes.includes(form);
          const wb = sample();
          // Only where the sample already says the same, so that nothing else changes.
          const row = dataRows(wb, where.sheet).find((r) => getField(wb, where.sheet, where.spec.header, r) === (want ? '是' : '否'));
          if (row === undefined) continue;
          tried++;
          setField(wb, where.sheet, where.spec.header, row, form);
          const v = assertCleanRange(wb);
          const record = v.workbook.tables.get(where.sheet)!.records.find((r) => r.row === row)!;
          assert.equal(record.values[where.spec.key], want, `${form} in ${where.spec.header}`);
        }
        assert.ok(tried >= yes.length, `${tried} forms tried`);
      });
    }

    it('无 in 是否使用燃煤 is 否: no 燃煤整改计划 is asked for', () => {
      const wb = sample();
      const row = findRow(wb, INST, (get) => get('是否使用燃煤') === '否');
      setField(wb, INST, '是否使用燃煤', row, '无');
      setField(wb, INST, '燃煤整改计划', row, null);
      assertCleanRange(wb);
    });

    it('有 in 是否使用燃煤 is 是: the plan becomes required', () => {
      const wb = sample();
      const row = findRow(wb, INST, (get) => get('是否使用燃煤') === '否');
      const at = setField(wb, INST, '是否使用燃煤', row, '有');
      const v = validateWorkbook(asRangeValues(wb));
      assert.deepEqual(v.issues.map((i) => `${i.code} ${i.field}`), ['required 燃煤整改计划'], at);
    });

    for (const bad of ['有的', '无效', 'x', '?', '√×']) {
      it(`refuses ${JSON.stringify(bad)}`, () => {
        const wb = sample();
        const at = setField(wb, INST, '是否中心城区', 2, bad);
        const v = validateWorkbook(asRangeValues(wb));
        assert.deepEqual(v.issues.map((i) => `${i.code} ${i.cell}`), [`enum ${at}`]);
      });
    }
  });

  describe('choices one or two characters off get a suggestion, never a silent acceptance', () => {
    const near: [string, string, string, string][] = [
      [PV, '建设状态', '已建', '已建成'],
      [PV, '建设状态', '以建成', '已建成'],
      [PV, '建设状态', '不具备', '不具备条件'],
      [PV, '场所类型', '停车棚顶', '停车场棚顶'],
      [CARS, '能源类型', '纯电', '纯电动'],
      [CARS, '能源类型', '插电混动', '插电式混合动力'],
      [INST, '单位类型', '党政机关单位', '党政机关'],
      [INST, '单位类型', '事业单位', '其他事业单位'],
      [HOSTING, '项目状态', '已签', '已签约'],
      [HOSTING, '项目类型', '能源托管', '能源费用托管'],
    ];
    for (const [sheetName, header, typed, meant] of near) {
      it(`${sheetName}「${header}」“${typed}” is an error asking “是否为“${meant}”？”`, () => {
        const wb = sample();
        const row = dataRows(wb, sheetName)[0]!;
        const at = setField(wb, sheetName, header, row, typed);
        const v = validateWorkbook(asRangeValues(wb));
        const mine = v.issues.filter((i) => i.cell === at && i.sheet === sheetName);
        assert.equal(mine.length, 1, issueLines(v).join('\n'));
        assertIssue(mine[0], { severity: 'error', code: 'enum', sheet: sheetName, cell: at, field: header, value: typed }, [`是否为“${meant}”？`]);
        assert.equal(v.workbook.tables.get(sheetName)!.records.find((r) => r.row === row)!.values[keyOf(sheetName, header)], null, 'nothing is accepted');
      });
    }

    it('an ambiguous value names every candidate and picks none (“合同管理”)', () => {
      const wb = sample();
      const row = dataRows(wb, HOSTING)[0]!;
      const at = setField(wb, HOSTING, '项目类型', row, '合同管理');
      const v = validateWorkbook(asRangeValues(wb));
      const issue = v.issues.find((i) => i.cell === at && i.sheet === HOSTING)!;
      assert.equal(issue.code, 'enum');
      assert.match(issue.message, /是否为“合同节水管理”或“合同能源管理”？/u);
    });

    for (const far of ['abc', '建', '完成了', '电动车']) {
      it(`a value far from every choice (“${far}”) gets no guess`, () => {
        const wb = sample();
        const row = dataRows(wb, PV)[0]!;
        const at = setField(wb, PV, '建设状态', row, far);
        const v = validateWorkbook(asRangeValues(wb));
        const issue = v.issues.find((i) => i.cell === at && i.sheet === PV)!;
        assert.equal(issue.code, 'enum');
        assert.doesNotMatch(issue.message, /是否为/u);
      });
    }
  });

  describe('a totals row gets one message and is not counted', () => {
    /** Column sums of the numeric columns of a table sheet, as a county would type them. */
    function totals(wb: WorkbookInput, sheetName: string, label: string, labelHeader: string): Record<string, CellValue> {
      const s = sheet(wb, sheetName);
      const head = s.rows[0]!;
      const out: Record<string, CellValue> = {};
      head.forEach((h, c) => {
        if (typeof h !== 'string') return;
        let sum = 0;
        let numeric = false;
        for (const r of dataRows(wb, sheetName)) {
          const v = s.rows[r - 1]?.[c];
          if (typeof v === 'number') {
            sum += v;
            numeric = true;
          }
        }
        if (numeric) out[h] = sum;
      });
      out[labelHeader] = label;
      return out;
    }

    const labels: [string, string][] = [
      ['合计', '统一社会信用代码'],
      ['小计', '统一社会信用代码'],
      ['总计', '统一社会信用代码'],
      ['总合计', '统一社会信用代码'],
      ['合 计', '统一社会信用代码'],
      ['全县合计', '统一社会信用代码'],
      ['合计：', '统一社会信用代码'],
    ];
    for (const [label, where] of labels) {
      it(`能源资源消费: a “${label}” row at the bottom is one error saying to delete it, and indicators are unchanged`, () => {
        const clean = analyzeWorkbook(asRangeValues(sample()));
        const wb = sample();
        const row = appendRow(wb, CONS, totals(wb, CONS, label, where));
        const a = analyzeWorkbook(asRangeValues(wb));
        assert.deepEqual(issueLines(a).map((l) => l.split(' ').slice(0, 3).join(' ')), [`error format ${CONS}!${findCell(wb, CONS, where, row)}`]);
        assert.ok(a.issues[0]!.message.includes(`第 ${row} 行是合计行：请删除，合计由系统计算`), a.issues[0]!.message);
        assert.deepEqual(a.indicators, clean.indicators);
        assert.equal(a.workbook.tables.get(CONS)!.records.length, clean.workbook.tables.get(CONS)!.records.length);
      });
    }

    it('单位名录: “小计” in 单位名称 with the code cell blank, on a middle row', () => {
      const clean = analyzeWorkbook(asRangeValues(sample()));
      const wb = sample();
      const rows = sheet(wb, INST).rows;
      const t = totals(wb, INST, '小计', '单位名称');
      const head = rows[0]!;
      rows.splice(5, 0, head.map((h) => (typeof h === 'string' && h in t ? t[h]! : null)));
      // The rows below moved down by one: the other sheets refer by code, not by row, so nothing else changes.
      const a = analyzeWorkbook(asRangeValues(wb));
      assert.deepEqual(a.issues.map((i) => `${i.code} ${i.sheet}!${i.cell}`), [`format ${INST}!${findCell(wb, INST, '单位名称', 6)}`]);
      assert.match(a.issues[0]!.message, /第 6 行是合计行：请删除，合计由系统计算/u);
      assert.deepEqual(a.indicators, clean.indicators);
    });

    it('a 序号 column on the left holding “合计” counts too', () => {
      const wb = sample();
      const rows = sheet(wb, CONS).rows;
      rows.forEach((r, i) => r.unshift(i === 0 ? '序号' : i));
      const t = totals(wb, CONS, '合计', '序号');
      rows.push(rows[0]!.map((h) => (typeof h === 'string' && h in t ? t[h]! : null)));
      const v = validateWorkbook(asRangeValues(wb));
      assert.deepEqual(v.issues.map((i) => `${i.code} ${i.sheet}!${i.cell} ${i.field}`), [`format ${CONS}!A${rows.length} null`]);
    });

    it('names that merely contain 合计 or 总计 are not totals rows (托管项目 “县医院总计划托管项目”)', () => {
      const wb = sample();
      const row = dataRows(wb, HOSTING)[0]!;
      setField(wb, HOSTING, '项目名称', row, '县医院总计划托管项目');
      assertCleanRange(wb);
    });
  });
});

/**
 * Issue 8, item 3: an 异常说明 that explains nothing ("."、"无"、"/"、"见附件"、"同上"、"xxx"…) does
 * not clear an outlier warning; the warning stays and says why the note was not taken.
 */
import assert from 'node:assert/strict';
import { snapshotOf } from '../../../../shared/validation/history.js';
import { judgeExplanation } from '../../../../shared/validation/rules/explanation.js';
import type { WorkbookInput } from '../../../../shared/table/sheet.js';
import { assertIssue, dataRows, findCell, getField, sample, setField } from '../../helpers.js';
import { CODE, CONS, INST, institutionRow, num } from './shared.js';
import { PATHS, validate } from './hardening-shared.js';

const REFUSED = [
  '.', '无', '/', '-', '—', '见附件', '详见附件', '同上', 'xxx', 'XXX', '111', '123', 'N/A', '？？', '。。。', '……',
  '啊啊啊啊啊啊', '哈哈哈哈', '无无无无', '说明', '正常', '数据属实', '情况属实', '经核实，数据无误', '数据属实，无异常',
  '正常波动', '特殊情况', '工作需要', '新楼', '扩建', '  无  ',
  // Office boilerplate (review of issue 8): stock phrases in any combination, and stock phrases around a word or two.
  '数据真实可靠', '按实际填写', '以实际为准', '正常使用', '情况属实请审核', '已核实，数据可靠', '本单位数据真实准确',
  '情况属实，请领导审核', '数据准确无误，请查收', '经核对，运行正常', '符合实际情况', '如实填报，无异常', '按实填写，数据相符',
  // Second review: references to other papers, dates and numerals, English stock words and letters that are no words.
  '详见附件说明材料', '参见上表', '不需要说明', '2026年第三季度', '123四五六七', 'data is correct', 'Data verified OK', 'see attachment pls',
  'data is true', 'asdf qwer zxcv',
];
const ACCEPTED = [
  '新院区投用', '管网漏损，已修复', '本季度新建游泳馆投入使用', '设备故障', '夏季高温空调负荷增加', '正常供暖', 'new ward opened in August',
  '管网漏损维修', '冬季供暖提前', '新增机房空调', '统计口径调整', '新食堂投入使用', '经核实，新增机房空调',
  '十月新增机房', '三季度供暖提前', '一号楼改造', 'pool reopened after repairs',
];

/** A sample whose first 能源资源消费 row has water 31 t per person (one outlier warning). */
function withOutlier(): { wb: WorkbookInput; row: number; at: string } {
  const wb = sample();
  const row = dataRows(wb, CONS)[0]!;
  const staff = num(getField(wb, INST, '用能人数', institutionRow(wb, getField(wb, CONS, CODE, row))));
  const at = setField(wb, CONS, '用水量（t）', row, staff * 31);
  return { wb, row, at };
}

describe('hardening: 异常说明 must explain (issue 8 item 3)', () => {
  for (const [path, via] of PATHS) {
    describe(`via ${path}`, () => {
      for (const note of REFUSED) {
        it(`“${note}” leaves the outlier warning, saying why`, () => {
          const { wb, row, at } = withOutlier();
          setField(wb, CONS, '异常说明', row, note);
          const v = validate(via(wb));
          assert.deepEqual(v.explained, []);
          assert.equal(v.issues.length, 1, v.issues.map((i) => i.message).join('\n'));
          assertIssue(v.issues[0], { severity: 'warning', code: 'outlier', sheet: CONS, cell: at, field: '用水量（t）' }, [
            '人均用水 31 吨',
            `异常说明“${note.trim()}”过于简单`,
            '不能作为说明',
            '请写明',
          ]);
          assert.deepEqual(v.summary, { errors: 0, warnings: 1 });
        });
      }
      for (const note of ACCEPTED) {
        it(`“${note}” explains the outlier`, () => {
          const { wb, row, at } = withOutlier();
          setField(wb, CONS, '异常说明', row, note);
          const v = validate(via(wb));
          assert.deepEqual(v.issues, []);
          assert.deepEqual(v.explained.map((e) => [e.cell, e.explanation]), [[at, note]]);
        });
      }
    });
  }

  it('the message says which kind of non-explanation it was', () => {
    const cases: [string, string][] = [
      ['无', '占位或套话'],
      ['啊啊啊啊啊啊', '重复的字符'],
      ['新楼', '不足 4 个汉字'],
    ];
    for (const [note, why] of cases) {
      const { wb, row } = withOutlier();
      setField(wb, CONS, '异常说明', row, note);
      assert.ok(validate(wb).issues[0]!.message.includes(why), `${note}: ${why}`);
    }
  });

  it('a year-on-year warning is not explained by a placeholder either', () => {
    const wb = sample();
    const snap = snapshotOf(validate(wb).workbook)!;
    const history = { ...structuredClone(snap), period: '2025Q3' };
    const row = dataRows(wb, CONS)[1]!;
    const code = getField(wb, CONS, CODE, row) as string;
    history.institutions[code]!.electricity = num(getField(wb, CONS, '电力（kWh）', row)) / 3;
    setField(wb, CONS, '异常说明', row, '同上');
    const v = validate(wb, { history });
    assert.deepEqual(v.explained, []);
    assert.equal(v.issues.length, 1);
    assertIssue(v.issues[0], { severity: 'warning', code: 'outlier', sheet: CONS, cell: findCell(wb, CONS, '电力（kWh）', row), field: '电力（kWh）' }, [
      '上年同期',
      '异常说明“同上”过于简单',
    ]);
  });

  it('judgeExplanation: placeholders, repeats and short notes refused; real reasons accepted', () => {
    for (const note of REFUSED) assert.notEqual(judgeExplanation(note), null, note);
    for (const note of ACCEPTED) assert.equal(judgeExplanation(note), null, note);
  });
});

import assert from 'node:assert/strict';
import { clipText } from '../../../shared/table/sheet.js';
import { PV_STATUSES, ENERGY_TYPES, HOSTING_TYPES, INSTITUTION_TYPES } from '../../../shared/template/v1.js';
import { levenshtein, nearChoices } from '../../../shared/validation/near-choices.js';
import { textSimilarity } from '../../../shared/validation/rules/sheet-names.js';
import { totalsLabel } from '../../../shared/validation/totals-row.js';

describe('nearChoices: what a value off the list probably meant', () => {
  const cases: [string, readonly string[], string[]][] = [
    ['已建', PV_STATUSES, ['已建成']],
    ['以建成', PV_STATUSES, ['已建成']],
    ['已建成了', PV_STATUSES, ['已建成']],
    ['不具备', PV_STATUSES, ['不具备条件']],
    ['规 划 中', PV_STATUSES, ['规划']],
    ['纯电', ENERGY_TYPES, ['纯电动']],
    ['插电混动', ENERGY_TYPES, ['插电式混合动力']],
    ['能源托管', HOSTING_TYPES, ['能源费用托管']],
    ['合同管理', HOSTING_TYPES, ['合同节水管理', '合同能源管理']],
    ['其他单位', INSTITUTION_TYPES, ['其他事业单位']],
    ['医院类', INSTITUTION_TYPES, ['医院']],
    // Issue 8 review: two-character choices with the second character changed.
    ['新购', ['新增', '更新'], ['新增']],
    ['屋面', ['屋顶', '车棚', '地面'], ['屋顶']],
  ];
  for (const [typed, choices, want] of cases) it(`“${typed}” → ${want.join(' / ')}`, () => assert.deepEqual(nearChoices(typed, choices), want));

  for (const typed of ['建', 'abc', '完成了', '', '电动车很多年了', '在']) {
    it(`“${typed}” → nothing`, () => assert.deepEqual(nearChoices(typed, PV_STATUSES), []));
  }

  it('“已建” is not taken for 在建 (one of two characters changed is too far)', () => {
    assert.deepEqual(nearChoices('已建', ['在建']), []);
  });
});

describe('totalsLabel: a totals row among the data rows', () => {
  for (const label of ['汇总', '累计', '总数', 'Total', 'TOTAL', 'Sub Total', 'Grand total', '全县汇总：']) {
    it(`“${label}” (issue 8 review)`, () => assert.equal(totalsLabel(['', label, 3])?.index, 1));
  }

  for (const label of ['合计', '小计', '总计', '总合计', '共计', '合 计', '全县合计', '合计：', '合计(60家)', '  总 计 ']) {
    it(`“${label}” in the first cell`, () => assert.equal(totalsLabel([label, 1, 2])?.index, 0));
  }
  it('in the second or third filled cell (a 序号 or 单位名称 column first)', () => {
    assert.equal(totalsLabel([null, '', 13, '合计', 5])?.index, 3);
    assert.equal(totalsLabel([1, 'x', '小计'])?.index, 2);
  });
  it('not past the third filled cell, and not inside longer text', () => {
    assert.equal(totalsLabel([1, 2, 3, '合计']), undefined);
    assert.equal(totalsLabel(['12140525MB1C00012J', '县医院总计划托管项目', 5]), undefined);
    assert.equal(totalsLabel(['合计划', 1]), undefined);
  });
});

describe('clipText', () => {
  it('keeps short text and cuts long text with “…”', () => {
    assert.equal(clipText('abc', 3), 'abc');
    assert.equal(clipText('abcd', 3), 'abc…');
    assert.equal(clipText('𠀀𠀀𠀀𠀀', 3), '𠀀𠀀𠀀…');
    assert.equal(clipText('𠀀𠀀𠀀', 3), '𠀀𠀀𠀀');
  });
});

describe('levenshtein: one edit distance for choices and sheet names', () => {
  it('counts edits on code points', () => {
    assert.equal(levenshtein([...'以建成'], [...'已建成']), 1);
    assert.equal(levenshtein([...'光伏资料'], [...'光伏资源']), 1);
    assert.equal(levenshtein([], [...'表']), 1);
    assert.equal(levenshtein([...'𠀀a'], [...'a']), 1);
  });

  it('is the distance sheet names are compared by', () => {
    assert.equal(textSimilarity('光伏资料', '光伏资源'), 1 - levenshtein([...'光伏资料'], [...'光伏资源']) / 4);
  });
});

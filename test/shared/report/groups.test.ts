/** Issues grouped by sheet, column and kind: runs of rows joined, errors first, first-seen order kept. */
import assert from 'node:assert/strict';
import { groupIssues, groupKey, groupMessage } from '../../../shared/report/groups.js';
import { selectIssues } from '../../../shared/report/json.js';
import type { Issue } from '../../../shared/validation/issues.js';

function issue(sheet: string, column: string, row: number, code: Issue['code'] = 'required', severity: Issue['severity'] = 'error', detail = '「建筑面积（m²）」未填写。'): Issue {
  const cell = `${column}${row}`;
  return { severity, code, sheet, cell, row, column, field: '建筑面积（m²）', value: null, message: `${sheet} ${cell}${detail}` };
}

describe('shared/report/groups', () => {
  it('joins thirty blanks of one column into one group with its cell range', () => {
    const groups = groupIssues(Array.from({ length: 30 }, (_, i) => issue('单位名录', 'F', i + 2)));
    assert.equal(groups.length, 1);
    assert.deepEqual({ cells: groups[0]!.cells, count: groups[0]!.count, sameMessage: groups[0]!.sameMessage }, { cells: 'F2–F31', count: 30, sameMessage: true });
    assert.equal(groupMessage(groups[0]!), '共 30 处：「建筑面积（m²）」未填写。');
    assert.equal(groupMessage(groupIssues([issue('单位名录', 'F', 2)])[0]!), '「建筑面积（m²）」未填写。');
  });

  it('keeps columns, sheets and kinds apart, errors first, in the order they first appear', () => {
    const groups = groupIssues([
      issue('单位名录', 'F', 2),
      issue('单位名录', 'F', 3, 'outlier', 'warning'),
      issue('单位名录', 'E', 3, 'type'),
      issue('单位名录', 'F', 4),
      issue('能源资源消费', 'F', 2),
    ]);
    assert.deepEqual(
      groups.map((g) => `${g.severity} ${g.sheet} ${g.cells} ${g.code} ${g.count}`),
      ['error 单位名录 F2、F4 required 2', 'error 单位名录 E3 type 1', 'error 能源资源消费 F2 required 1', 'warning 单位名录 F3 outlier 1'],
    );
  });

  it('shows at most four runs, and says when messages differ', () => {
    const rows = [2, 3, 5, 7, 9, 11, 20, 21];
    const groups = groupIssues(rows.map((r) => issue('单位名录', 'A', r, 'checksum', 'error', `的值“${r}”校验位不符。`)));
    assert.equal(groups[0]!.cells, 'A2–A3、A5、A7、A9 等');
    assert.equal(groups[0]!.sameMessage, false);
    assert.equal(groupMessage(groups[0]!), '共 8 处：例如第一处，的值“2”校验位不符。');
  });

  it('groupKey is the one key of a group, used by the report selection too', () => {
    const issues = [issue('单位名录', 'F', 2), issue('单位名录', 'F', 3), issue('单位名录', 'G', 2), issue('单位名录', 'F', 4, 'outlier', 'warning')];
    const groups = groupIssues(issues);
    assert.equal(new Set(groups.map(groupKey)).size, groups.length);
    for (const i of issues) assert.equal(groups.filter((g) => groupKey(g) === groupKey(i)).length, 1);
    const selection = selectIssues(issues, 1);
    assert.deepEqual(selection.groups.map((g) => [groupKey(g.group), g.listed.length, g.hidden.length]), groups.map((g) => [groupKey(g), 1, g.count - 1]));
  });
});

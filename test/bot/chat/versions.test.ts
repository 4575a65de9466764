/**
 * Answers that agree with each other: which version counts, and what a late version means for its
 * county, are said the same way on 进度, 我的提交 and the receipt as 进度 and 排名 count them.
 */
import assert from 'node:assert/strict';
import type { ColumnSet, TextBlock } from '../../../bot/chat/cards/elements.js';
import { mySubmissionsCard, progressCard } from '../../../bot/chat/cards/progress.js';
import { timelinessNote } from '../../../bot/chat/format.js';
import { memoryStore } from '../../../bot/store/lowdb-store.js';
import type { Repository, SubmissionRecord, SubmissionStatus } from '../../../bot/store/types.js';
import { countedVersions, countyProgress, timelinessOf } from '../../../bot/submissions/progress.js';
import { CHINA_CALENDAR } from '../../../bot/calendar/chinese-days.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';
import { newSubmission } from '../helpers.js';

const DUE = submissionDue({ year: 2026, quarter: 3 }, CHINA_CALENDAR);

/** Stores one version of 泽州县 2026Q3 with the given status and lateness. */
async function version(repo: Repository, status: SubmissionStatus, late: boolean, day: string, county = '泽州县'): Promise<SubmissionRecord> {
  return repo.addSubmission(
    newSubmission({
      county,
      status,
      receivedAt: `${day}T02:00:00.000Z`,
      sha256: `${status}-${day}`.padEnd(64, '0'),
      sender: { kind: 'token', id: county, name: null },
      dueDate: DUE.date,
      late,
      summary: { errors: status === 'rejected' ? 2 : 0, warnings: 0 },
      issueCount: status === 'rejected' ? 2 : 0,
    }),
  );
}

function rowTexts(c: { body: unknown[] }): string[][] {
  return (c.body as ColumnSet[]).filter((e) => e.type === 'ColumnSet').map((r) => r.columns.map((col) => (col.items[0] as TextBlock).text));
}

function allText(c: { body: unknown[] }): string {
  return JSON.stringify(c.body);
}

describe('versions: which counts, and lateness', () => {
  it('a late version after an on-time accepted one says the county is still on time; a rejected one says nothing of lateness', async () => {
    const repo = memoryStore();
    const v1 = await version(repo, 'accepted', false, '2026-10-10');
    const v2 = await version(repo, 'rejected', true, '2026-10-20');
    const v3 = await version(repo, 'accepted-with-warnings', true, '2026-10-21');
    const all = (await repo.submissions({ county: '泽州县', period: '2026Q3' }));
    assert.deepEqual(timelinessOf(v1, all), { kind: 'on-time' });
    assert.deepEqual(timelinessOf(v2, all), { kind: 'not-counted' });
    assert.deepEqual(timelinessOf(v3, all), { kind: 'late-covered', onTimeVersion: 1 });
    assert.equal(timelinessNote(timelinessOf(v3, all)), '本版晚于截止日；本县已有按时受理的第 1 版，仍记为按时');
    assert.equal(timelinessNote(timelinessOf(v2, all)), null);
    assert.equal((await countyProgress(repo, '泽州县', '2026Q3')).state, 'on-time', 'and 进度 counts it the same way');
  });

  it('a late version with no on-time accepted one before it is late', async () => {
    const repo = memoryStore();
    await version(repo, 'rejected', false, '2026-10-10');
    const v2 = await version(repo, 'accepted', true, '2026-10-20');
    const all = (await repo.submissions({ county: '泽州县' }));
    assert.equal(timelinessNote(timelinessOf(v2, all)), '已逾期，记为迟报');
    assert.equal((await countyProgress(repo, '泽州县', '2026Q3')).state, 'late');
  });

  it('进度 shows the counted version and its state, and the latest attempt only when it differs', async () => {
    const repo = memoryStore();
    for (const [status, day] of [
      ['accepted', '2026-10-08'],
      ['rejected', '2026-10-09'],
      ['accepted', '2026-10-10'],
      ['rejected', '2026-10-11'],
      ['accepted', '2026-10-12'],
      ['rejected', '2026-10-13'],
      ['rejected', '2026-10-14'],
    ] as const)
      await version(repo, status, false, day);
    await version(repo, 'accepted', false, '2026-10-09', '城区');
    await version(repo, 'rejected', false, '2026-10-09', '阳城县');
    const rows = await Promise.all(['泽州县', '城区', '阳城县', '陵川县'].map((c) => countyProgress(repo, c, '2026Q3')));
    const table = rowTexts(progressCard('2026Q3', DUE, rows, 'city'));
    assert.deepEqual(table[0], ['县区', '状态', '计入的版本']);
    assert.match(table[1]![2]!, /^计入第 5 版（受理，10-12 10:00）；最近第 7 版未通过（10-14 10:00）$/u);
    assert.match(table[2]![2]!, /^计入第 1 版（受理，10-09 10:00）$/u, 'no "latest" when it is the counted one');
    assert.match(table[3]![2]!, /^无计入版本；最近第 1 版未通过/u);
    assert.equal(table[4]![2], '—');
  });

  it('我的提交 marks the counted version of each quarter, and says lateness as the receipt does', async () => {
    const repo = memoryStore();
    await version(repo, 'accepted', false, '2026-10-10');
    await version(repo, 'accepted', true, '2026-10-20');
    await version(repo, 'rejected', true, '2026-10-21');
    const records = (await repo.submissions({ county: '泽州县' }));
    assert.deepEqual([...countedVersions(records)].map((r) => r.version), [2]);
    const text = allText(mySubmissionsCard('泽州县', records));
    assert.match(text, /第 2 版（计入统计）/u);
    assert.doesNotMatch(text, /第 1 版（计入统计）|第 3 版（计入统计）/u);
    assert.match(text, /本县已有按时受理的第 1 版，仍记为按时/u);
    assert.doesNotMatch(text, /迟报|逾期/u, 'the county is on time: nothing says late');
  });
});

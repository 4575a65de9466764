/**
 * Publishing a quarter's notice from a real lowdb store in a temp dir: the first publication is
 * revision 0; a change only the attachment shows (an indicator printed nowhere in the text) or a
 * late county's newer version makes a numbered correction whose change list, stored text and
 * correction section say it; publishing again with nothing changed is refused as 无需更正.
 */
import assert from 'node:assert/strict';
import { JINCHENG } from '../../../shared/counties.js';
import { WEEKDAYS_ONLY } from '../../../shared/schedule/calendar.js';
import { DEFAULT_SCHEDULE_RULES } from '../../../shared/schedule/rules.js';
import { defaultNoticeSettings, publishNotice, type NoticeDeps, type PublishResult } from '../../../bot/notices/service.js';
import { openRepository } from '../../../bot/store/open.js';
import type { Repository } from '../../../bot/store/types.js';
import { newSubmission, tempDir } from '../helpers.js';

const Q3 = { year: 2026, quarter: 3 } as const;

function published(r: PublishResult): Extract<PublishResult, { ok: true }> {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r;
}

describe('notices/service publishNotice', () => {
  let repo: Repository;
  let cleanup: () => Promise<void>;
  let now: Date;
  let deps: NoticeDeps;

  beforeEach(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    now = new Date('2026-10-26T02:00:00Z');
    repo = await openRepository({ dataDir: t.dir }, 'notice service test', now);
    deps = { repo, calendar: WEEKDAYS_ONLY, rules: DEFAULT_SCHEDULE_RULES, region: JINCHENG, settings: defaultNoticeSettings(JINCHENG), now: () => now };
    await repo.addSubmission(newSubmission({ county: '泽州县', indicators: { 'energy.total_tce': 1234.5, 'vehicles.nev_share': 40 } }));
    await repo.addSubmission(newSubmission({ county: '高平市', late: true, receivedAt: '2026-10-17T02:00:00.000Z', indicators: {} }));
  });

  afterEach(async () => {
    await repo.close();
    await cleanup();
  });

  it('corrects an indicator only the attachment shows, then answers 无需更正', async () => {
    const first = published(await publishNotice(deps, Q3, 'u-li'));
    assert.equal(first.record.revision, 0);
    assert.deepEqual(first.changes, []);

    now = new Date('2026-10-28T02:00:00Z');
    const same = await publishNotice(deps, Q3, 'u-li');
    assert.equal(same.ok, false);
    assert.equal(!same.ok && same.reason, 'unchanged');
    assert.match(!same.ok ? same.message : '', /此后数据没有变化，无需更正/u);

    await repo.addSubmission(newSubmission({ county: '泽州县', receivedAt: '2026-10-27T02:00:00.000Z', late: true, indicators: { 'energy.total_tce': 1300, 'vehicles.nev_share': 80 } }));
    const second = published(await publishNotice(deps, Q3, 'u-li'));
    const line = '附件中泽州县的指标数据有更新：综合能耗由1,234.50 tce更正为1,300.00 tce；新增及更新公务用车新能源汽车占比由40.00%更正为80.00%。';
    assert.equal(second.record.revision, 1);
    assert.deepEqual(second.changes, [line]);
    assert.deepEqual(second.stored.notice.correction?.changes, [line]);
    assert.equal(second.stored.indicators['泽州县']?.['energy.total_tce'], 1300);
    assert.ok(second.record.text.includes(`1. ${line}`), second.record.text);
    assert.deepEqual((await repo.notices()).map((n) => n.revision), [0, 1]);

    now = new Date('2026-10-29T02:00:00Z');
    const again = await publishNotice(deps, Q3, 'u-li');
    assert.equal(!again.ok && again.reason, 'unchanged');
    assert.deepEqual((await repo.notices()).map((n) => n.revision), [0, 1]);
  });

  it('corrects a late county\'s arrival date when a newer version counts', async () => {
    published(await publishNotice(deps, Q3, 'u-li'));
    now = new Date('2026-11-20T06:00:00Z');
    await repo.addSubmission(newSubmission({ county: '高平市', late: true, receivedAt: '2026-11-20T02:00:00.000Z', indicators: {} }));
    const r = published(await publishNotice(deps, Q3, 'u-li'));
    assert.deepEqual(r.changes, ['高平市报送日期由10月17日更正为11月20日。']);
    assert.match(r.record.text, /高平市（11月20日报送）/u);
  });
});

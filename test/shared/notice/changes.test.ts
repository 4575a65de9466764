/**
 * A correction's change list against the last published revision: nothing when nothing shown
 * changed (whatever the data-read time, date, number and revision), and a line for every change
 * the text, card, .docx or .xlsx would show: a late county's arrival date, an indicator only the
 * attachment prints, a target value that still meets, city goals compared as printed, the scoring
 * parts, and any other printed difference.
 */
import assert from 'node:assert/strict';
import { noticeChanges, type NoticeContent } from '../../../shared/notice/content.js';
import { fixtureCounties, fixtureNotice, indicatorsByCounty, type FixtureCounty } from './fixture.js';

function changed(county: string, over: Partial<FixtureCounty> & { values?: Record<string, number | null> }): FixtureCounty[] {
  const { values, ...rest } = over;
  return fixtureCounties().map((c) => (c.county === county ? { ...c, ...rest, indicators: { ...c.indicators, ...values } } : c));
}

const LATER = { asOf: '2026-11-20T06:45:00.000Z', date: '2026-11-20', docNumber: '晋市机管通〔2026〕9号' };

describe('notice/changes', () => {
  it('is empty when nothing shown changed: not the data-read time, date, number or revision, nor digits past the second decimal', () => {
    const published = fixtureNotice();
    const pair = { previous: indicatorsByCounty(), next: indicatorsByCounty() };
    assert.deepEqual(noticeChanges(published, fixtureNotice(LATER), pair), []);
    const correction = fixtureNotice({ ...LATER, revision: 1, previous: published, previousIndicators: indicatorsByCounty() });
    assert.deepEqual(correction.correction?.changes, []);
    // 城区's total energy 1234.5678 → 1234.5699 still prints 1,234.57; 阳城县 arrives later the same day.
    const noise = changed('城区', { values: { 'energy.total_tce': 1234.5699 } }).map((c) => (c.county === '阳城县' ? { ...c, receivedAt: '2026-10-17T09:00:00.000Z' } : c));
    assert.deepEqual(noticeChanges(published, fixtureNotice(LATER, noise), { previous: indicatorsByCounty(), next: indicatorsByCounty(noise) }), []);
  });

  it('says a late county\'s arrival date moved, as the timeliness section prints it', () => {
    const published = fixtureNotice();
    const later = changed('阳城县', { receivedAt: '2026-11-20T02:00:00.000Z' });
    assert.deepEqual(noticeChanges(published, fixtureNotice(LATER, later)), ['阳城县报送日期由10月17日更正为11月20日。']);
    const c = fixtureNotice({ ...LATER, revision: 1, previous: published }, later);
    assert.deepEqual(c.correction?.changes, ['阳城县报送日期由10月17日更正为11月20日。']);
    assert.ok(c.sections.find((s) => s.id === 'timeliness')!.paragraphs.some((p) => p.includes('阳城县（11月20日报送）')));
    assert.ok(c.sections[0]!.paragraphs.includes('1. 阳城县报送日期由10月17日更正为11月20日。'));
  });

  it('lists indicators only the attachment shows, per county, when given both revisions\' indicators', () => {
    const published = fixtureNotice();
    const next = changed('城区', { values: { 'energy.total_tce': 1300 } });
    const pair = { previous: indicatorsByCounty(), next: indicatorsByCounty(next) };
    const line = '附件中城区的指标数据有更新：综合能耗由1,234.57 tce更正为1,300.00 tce。';
    assert.deepEqual(noticeChanges(published, fixtureNotice(LATER, next), pair), [line]);
    // draftNotice compares them when it has the published indicators, so the correction's text lists them.
    const c = fixtureNotice({ ...LATER, revision: 1, previous: published, previousIndicators: indicatorsByCounty() }, next);
    assert.deepEqual(c.correction?.changes, [line]);
    assert.ok(c.sections[0]!.paragraphs.includes(`1. ${line}`));
    // Many changes of one county make one line, cut after three.
    const many = changed('泽州县', { values: { 'energy.total_tce': 10, 'water.total_t': 20, 'carbon.total_t': 30, 'energy.per_capita_kgce': 40, 'hosting.projects': 1 } });
    const lines = noticeChanges(published, fixtureNotice(LATER, many), { previous: indicatorsByCounty(), next: indicatorsByCounty(many) });
    const zezhou = lines.filter((l) => l.startsWith('附件中泽州县'));
    assert.equal(zezhou.length, 1, lines.join('\n'));
    assert.match(zezhou[0]!, /^附件中泽州县的指标数据有更新：综合能耗由—更正为10\.00 tce；[^；]+；[^；]+等\d项。$/u);
  });

  it('says a target value changed although the county still meets it (the attachment prints it), without the stored indicators', () => {
    const published = fixtureNotice();
    // 泽州县's NEV share 40 → 80: 15 points either way, still met.
    const next = fixtureNotice(LATER, changed('泽州县', { values: { 'vehicles.nev_share': 80 } }));
    assert.deepEqual(noticeChanges(published, next), ['附件中泽州县的指标数据有更新：新增及更新公务用车新能源汽车占比由40.00%更正为80.00%。']);
    // With them, the same single line: a value is said once.
    const pair = { previous: indicatorsByCounty(), next: indicatorsByCounty(changed('泽州县', { values: { 'vehicles.nev_share': 80 } })) };
    assert.deepEqual(noticeChanges(published, next, pair), ['附件中泽州县的指标数据有更新：新增及更新公务用车新能源汽车占比由40.00%更正为80.00%。']);
  });

  it('compares city goals as printed, and says a changed total and completion', () => {
    const published = fixtureNotice();
    const withTotal = (c: NoticeContent, total: number): NoticeContent => ({ ...c, cityGoals: c.cityGoals.map((g) => (g.id === 'hosting.projects' ? { ...g, total } : g)) });
    assert.deepEqual(noticeChanges(withTotal(published, 0.1 + 0.2), withTotal(fixtureNotice(LATER), 0.3)), []);
    const next = changed('城区', { values: { 'hosting.projects': 1 } });
    const lines = noticeChanges(published, fixtureNotice(LATER, next), { previous: indicatorsByCounty(), next: indicatorsByCounty(next) });
    assert.ok(lines.includes('全市已报能源费用托管项目数由1个更正为2个，完成情况由“尚未完成”更正为“已完成”。'), lines.join('\n'));
    assert.ok(lines.includes('附件中城区的指标数据有更新：能源费用托管项目数由0个更正为1个。'), lines.join('\n'));
  });

  it('says a changed scoring part, and names a section whose printed text changed for any other reason', () => {
    const published = fixtureNotice();
    const next = fixtureNotice(LATER);
    const weights = { ...next, parts: next.parts.map((p) => (p.id === 'nev' ? { ...p, max: 20 } : p)) };
    assert.deepEqual(noticeChanges(published, weights), ['评分办法有调整：新能源汽车占比（15分）调整为新能源汽车占比（20分）。']);
    const sections = next.sections.map((s) => (s.id === 'requirements' ? { ...s, paragraphs: [...s.paragraphs, '（九）新增的要求。'] } : s));
    assert.deepEqual(noticeChanges(published, { ...next, sections }), ['“下季度工作要求”部分的内容有更新，以更正后的通报为准。']);
  });
});

/**
 * The notice's content for a known quarter (fixture.ts works out every point by hand): the order,
 * points, named counties, requirements, corrections and the text renderings.
 */
import assert from 'node:assert/strict';
import { draftNotice, noticeChanges, noticeMarkdown, noticeText, type NoticeContent } from '../../../shared/notice/content.js';
import { chineseOrdinal } from '../../../shared/notice/format.js';
import { MARKDOWN_LIMIT_BYTES, utf8Bytes } from '../../../shared/notice/text.js';
import { WEEKDAYS_ONLY } from '../../../shared/schedule/calendar.js';
import { submissionDue } from '../../../shared/schedule/deadlines.js';
import { EXPECTED_ORDER, EXPECTED_POINTS, EXPECTED_TOTALS, fixtureCounties, fixtureNotice, noticeInput, type FixtureCounty } from './fixture.js';

const near = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≈ ${expected}`);

function target(c: NoticeContent, id: string): NoticeContent['targets'][number] {
  const t = c.targets.find((x) => x.id === id);
  assert.ok(t, id);
  return t;
}

/** The fixture with one county's indicators changed. */
function changed(county: string, values: Record<string, number | null>): FixtureCounty[] {
  return fixtureCounties().map((c) => (c.county === county ? { ...c, indicators: { ...c.indicators, ...values } } : c));
}

describe('notice/content', () => {
  it('ranks exactly as domain.md §4 scores: order, totals and points by part', () => {
    const c = fixtureNotice();
    assert.deepEqual(
      c.rows.map((r) => r.county),
      EXPECTED_ORDER,
    );
    assert.deepEqual(
      c.rows.map((r) => r.rank),
      [1, 2, 3, 4, 5, 6],
    );
    c.rows.forEach((r, i) => near(r.total, EXPECTED_TOTALS[i]!, `${r.county} total`));
    for (const r of c.rows) {
      for (const [id, points] of Object.entries(EXPECTED_POINTS[r.county]!)) near(r.points[id as keyof typeof r.points]!, points, `${r.county} ${id}`);
    }
    assert.deepEqual(
      c.parts.map((p) => [p.id, p.max]),
      [
        ['timeliness', 10],
        ['quality', 10],
        ['nev', 15],
        ['charging', 15],
        ['fixtures', 10],
        ['metering', 10],
        ['food', 10],
        ['energy_yoy', 10],
        ['carbon_yoy', 10],
      ],
    );
    assert.equal(c.parts.find((p) => p.id === 'nev')?.label, '新能源汽车占比');
    assert.deepEqual(
      c.rows.map((r) => r.state),
      ['on-time', 'late', 'on-time', 'on-time', 'missing', 'rejected'],
    );
    assert.equal(c.rows[5]!.stateLabel, '未通过校验，视为未报送');
  });

  it('counts and names the late and missing counties, rejected-only counties among the missing', () => {
    const c = fixtureNotice();
    assert.deepEqual(c.overall, { counties: 6, submitted: 4, onTime: 3, late: 1, rejected: 1, missing: 2 });
    assert.deepEqual(c.late, ['阳城县']);
    assert.deepEqual(c.missing, ['高平市', '沁水县']);
    assert.deepEqual(c.rejected, ['沁水县']);
    const timeliness = c.sections.find((s) => s.id === 'timeliness')!.paragraphs.join('\n');
    assert.match(timeliness, /逾期报送的有1个：阳城县（10月17日报送）/u);
    assert.match(timeliness, /未报送的有2个：高平市、沁水县，其中沁水县报送的报表未通过校验，视为未报送/u);
  });

  it('names the counties that met, missed and could not be assessed for each target', () => {
    const c = fixtureNotice();
    assert.deepEqual(
      c.targets.map((t) => t.id),
      ['vehicles.nev_share', 'charging.compliance_rate', 'water.saving_fixture_rate', 'water.meter_l2_rate', 'water.meter_l3_rate', 'coal.units_without_plan', 'food.self_check_rate', 'data.completeness'],
    );
    const nev = target(c, 'vehicles.nev_share');
    assert.equal(nev.target, '≥ 35%');
    assert.deepEqual([nev.met, nev.missed, nev.noData], [['泽州县', '阳城县', '陵川县'], ['城区'], []]);
    const charging = target(c, 'charging.compliance_rate');
    assert.deepEqual([charging.met, charging.missed], [['泽州县', '阳城县'], ['陵川县', '城区']]);
    const l2 = target(c, 'water.meter_l2_rate');
    assert.deepEqual([l2.met, l2.missed, l2.noData], [['泽州县', '阳城县'], ['城区'], ['陵川县']]);
    const coal = target(c, 'coal.units_without_plan');
    assert.deepEqual([coal.met, coal.missed], [['泽州县', '陵川县', '城区'], ['阳城县']]);
    // Counties without an accepted submission are assessed for nothing.
    for (const t of c.targets) for (const county of ['高平市', '沁水县']) assert.ok(![...t.met, ...t.missed, ...t.noData].includes(county), `${t.id} ${county}`);

    const text = c.sections.find((s) => s.id === 'targets')!.paragraphs.join('\n');
    assert.match(text, /（一）新增及更新公务用车新能源汽车占比（目标不低于35%）：达标的有泽州县、阳城县、陵川县；未达标的有城区（28\.00%）。/u);
    assert.match(text, /陵川县无法计算（数据未填报）/u);
    assert.match(text, /高平市、沁水县未报送，未纳入指标统计/u);
    assert.match(text, /能源费用托管项目数1个（全年目标不少于2个，尚未完成）/u);
  });

  it('derives next quarter\'s requirements from the data, in the arrangement\'s words', () => {
    const nextDue = submissionDue({ year: 2026, quarter: 4 }, WEEKDAYS_ONLY);
    const c = fixtureNotice({ nextDue });
    const all = c.requirements.join('\n');
    assert.match(c.requirements[0]!, /^阳城县逾期报送，高平市、沁水县未报送。沁水县要按问题清单修改本季度报表后重新报送/u);
    assert.match(c.requirements[0]!, /于2027年1月15日前按时报送2026年第四季度报表/u);
    assert.match(all, /城区新增及更新公务用车新能源汽车占比低于35%，要持续提高新能源汽车在公务用车中的占比/u);
    assert.match(all, /陵川县、城区充电桩配建达标单位占比未达到100%，要加快推进新能源汽车充电基础设施建设/u);
    assert.match(all, /城区节水器具普及率低于95%/u);
    assert.match(all, /城区二级水计量器具配备率低于90%，要健全用水计量监测体系，二、三级计量要达90%以上/u);
    assert.match(all, /阳城县有仍在使用燃煤的单位未制定整改计划/u);
    assert.match(all, /城区反食品浪费季度自查完成率未达到100%，要严格落实机关食堂反食品浪费成效评估和通报制度，每季度开展一次自查评估/u);
    assert.match(all, /陵川县（二级水计量器具配备率、三级水计量器具配备率）因相关数据未填报无法计算/u);
    assert.match(all, /年底前全市要完成不少于2个能源费用托管项目，目前全市已报1个/u);
    assert.match(all, /争取全市完成1个合同节水项目，目前全市已报0个/u);
    assert.match(all, /碳排放统计台账/u);
    const section = c.sections.find((s) => s.id === 'requirements')!;
    assert.deepEqual(
      section.paragraphs.map((p) => /^（(.+?)）/u.exec(p)?.[1]),
      c.requirements.map((_, i) => chineseOrdinal(i + 1)),
    );
  });

  it('asks less of a quarter where every county met every target on time; a fourth quarter asks for the annual report', () => {
    const good = fixtureCounties()
      .filter((c) => c.county === '泽州县')
      .map((c) => ({ ...c, indicators: { ...c.indicators, 'hosting.projects': 2, 'water_contract.projects': 1 } }));
    const c = fixtureNotice({}, good);
    assert.equal(c.requirements[0], '各县（市、区）要继续保持按时报送，在截止日期前报送2026年第四季度报表。');
    assert.ok(!c.requirements.some((r) => /未达到|低于|托管/u.test(r)), c.requirements.join('\n'));
    assert.deepEqual(c.sections.find((s) => s.id === 'timeliness')!.paragraphs, ['各县（市、区）均按时报送。']);

    const q4 = fixtureNotice({ period: '2026Q4', due: submissionDue({ year: 2026, quarter: 4 }, WEEKDAYS_ONLY) });
    assert.equal(q4.periodLabel, '2026年第四季度');
    assert.ok(q4.requirements.some((r) => r.includes('2027年3月31日前报送2026年度公共机构能源资源消费统计年报')));
    // The year-end goals are results in a fourth quarter, not requirements.
    assert.ok(!q4.requirements.some((r) => r.includes('托管')));
  });

  it('numbers the sections as the document prints them, with title, addressee and attachment', () => {
    const c = fixtureNotice();
    assert.equal(c.title, '晋城市机关事务管理局关于2026年第三季度全市公共机构节约能源资源工作情况的通报');
    assert.equal(c.periodLabel, '2026年第三季度');
    assert.equal(c.dateText, '2026年10月23日');
    assert.deepEqual(
      c.sections.map((s) => `${s.number}、${s.heading}`),
      ['一、总体情况', '二、综合评分排名', '三、重点指标完成情况', '四、逾期和未报送情况', '五、下季度工作要求'],
    );
    assert.match(c.sections[0]!.paragraphs[0]!, /^截至2026年10月23日 09:30，全市6个县（市、区）中，4个报送了2026年第三季度/u);
    assert.match(c.sections[0]!.paragraphs[0]!, /其中按时报送3个、逾期报送1个；2个未报送（含报表未通过校验、视为未报送的1个）。本季度报送截止日期为2026年10月15日。/u);
    assert.match(c.sections[1]!.paragraphs.join(''), /排名前三位的是泽州县、阳城县、陵川县/u);
    assert.match(c.attachment, /含各县全部指标/u);
    assert.equal(c.correction, undefined);
    // Stored as JSON and read back unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(c)), c);
  });

  it('refuses inputs that describe different counties or disagree on a county', () => {
    const input = noticeInput();
    assert.throws(() => draftNotice({ ...input, ranked: input.ranked.slice(1) }), /不一致/u);
    assert.throws(() => draftNotice({ ...input, counties: input.counties.map((c) => (c.county === '阳城县' ? { ...c, state: 'on-time' as const } : c)) }), /阳城县 的报送情况与排名不一致/u);
    assert.throws(() => draftNotice({ ...input, revision: 1 }), /更正通报须提供上一次发布的通报/u);
    assert.throws(() => draftNotice({ ...input, period: '2026-3' }), /报告期/u);
    assert.throws(() => draftNotice({ ...input, asOf: 'yesterday' }), /数据读取时间格式不对/u);
    assert.throws(() => draftNotice({ ...input, date: '2026-02-30' }), /日期不存在/u);
  });

  it('says what changed between two revisions, and nothing when nothing did', () => {
    const before = fixtureNotice();
    assert.deepEqual(noticeChanges(before, fixtureNotice()), []);
    // 城区's charging compliance corrected from 80 to 100: 12 → 15 points, 81 → 84, ahead of 陵川县.
    const after = fixtureNotice({}, changed('城区', { 'charging.compliance_rate': 100 }));
    assert.deepEqual(
      after.rows.map((r) => r.county),
      ['泽州县', '阳城县', '城区', '陵川县', '高平市', '沁水县'],
    );
    assert.deepEqual(noticeChanges(before, after), [
      '城区名次由第4名更正为第3名，总分由81.00分更正为84.00分，充电桩配建达标得分由12.00分更正为15.00分。',
      '陵川县名次由第3名更正为第4名。',
      '充电桩配建达标单位占比：城区由“未达标”（80.00%）更正为“达标”（100.00%）。',
    ]);
    // A county that submits after all: its state, rank and targets change.
    const late = fixtureCounties().map((c) => (c.county === '高平市' ? { ...fixtureCounties()[0]!, county: '高平市', state: 'late' as const, receivedAt: '2026-10-20T01:00:00.000Z' } : c));
    const lines = noticeChanges(before, fixtureNotice({}, late));
    // 城区's values, late: 81 − 5 = 76, still fifth.
    assert.equal(lines[0], '高平市总分由0.00分更正为76.00分，报送情况由“未报送”更正为“逾期报送”。');
    assert.ok(lines.some((l) => l.startsWith('新增及更新公务用车新能源汽车占比：高平市由“未纳入统计”更正为“未达标”')), lines.join('\n'));
  });

  it('makes a numbered correction that names the notice it corrects and lists the changes first', () => {
    const published = fixtureNotice();
    const c = fixtureNotice({ revision: 1, previous: published, docNumber: '晋市机管通〔2026〕4号', date: '2026-10-26' }, changed('城区', { 'charging.compliance_rate': 100 }));
    assert.equal(c.title, '晋城市机关事务管理局关于2026年第三季度全市公共机构节约能源资源工作情况的更正通报');
    assert.deepEqual(c.correction, { number: 1, of: '晋市机管通〔2026〕3号', changes: noticeChanges(published, c) });
    assert.equal(c.correction.changes.length, 3);
    assert.deepEqual(
      c.sections.map((s) => `${s.number}、${s.heading}`),
      ['一、更正事项', '二、总体情况', '三、综合评分排名', '四、重点指标完成情况', '五、逾期和未报送情况', '六、下季度工作要求'],
    );
    assert.equal(c.sections[0]!.paragraphs[0], `2026年10月23日印发的《${published.title}》（晋市机管通〔2026〕3号）有关内容更正如下：`);
    assert.equal(c.sections[0]!.paragraphs[1], `1. ${c.correction.changes[0]}`);
    const second = fixtureNotice({ revision: 2, previous: c, docNumber: '晋市机管通〔2026〕5号' }, changed('城区', { 'charging.compliance_rate': 100 }));
    assert.match(second.title, /情况的第二次更正通报$/u);
    assert.deepEqual(second.correction?.changes, []);
    assert.match(second.sections[0]!.paragraphs.join(''), /经复核，排名、得分、报送情况和指标达标情况均无变化/u);
  });

  it('prints the whole notice as text, in the document\'s order', () => {
    const text = noticeText(fixtureNotice({ draft: true }));
    const lines = text.split('\n');
    assert.equal(lines[0], '【草稿（未发布，仅供审阅）】');
    assert.equal(lines[1], '晋市机管通〔2026〕3号');
    assert.equal(lines[2], '晋城市机关事务管理局关于2026年第三季度全市公共机构节约能源资源工作情况的通报');
    // Each of these lines comes after the one before it.
    let from = 3;
    for (const start of ['各县（市、区）机关事务管理部门：', '一、总体情况', '二、综合评分排名', '名次', '1     泽州县', '6     沁水县', '三、重点指标完成情况', '四、', '五、下季度工作要求', '附件：', '晋城市机关事务管理局', '2026年10月23日']) {
      const i = lines.findIndex((l, n) => n >= from && l.startsWith(start));
      assert.ok(i >= 0, `${start} after line ${from}`);
      from = i + 1;
    }
    assert.match(text, /1 {5}泽州县 {8}99\.00 {5}按时报送/u);
    assert.match(text, /报送及时性 10\.00；数据质量 9\.00；新能源汽车占比 15\.00/u);
  });

  it('gives group robots a compact markdown with the rank table as a numbered list, links and neutralised names', () => {
    const links = { docx: 'https://bot.example/n/1.docx', xlsx: 'https://bot.example/n/1.xlsx' };
    const { title, markdown } = noticeMarkdown(fixtureNotice(), links);
    assert.equal(title, '晋城市机关事务管理局关于2026年第三季度全市公共机构节约能源资源工作情况的通报');
    const rank = markdown.split('\n').filter((l) => /^\d+\. /u.test(l) && l.includes('分（'));
    assert.deepEqual(rank, ['1. 泽州县 99.00分（按时）', '2. 阳城县 85.00分（逾期）', '3. 陵川县 81.00分（按时）', '4. 城区 81.00分（按时）', '5. 高平市 0.00分（未报）', '6. 沁水县 0.00分（未通过）']);
    assert.match(markdown, /- 新增及更新公务用车新能源汽车占比（目标不低于35%）：城区/u);
    assert.match(markdown, /\*\*逾期报送\*\*：阳城县/u);
    assert.match(markdown, /\*\*未报送\*\*：高平市、沁水县（其中沁水县未通过校验，视为未报送）/u);
    assert.ok(markdown.includes(`[通报（Word）](${links.docx})`));
    assert.equal(noticeMarkdown(fixtureNotice({ draft: true })).title.startsWith('【草稿】'), true);

    const odd = fixtureCounties().map((c) => (c.county === '城区' ? { ...c, county: '[城区](http://evil)*' } : c));
    const md = noticeMarkdown(fixtureNotice({}, odd)).markdown;
    assert.ok(!md.includes('](http://evil)'), md);
    assert.ok(md.includes('［城区］(http://evil)＊'));
  });

  it('keeps a robot message for hundreds of counties under 企业微信\'s 4096 bytes, saying what was cut', () => {
    const many: FixtureCounty[] = Array.from({ length: 300 }, (_, i) => ({ ...fixtureCounties()[0]!, county: `第${i + 1}县` }));
    const { markdown } = noticeMarkdown(fixtureNotice({}, many));
    assert.ok(utf8Bytes(markdown) <= MARKDOWN_LIMIT_BYTES, `${utf8Bytes(markdown)} bytes`);
    assert.match(markdown, /……共300个，完整排名见附件/u);
    assert.equal(utf8Bytes('a中😀'), 1 + 3 + 4);
  });
});

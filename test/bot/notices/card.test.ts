/**
 * The notice card: the texts a supervisor and a group read, a draft that says it is one and how to
 * publish it, short labels for narrow screens, neutralised names and a bounded size.
 */
import assert from 'node:assert/strict';
import type { AdaptiveCard, ColumnSet, TextBlock } from '../../../bot/chat/cards/elements.js';
import { CARD_RANK_ROWS, CARD_REQUIREMENT_CHARS, noticeCard } from '../../../bot/chat/cards/notice.js';
import { fixtureCounties, fixtureNotice, type FixtureCounty } from '../../shared/notice/fixture.js';

type Node = Record<string, unknown>;
const ALLOWED_TYPES = new Set(['AdaptiveCard', 'TextBlock', 'FactSet', 'ColumnSet', 'Column', 'Container', 'Action.OpenUrl']);

/** Every object in a card (JSON.stringify visits them all, depth first). */
function nodes(value: unknown): Node[] {
  const out: Node[] = [];
  JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(v as Node);
    return v;
  });
  return out;
}

const texts = (c: AdaptiveCard): string[] => nodes(c.body).filter((n) => n['type'] === 'TextBlock').map((n) => (n as unknown as TextBlock).text);

/** Each table row's cell texts. */
function tableRows(c: AdaptiveCard): string[][] {
  return nodes(c.body)
    .filter((n) => n['type'] === 'ColumnSet')
    .map((n) => (n as unknown as ColumnSet).columns.map((col) => (col.items[0] as TextBlock).text));
}

describe('chat/cards/notice', () => {
  it('shows the title, number, overall line, compact rank table, targets, late and missing counties and requirements', () => {
    const c = fixtureNotice();
    const card = noticeCard(c, { draft: false });
    const all = texts(card);
    assert.equal(card.version, '1.4');
    for (const n of nodes(card)) if (typeof n['type'] === 'string') assert.ok(ALLOWED_TYPES.has(n['type']), n['type']);
    assert.ok(all.includes(c.title));
    assert.ok(all.includes('晋市机管通〔2026〕3号　2026年10月23日'));
    assert.ok(all.includes('6 个县区：按时 3，逾期 1，未报送 2（含未通过校验 1）。'));
    assert.deepEqual(tableRows(card), [
      ['名次', '县区', '总分', '报送'],
      ['1', '泽州县', '99.00', '按时'],
      ['2', '阳城县', '85.00', '逾期'],
      ['3', '陵川县', '81.00', '按时'],
      ['4', '城区', '81.00', '按时'],
      ['5', '高平市', '0.00', '未报'],
      ['6', '沁水县', '0.00', '未通过'],
    ]);
    assert.ok(all.includes('新增及更新公务用车新能源汽车占比（不低于35%）'));
    assert.ok(all.includes('达标 3；未达标：城区'));
    assert.ok(all.includes('达标 2；未达标：城区；无法计算：陵川县'));
    assert.ok(all.includes('达标 4'));
    assert.ok(all.includes('逾期：阳城县'));
    assert.ok(all.includes('未报送：高平市、沁水县（沁水县未通过校验，视为未报送）'));
    c.requirements.forEach((r, i) => assert.ok(all.includes(`${i + 1}. ${r}`), r));
    assert.ok(!all.some((t) => t.includes('草稿')));
    assert.equal(card.actions, undefined);
    assert.match(card.fallbackText, /^晋城市机关事务管理局关于.*：1\.泽州县 99\.00，2\.阳城县 85\.00/u);
  });

  it('says a draft is one, who sees it and how to publish it', () => {
    const card = noticeCard(fixtureNotice({ draft: true }), { draft: true });
    const banner = card.body[0]!;
    assert.equal(banner.type, 'Container');
    const words = texts({ ...card, body: [banner] }).join('\n');
    assert.match(words, /草稿：只有督导员能看到，尚未发布/u);
    assert.match(words, /发送「发布通报 2026Q3」/u);
    assert.match(card.fallbackText, /^【草稿】/u);
    // Drafted content is shown as a draft even when the caller forgets to say so.
    assert.match(texts(noticeCard(fixtureNotice({ draft: true }), { draft: false }))[0]!, /^草稿/u);
  });

  it('offers the two files as short buttons', () => {
    const links = { docx: 'https://bot.example/notices/2026Q3-r0.docx?sig=a', xlsx: 'https://bot.example/notices/2026Q3-r0.xlsx?sig=b' };
    const card = noticeCard(fixtureNotice(), { draft: false, links });
    assert.deepEqual(card.actions, [
      { type: 'Action.OpenUrl', title: 'Word 通报', url: links.docx },
      { type: 'Action.OpenUrl', title: 'Excel 明细', url: links.xlsx },
    ]);
  });

  it('lists a correction\'s changes at the top', () => {
    const previous = fixtureNotice();
    const counties = fixtureCounties().map((c) => (c.county === '城区' ? { ...c, indicators: { ...c.indicators, 'charging.compliance_rate': 100 } } : c));
    const c = fixtureNotice({ revision: 1, previous, docNumber: '晋市机管通〔2026〕4号' }, counties);
    const all = texts(noticeCard(c, { draft: false }));
    assert.ok(all.includes('第 1 次更正（更正 晋市机管通〔2026〕3号）'));
    assert.ok(all.includes(`1. ${c.correction!.changes[0]}`));
  });

  it('keeps labels short enough for a 320 px screen', () => {
    const card = noticeCard(fixtureNotice(), { draft: false, links: { docx: 'https://x/1', xlsx: 'https://x/2' } });
    for (const cell of tableRows(card)[0]!) assert.ok([...cell].length <= 2, cell);
    for (const a of card.actions ?? []) assert.ok([...a.title].length <= 8, a.title);
    // Cells of the rank table fit their columns: at most 6 characters outside the county column.
    for (const r of tableRows(card).slice(1)) for (const [i, cell] of r.entries()) if (i !== 1) assert.ok([...cell].length <= 6, cell);
  });

  it('neutralises markdown in names and stays small for hundreds of counties', () => {
    const odd = fixtureCounties().map((c) => (c.county === '城区' ? { ...c, county: '[城区](http://evil)' } : c));
    const json = JSON.stringify(noticeCard(fixtureNotice({}, odd), { draft: false }));
    assert.ok(!json.includes('](http://evil)'));
    assert.ok(json.includes('［城区］(http://evil)'));

    const many: FixtureCounty[] = Array.from({ length: 300 }, (_, i) => ({ ...fixtureCounties()[0]!, county: `第${i + 1}县` }));
    const card = noticeCard(fixtureNotice({}, many), { draft: false });
    assert.equal(tableRows(card).length, 1 + CARD_RANK_ROWS);
    assert.ok(texts(card).includes(`……只列前 ${CARD_RANK_ROWS} 名，共 300 个，完整排名见 Excel。`));
    assert.ok(texts(card).some((t) => /^未达标：(?:第\d+县、){11}第\d+县等 300 个$/u.test(t.split('；')[1] ?? '')));
    assert.ok(texts(card).includes('较长的要求已截断，全文见 Word 通报。'));
    assert.ok(texts(card).every((t) => !/^\d+\. /u.test(t) || [...t].length <= CARD_REQUIREMENT_CHARS + 6), 'requirements cut');
    // Teams refuses cards over about 28 KB.
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < 28_000, `${Buffer.byteLength(JSON.stringify(card))} bytes`);
  });
});

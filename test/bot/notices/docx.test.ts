/**
 * The notice as .docx, opened again with jszip and its XML read back: the GB/T 9704 layout (page,
 * margins, fonts and sizes, fixed line spacing, indents), the text in order, the rank table in rank
 * order, the signature, the page numbers, and the draft and correction variants.
 */
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { noticeDocx } from '../../../bot/notices/docx.js';
import type { NoticeContent } from '../../../shared/notice/content.js';
import { fixtureCounties, fixtureNotice } from '../../shared/notice/fixture.js';

interface Part {
  xml: string;
  text: string;
}

function decode(text: string): string {
  return text.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&');
}

/** The text of every <w:t> inside a piece of XML. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => decode(m[1]!)).join('');
}

/** Top-level paragraphs of the body (those inside tables are left to rowsOf). */
function bodyParagraphs(doc: string): Part[] {
  const body = doc.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/gu, '');
  return [...body.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p\s[^>]*>[\s\S]*?<\/w:p>/gu)].map((m) => ({ xml: m[0], text: textOf(m[0]) }));
}

function rowsOf(doc: string): string[][] {
  const table = /<w:tbl>[\s\S]*?<\/w:tbl>/u.exec(doc)?.[0] ?? '';
  return [...table.matchAll(/<w:tr(?:\s[^>]*)?>[\s\S]*?<\/w:tr>/gu)].map((row) => [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/gu)].map((cell) => textOf(cell[0])));
}

async function open(content: NoticeContent): Promise<{ doc: string; zip: JSZip; paragraphs: Part[] }> {
  const zip = await JSZip.loadAsync(await noticeDocx(content));
  const doc = await zip.file('word/document.xml')!.async('string');
  return { doc, zip, paragraphs: bodyParagraphs(doc) };
}

function find(paragraphs: readonly Part[], text: string): Part {
  const p = paragraphs.find((x) => x.text === text);
  assert.ok(p, `paragraph "${text}" among:\n${paragraphs.map((x) => x.text).join('\n')}`);
  return p;
}

const EAST_ASIA = (font: string): RegExp => new RegExp(`<w:rFonts [^>]*w:eastAsia="${font}"`, 'u');
const SIZE = (halfPoints: number): RegExp => new RegExp(`<w:sz w:val="${halfPoints}"/>`, 'u');

describe('notices/docx', () => {
  it('lays out A4 with GB/T 9704 margins and page numbers "— n —" outside on odd and even pages', async () => {
    const { doc, zip } = await open(fixtureNotice());
    assert.match(doc, /<w:pgSz w:w="11906" w:h="16838"/u);
    const margin = /<w:pgMar ([^>]*)\/>/u.exec(doc)?.[1] ?? '';
    const mm = (name: string): number => (Number(new RegExp(`w:${name}="(\\d+)"`, 'u').exec(margin)?.[1]) * 25.4) / 1440;
    for (const [side, expected] of [['top', 37], ['bottom', 35], ['left', 28], ['right', 26]] as const) assert.ok(Math.abs(mm(side) - expected) < 0.05, `${side} ${mm(side)} mm`);
    const settings = await zip.file('word/settings.xml')!.async('string');
    assert.match(settings, /<w:evenAndOddHeaders\/>/u);
    const footers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/u.test(n)).map((n) => zip.file(n)!.async('string')));
    assert.equal(footers.length, 2);
    for (const f of footers) {
      assert.match(f, /<w:instrText[^>]*>PAGE<\/w:instrText>/u);
      assert.equal(textOf(f).replace(/PAGE/u, ''), '—  —');
      assert.match(f, SIZE(28));
    }
    assert.deepEqual(footers.map((f) => /<w:jc w:val="(\w+)"\/>/u.exec(f)?.[1]).sort(), ['left', 'right']);
  });

  it('puts the document number under the issuer\'s mark and the title in 方正小标宋简体 二号, centred', async () => {
    const c = fixtureNotice();
    const { paragraphs } = await open(c);
    const texts = paragraphs.map((p) => p.text).filter((t) => t !== '');
    assert.deepEqual(texts.slice(0, 5), ['晋城市机关事务管理局文件', '晋市机管通〔2026〕3号', c.title, '各县（市、区）机关事务管理部门：', c.opening]);
    const mark = find(paragraphs, '晋城市机关事务管理局文件');
    assert.match(mark.xml, /<w:color w:val="FF0000"\/>/u);
    const number = find(paragraphs, '晋市机管通〔2026〕3号');
    assert.match(number.xml, /<w:jc w:val="center"\/>/u);
    assert.match(number.xml, /<w:bottom [^>]*w:color="FF0000"/u, 'the red rule under the document number');
    const title = find(paragraphs, c.title);
    assert.match(title.xml, /<w:jc w:val="center"\/>/u);
    assert.match(title.xml, EAST_ASIA('方正小标宋简体'));
    assert.match(title.xml, SIZE(44));
  });

  it('sets the body in 仿宋_GB2312 三号, two characters indented, 28 pt fixed lines, with 黑体 headings 一、二、…', async () => {
    const c = fixtureNotice();
    const { paragraphs } = await open(c);
    const opening = find(paragraphs, c.opening);
    assert.match(opening.xml, EAST_ASIA('仿宋_GB2312'));
    assert.match(opening.xml, SIZE(32));
    assert.match(opening.xml, /<w:ind w:firstLine="640" w:firstLineChars="200"\/>/u);
    assert.match(opening.xml, /<w:spacing w:line="560" w:lineRule="exact"\/>/u);
    const headings = paragraphs.filter((p) => /^[一二三四五六七八九十]+、/u.test(p.text));
    assert.deepEqual(
      headings.map((h) => h.text),
      ['一、总体情况', '二、综合评分排名', '三、重点指标完成情况', '四、逾期和未报送情况', '五、下季度工作要求'],
    );
    for (const h of headings) {
      assert.match(h.xml, EAST_ASIA('黑体'));
      assert.match(h.xml, SIZE(32));
    }
    // Every section paragraph is in the document, in order.
    const all = paragraphs.map((p) => p.text);
    let at = 0;
    for (const s of c.sections) {
      for (const text of [`${s.number}、${s.heading}`, ...s.paragraphs]) {
        const i = all.indexOf(text, at);
        assert.ok(i >= at, text);
        at = i + 1;
      }
    }
    // Met and missed counties per target are named in the body.
    assert.ok(all.includes(c.sections.find((s) => s.id === 'targets')!.paragraphs[1]!));
    assert.match(all.join('\n'), /未达标的有陵川县（80\.00%）、城区（80\.00%）/u);
  });

  it('has the rank table as a real table: header with points per part, rows in rank order', async () => {
    const { doc } = await open(fixtureNotice());
    const rows = rowsOf(doc);
    assert.deepEqual(rows[0], ['名次', '县（市、区）', '总分（100）', '及时（10）', '质量（10）', '新能源车（15）', '充电桩（15）', '节水器具（10）', '水计量（10）', '反浪费自查（10）', '能耗同比（10）', '碳排放同比（10）', '报送情况']);
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(0, 3)),
      [
        ['1', '泽州县', '99.00'],
        ['2', '阳城县', '85.00'],
        ['3', '陵川县', '81.00'],
        ['4', '城区', '81.00'],
        ['5', '高平市', '0.00'],
        ['6', '沁水县', '0.00'],
      ],
    );
    assert.deepEqual(rows[4], ['4', '城区', '81.00', '10.00', '10.00', '12.00', '12.00', '8.00', '9.00', '5.00', '10.00', '5.00', '按时报送']);
    assert.equal(rows[6]!.at(-1), '未通过校验，视为未报送');
    assert.match(doc, /<w:tblHeader\/>/u, 'the header row repeats on each page');
  });

  it('ends with the 附件 note, then the issuing office and the date (Arabic numerals) on the right', async () => {
    const c = fixtureNotice();
    const { paragraphs } = await open(c);
    const texts = paragraphs.map((p) => p.text).filter((t) => t !== '');
    assert.deepEqual(texts.slice(-3), [`附件：${c.attachment}`, '晋城市机关事务管理局', '2026年10月23日']);
    for (const t of ['晋城市机关事务管理局', '2026年10月23日']) assert.match(find(paragraphs, t).xml, /<w:jc w:val="right"\/>/u);
    assert.match(find(paragraphs, '2026年10月23日').xml, /<w:ind w:right="1280"\/>/u, 'four characters in from the right');
  });

  it('marks a draft on the first line and in every page header', async () => {
    const { paragraphs, zip } = await open(fixtureNotice({ draft: true }));
    assert.equal(paragraphs[0]!.text, '草稿（未发布，仅供审阅）');
    const headers = Object.keys(zip.files).filter((n) => /^word\/header\d+\.xml$/u.test(n));
    assert.ok(headers.length >= 1);
    for (const h of headers) assert.equal(textOf(await zip.file(h)!.async('string')), '草稿（未发布，仅供审阅）');
    const published = await open(fixtureNotice());
    assert.ok(!published.paragraphs.some((p) => p.text.includes('草稿')));
  });

  it('titles a correction "…的更正通报" and lists the changes in its first section', async () => {
    const previous = fixtureNotice();
    const counties = fixtureCounties().map((c) => (c.county === '城区' ? { ...c, indicators: { ...c.indicators, 'charging.compliance_rate': 100 } } : c));
    const c = fixtureNotice({ revision: 1, previous, docNumber: '晋市机管通〔2026〕4号' }, counties);
    const { paragraphs, doc } = await open(c);
    const texts = paragraphs.map((p) => p.text);
    assert.ok(texts.includes('晋城市机关事务管理局关于2026年第三季度全市公共机构节约能源资源工作情况的更正通报'));
    const i = texts.indexOf('一、更正事项');
    assert.ok(i > 0);
    assert.equal(texts[i + 2], '1. 城区名次由第4名更正为第3名，总分由81.00分更正为84.00分，充电桩配建达标得分由12.00分更正为15.00分。');
    assert.deepEqual(
      rowsOf(doc)
        .slice(1)
        .map((r) => r[1]),
      ['泽州县', '阳城县', '城区', '陵川县', '高平市', '沁水县'],
    );
  });

  it('writes text that looks like markup as text', async () => {
    const counties = fixtureCounties().map((c) => (c.county === '城区' ? { ...c, county: '<w:t>城区&</w:t>' } : c));
    const { doc } = await open(fixtureNotice({}, counties));
    assert.ok(rowsOf(doc).some((r) => r[1] === '<w:t>城区&</w:t>'));
  });
});

/**
 * A notice as a Word document in the layout of GB/T 9704-2012 (党政机关公文格式): A4, 版心
 * margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 发文机关标志 in red 小标宋 with the
 * 发文字号 centred under it and a red rule; the title in 方正小标宋简体 二号 (22 pt) centred; the body
 * in 仿宋_GB2312 三号 (16 pt), first lines indented two characters, fixed 28 pt line spacing; section
 * headings "一、" in 黑体; the rank table as a real table; the 附件 note; the issuing office and the
 * date (Arabic numerals, 7.3.5.3) on the right; page numbers "— 1 —" in 宋体 四号 outside (odd pages
 * right, even pages left, one character in).
 *
 * Fonts are named, not embedded: a .docx can carry only a font's name. Word and WPS substitute a
 * missing 方正小标宋简体 with 宋体 (SimSun), 仿宋_GB2312 with 仿宋 (FangSong), and 黑体 ships with
 * Windows; the names are written as w:eastAsia, which is what East Asian text uses. Latin text and
 * digits are in Times New Roman, as is usual in Chinese official documents.
 */
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import { displayWidth } from '../../shared/report/text.js';
import type { NoticeContent, NoticeSection } from '../../shared/notice/content.js';
import { formatPoints, NOTICE_PART_SHORT, rowPoints } from '../../shared/notice/format.js';
import { DRAFT_MARKER } from '../../shared/notice/text.js';

/** East Asian font names as Word knows them (see the substitution note above). */
export const FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体', pageNumber: '宋体' } as const;
const LATIN = 'Times New Roman';

/** Sizes in half-points, as w:sz stores them: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小五 9 pt. */
export const SIZES = { title: 44, body: 32, pageNumber: 28, table: 18 } as const;

const TWIPS_PER_POINT = 20;
/** One character of the body (三号) in twips: the unit of GB/T 9704's "空二字". */
const CHAR = (SIZES.body / 2) * TWIPS_PER_POINT;
const LINE = { line: 28 * TWIPS_PER_POINT, lineRule: LineRuleType.EXACT } as const;
const RED = 'FF0000';

const PAGE = { width: 11906, height: 16838 }; // A4 in twips
const MARGIN = { top: 37, bottom: 35, left: 28, right: 26 };
const TEXT_WIDTH = PAGE.width - convertMillimetersToTwip(MARGIN.left) - convertMillimetersToTwip(MARGIN.right);

function run(text: string, font: string, size: number, options: { color?: string; bold?: boolean } = {}): TextRun {
  return new TextRun({ text, font: { ascii: LATIN, hAnsi: LATIN, eastAsia: font, hint: 'eastAsia' }, size, language: { eastAsia: 'zh-CN' }, ...options });
}

function paragraph(children: TextRun[], options: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ spacing: LINE, ...options, children });
}

const body = (text: string, options: Omit<IParagraphOptions, 'children'> = {}): Paragraph =>
  paragraph([run(text, FONTS.body, SIZES.body)], { indent: { firstLine: 2 * CHAR, firstLineChars: 200 }, alignment: AlignmentType.JUSTIFIED, ...options });

const blank = (): Paragraph => paragraph([run('', FONTS.body, SIZES.body)]);

/** 发文机关标志 ("…文件") sized to fit one line of the 版心, at most 小初 (36 pt). */
function letterhead(c: NoticeContent): Paragraph[] {
  const mark = `${c.issuer}文件`;
  const points = Math.min(36, Math.floor(TEXT_WIDTH / TWIPS_PER_POINT / Math.max(1, displayWidth(mark) / 2)));
  return [
    paragraph([run(mark, FONTS.title, points * 2, { color: RED })], { alignment: AlignmentType.CENTER, spacing: { line: (points + 8) * TWIPS_PER_POINT, lineRule: LineRuleType.EXACT } }),
    blank(),
    paragraph([run(c.docNumber, FONTS.body, SIZES.body)], {
      alignment: AlignmentType.CENTER,
      // The red rule 4 mm under the 发文字号, as wide as the 版心.
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 11 } },
    }),
    blank(),
  ];
}

function title(c: NoticeContent): Paragraph[] {
  const t = paragraph([run(c.title, FONTS.title, SIZES.title)], { alignment: AlignmentType.CENTER, spacing: { line: 35 * TWIPS_PER_POINT, lineRule: LineRuleType.EXACT } });
  return [t, blank()];
}

/** A cell of one or more lines (a header's label and its full points). */
function tableCell(lines: readonly string[], width: number, header: boolean): TableCell {
  const font = header ? FONTS.heading : FONTS.body;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 30, right: 30, top: 20, bottom: 20 },
    children: lines.map((text) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, font, SIZES.table)] })),
  });
}

/** 名次 / 县（市、区） / 总分 / points per part (header shows full points) / 报送情况. */
export function rankTable(c: NoticeContent): Table {
  const fixed = [480, 1000, 700, 1150];
  const partWidth = Math.floor((TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0)) / Math.max(1, c.parts.length));
  const widths = [fixed[0]!, fixed[1]!, fixed[2]!, ...c.parts.map(() => partWidth), fixed[3]!];
  const line = (cells: readonly (string | string[])[], header: boolean): TableRow =>
    new TableRow({ tableHeader: header, cantSplit: true, children: cells.map((text, i) => tableCell(typeof text === 'string' ? [text] : text, widths[i]!, header)) });
  const header = ['名次', '县（市、区）', ['总分', `（${c.parts.reduce((s, p) => s + p.max, 0)}）`], ...c.parts.map((p) => [NOTICE_PART_SHORT[p.id], `（${p.max}）`]), '报送情况'];
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows: [line(header, true), ...c.rows.map((r) => line([String(r.rank), r.county, formatPoints(r.total), ...c.parts.map((p) => rowPoints(r, p)), r.stateLabel], false))],
  });
}

/** `last`: the body's last section, whose last paragraph stays on the page of the signature. */
function section(c: NoticeContent, s: NoticeSection, last: boolean): (Paragraph | Table)[] {
  const heading = paragraph([run(`${s.number}、${s.heading}`, FONTS.heading, SIZES.body)], { indent: { firstLine: 2 * CHAR, firstLineChars: 200 }, keepNext: true });
  const out: (Paragraph | Table)[] = [heading, ...s.paragraphs.map((p, i) => body(p, { keepNext: last && i === s.paragraphs.length - 1 }))];
  if (s.id === 'ranking') out.push(rankTable(c), blank());
  return out;
}

/** 附件说明 and the signature: office centred over the date, the date four characters from the right. */
function closing(c: NoticeContent): Paragraph[] {
  const dateChars = displayWidth(c.dateText) / 2;
  const issuerChars = displayWidth(c.issuer) / 2;
  const issuerRight = Math.max(0, 4 + (dateChars - issuerChars) / 2);
  // keepNext: the 附件 note and the signature never end up on a page of their own (7.3.5.4).
  const kept = (): Paragraph => paragraph([run('', FONTS.body, SIZES.body)], { keepNext: true });
  return [
    kept(),
    // "附件：" two characters in; its second line aligned with the name after the colon (7.3.5.1).
    paragraph([run(`附件：${c.attachment}`, FONTS.body, SIZES.body)], { indent: { left: 5 * CHAR, hanging: 3 * CHAR }, keepNext: true }),
    kept(),
    kept(),
    paragraph([run(c.issuer, FONTS.body, SIZES.body)], { alignment: AlignmentType.RIGHT, indent: { right: Math.round(issuerRight * CHAR) }, keepNext: true }),
    paragraph([run(c.dateText, FONTS.body, SIZES.body)], { alignment: AlignmentType.RIGHT, indent: { right: 4 * CHAR } }),
  ];
}

/** "— 1 —" in 宋体 四号, one character in from the outer edge. */
function pageNumber(alignment: (typeof AlignmentType)['LEFT' | 'RIGHT']): Footer {
  const font = { ascii: FONTS.pageNumber, hAnsi: FONTS.pageNumber, eastAsia: FONTS.pageNumber };
  const indent = alignment === AlignmentType.RIGHT ? { right: CHAR } : { left: CHAR };
  return new Footer({
    children: [new Paragraph({ alignment, indent, children: [new TextRun({ font, size: SIZES.pageNumber, children: ['— ', PageNumber.CURRENT, ' —'] })] })],
  });
}

function draftHeader(): Header {
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(DRAFT_MARKER, FONTS.heading, 24, { color: RED })] })] });
}

export async function noticeDocx(c: NoticeContent): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  if (c.draft) children.push(paragraph([run(DRAFT_MARKER, FONTS.heading, SIZES.body, { color: RED })]));
  children.push(...letterhead(c), ...title(c));
  children.push(paragraph([run(c.addressee, FONTS.body, SIZES.body)]), body(c.opening));
  c.sections.forEach((s, i) => children.push(...section(c, s, i === c.sections.length - 1)));
  children.push(...closing(c));

  const header = c.draft ? draftHeader() : undefined;
  const doc = new Document({
    creator: '节能通 jieneng',
    title: c.title,
    description: `${c.docNumber}${c.draft ? `（${DRAFT_MARKER}）` : ''}`,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: { ascii: LATIN, hAnsi: LATIN, eastAsia: FONTS.body }, size: SIZES.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: PAGE,
            margin: {
              top: convertMillimetersToTwip(MARGIN.top),
              bottom: convertMillimetersToTwip(MARGIN.bottom),
              left: convertMillimetersToTwip(MARGIN.left),
              right: convertMillimetersToTwip(MARGIN.right),
              // Page numbers sit about 7 mm under the 版心.
              footer: convertMillimetersToTwip(MARGIN.bottom - 12),
              header: convertMillimetersToTwip(15),
            },
          },
        },
        ...(header ? { headers: { default: header, even: draftHeader() } } : {}),
        footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

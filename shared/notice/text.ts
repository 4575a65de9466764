/**
 * Two text renderings of a notice: the whole document as plain text (stored with the published
 * record and written to logs), and a compact markdown message for 企业微信 / 钉钉 group robots,
 * whose markdown messages are limited to 4096 bytes of UTF-8.
 */
import { displayWidth, padEnd } from '../report/text.js';
import { formatPoints, NOTICE_STATE_SHORT, rowPoints, targetPhrase } from './format.js';
import { names } from './requirements.js';
import type { NoticeContent, NoticeRankRow } from './types.js';

export const DRAFT_MARKER = '草稿（未发布，仅供审阅）';

function rankTableText(c: NoticeContent): string[] {
  const countyWidth = Math.max(displayWidth('县（市、区）'), ...c.rows.map((r) => displayWidth(r.county)));
  const widths = [6, countyWidth + 2, 10];
  const line = (cells: readonly string[]): string => cells.map((cell, i) => padEnd(cell, widths[i] ?? 0)).join('').trimEnd();
  const out = [line(['名次', '县（市、区）', '总分', '报送情况'])];
  for (const r of c.rows) {
    out.push(line([String(r.rank), r.county, formatPoints(r.total), r.stateLabel]));
    out.push(`      ${c.parts.map((p) => `${p.label} ${rowPoints(r, p)}`).join('；')}`);
  }
  return out;
}

/** The whole notice as plain text, in the document's order. */
export function noticeText(c: NoticeContent): string {
  const lines: string[] = [];
  if (c.draft) lines.push(`【${DRAFT_MARKER}】`);
  lines.push(c.docNumber, c.title, '', c.addressee, `　　${c.opening}`);
  for (const s of c.sections) {
    lines.push(`${s.number}、${s.heading}`, ...s.paragraphs.map((p) => `　　${p}`));
    if (s.id === 'ranking') lines.push(...rankTableText(c));
  }
  lines.push('', `附件：${c.attachment}`, '', c.issuer, c.dateText);
  return `${lines.join('\n')}\n`;
}

const MARKDOWN_LOOKALIKES: Record<string, string> = { '[': '［', ']': '］', '*': '＊', '_': '＿', '`': '｀', '<': '＜', '>': '＞', '#': '＃', '|': '｜', '\\': '＼', '~': '～' };

/** County names and the issuer come from configuration: they must not make links or emphasis. */
function md(text: string): string {
  return text.replace(/[[\]*_`<>#|\\~]/gu, (ch) => MARKDOWN_LOOKALIKES[ch] ?? ch).replace(/\r?\n/gu, ' ');
}

/** UTF-8 length without Node or DOM (shared/ has neither). */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** 企业微信's limit for a markdown message (钉钉 allows more). */
export const MARKDOWN_LIMIT_BYTES = 4096;

const rankItem = (r: NoticeRankRow): string => `${r.rank}. ${md(r.county)} ${formatPoints(r.total)}分（${NOTICE_STATE_SHORT[r.state]}）`;

/** How much of the long lists a message shows (Infinity: all). */
interface Shown {
  rank: number;
  requirements: number;
  names: number;
}

/** "城区、沁水县" or, cut, "城区、沁水县等 12 个". */
function nameList(list: readonly string[], shown: number): string {
  return list.length <= shown ? md(names(list)) : `${md(names(list.slice(0, shown)))}等${list.length}个`;
}

function markdownOf(c: NoticeContent, shown: Shown, links?: { docx: string; xlsx: string }): string {
  const o = c.overall;
  const blocks: string[] = [`### ${md(c.title)}`, `${md(c.docNumber)}　${c.dateText}`];
  if (c.draft) blocks.push(`> **${DRAFT_MARKER}**`);
  if (c.correction) {
    const changes = c.correction.changes.slice(0, shown.names).map((l) => `- ${md(l)}`);
    if (c.correction.changes.length > changes.length) changes.push(`- ……共${c.correction.changes.length}项，见通报全文`);
    blocks.push(`**更正事项**\n${changes.length > 0 ? changes.join('\n') : '- 无变化'}`);
  }
  blocks.push(`**总体情况**：${o.counties}个县（市、区），已报送${o.submitted}个（按时${o.onTime}、逾期${o.late}），未报送${o.missing}个${o.rejected > 0 ? `（含未通过校验${o.rejected}个）` : ''}。`);
  const rank = c.rows.slice(0, shown.rank).map(rankItem);
  if (shown.rank < c.rows.length) rank.push(`……共${c.rows.length}个，完整排名见附件`);
  blocks.push(`**排名**\n${rank.join('\n')}`);
  const missed = c.targets.filter((t) => t.missed.length > 0).map((t) => `- ${md(t.name)}（目标${targetPhrase(t)}）：${nameList(t.missed, shown.names)}`);
  if (missed.length > 0) blocks.push(`**未达标**\n${missed.join('\n')}`);
  if (c.late.length > 0) blocks.push(`**逾期报送**：${nameList(c.late, shown.names)}`);
  if (c.missing.length > 0) {
    const rejected = c.rejected.length > 0 ? `（其中${nameList(c.rejected, shown.names)}未通过校验，视为未报送）` : '';
    blocks.push(`**未报送**：${nameList(c.missing, shown.names)}${rejected}`);
  }
  const reqs = c.requirements.slice(0, shown.requirements).map((r, i) => `${i + 1}. ${md(r)}`);
  if (shown.requirements < c.requirements.length) reqs.push('……其余见通报全文');
  blocks.push(`**下季度工作要求**\n${reqs.join('\n')}`);
  if (links) blocks.push(`[通报（Word）](${links.docx})　[排名及指标（Excel）](${links.xlsx})`);
  blocks.push(`${md(c.issuer)}　${c.dateText}`);
  return blocks.join('\n\n');
}

/**
 * Compact markdown for group robots: the rank table as a numbered list. When the whole message
 * would pass 企业微信's limit, the requirements, the lists of names and then the rank list are cut,
 * each saying so; the files carry everything.
 */
export function noticeMarkdown(c: NoticeContent, links?: { docx: string; xlsx: string }): { title: string; markdown: string } {
  const title = `${c.draft ? '【草稿】' : ''}${c.title}`;
  const shown: Shown = { rank: c.rows.length, requirements: c.requirements.length, names: Infinity };
  let markdown = markdownOf(c, shown, links);
  while (utf8Bytes(markdown) > MARKDOWN_LIMIT_BYTES) {
    if (shown.requirements > 1) shown.requirements--;
    else if (shown.names > 5) shown.names = shown.names === Infinity ? 10 : 5;
    else if (shown.rank > 10) shown.rank = Math.max(10, Math.floor(shown.rank / 2));
    else break;
    markdown = markdownOf(c, shown, links);
  }
  return { title, markdown };
}

/**
 * The notice (通报) as a card: title and number, the overall line, a compact rank table, the
 * targets in short lines, late and missing counties by name, next quarter's requirements and the
 * two files. Labels stay short for a 320 px wide chat; long lists are cut, saying so (the files
 * carry everything). A draft says plainly that only supervisors see it and how to publish it.
 */
import type { NoticeContent, NoticeTarget } from '../../../shared/notice/content.js';
import { formatPoints, NOTICE_STATE_SHORT, targetPhrase } from '../../../shared/notice/format.js';
import { card, command, container, openUrl, plain, row, text, title, type AdaptiveCard, type CardElement, type CardAction, type TextBlock } from './elements.js';

/** Rank rows shown; a city has a handful of counties, a province-sized deployment more. */
export const CARD_RANK_ROWS = 20;
/** Characters of one requirement shown; a requirement naming hundreds of counties is cut. */
export const CARD_REQUIREMENT_CHARS = 160;
/** Names shown in one line before "等 N 个". */
const CARD_NAMES = 12;
const CARD_CHANGES = 10;

const STATE_COLOR = { 'on-time': 'Good', late: 'Warning', rejected: 'Attention', missing: 'Attention' } as const;

function nameList(list: readonly string[]): string {
  const shown = list.slice(0, CARD_NAMES).map(plain).join('、');
  return list.length > CARD_NAMES ? `${shown}等 ${list.length} 个` : shown;
}

const small = (value: string, options: Parameters<typeof text>[1] = {}): TextBlock => text(value, { size: 'Small', spacing: 'None', ...options });

function draftBanner(c: NoticeContent): CardElement {
  return container(
    [
      text('草稿：只有督导员能看到，尚未发布', { weight: 'Bolder', color: 'Warning' }),
      small(`核对无误后发送「发布通报 ${c.period}」，通报将发到通报群和已配置的群机器人，发布后不再改动；再次发布即为更正通报。`),
    ],
    'warning',
  );
}

function correctionBlock(c: NoticeContent): CardElement[] {
  if (!c.correction) return [];
  const { changes, number, of } = c.correction;
  const lines = changes.length === 0 ? ['与上次发布相比无变化。'] : changes.slice(0, CARD_CHANGES).map((l, i) => `${i + 1}. ${plain(l)}`);
  if (changes.length > CARD_CHANGES) lines.push(`……共 ${changes.length} 项，见 Word 通报`);
  return [container([text(`第 ${number} 次更正（更正 ${plain(of)}）`, { weight: 'Bolder', color: 'Attention' }), ...lines.map((l) => small(l))], 'attention')];
}

function rankTable(c: NoticeContent): CardElement[] {
  const widths = [2, 5, 4, 3];
  const out: CardElement[] = [row(['名次', '县区', '总分', '报送'], widths, { header: true, separator: true })];
  for (const r of c.rows.slice(0, CARD_RANK_ROWS)) {
    out.push(row([String(r.rank), plain(r.county), formatPoints(r.total), small(NOTICE_STATE_SHORT[r.state], { color: STATE_COLOR[r.state] })], widths));
  }
  if (c.rows.length > CARD_RANK_ROWS) out.push(small(`……只列前 ${CARD_RANK_ROWS} 名，共 ${c.rows.length} 个，完整排名见 Excel。`, { isSubtle: true }));
  return out;
}

function targetLine(t: NoticeTarget): CardElement[] {
  const said = [`达标 ${t.met.length}`];
  if (t.missed.length > 0) said.push(`未达标：${nameList(t.missed)}`);
  if (t.noData.length > 0) said.push(`无法计算：${nameList(t.noData)}`);
  return [small(`${t.name}（${targetPhrase(t)}）`, { weight: 'Bolder', spacing: 'Small' }), small(said.join('；'), { color: t.missed.length > 0 ? 'Attention' : 'Good' })];
}

function timeliness(c: NoticeContent): CardElement[] {
  if (c.late.length === 0 && c.missing.length === 0) return [small('各县区均按时报送。', { color: 'Good' })];
  const out: CardElement[] = [];
  if (c.late.length > 0) out.push(small(`逾期：${nameList(c.late)}`, { color: 'Warning' }));
  if (c.missing.length > 0) {
    const rejected = c.rejected.length > 0 ? `（${nameList(c.rejected)}未通过校验，视为未报送）` : '';
    out.push(small(`未报送：${nameList(c.missing)}${rejected}`, { color: 'Attention' }));
  }
  return out;
}

function requirements(c: NoticeContent): CardElement[] {
  const clipped = c.requirements.some((r) => [...r].length > CARD_REQUIREMENT_CHARS);
  const lines = c.requirements.map((r, i) => {
    const chars = [...r];
    const shown = chars.length > CARD_REQUIREMENT_CHARS ? `${chars.slice(0, CARD_REQUIREMENT_CHARS).join('')}……` : r;
    return small(`${i + 1}. ${plain(shown)}`, { spacing: 'Small' });
  });
  return clipped ? [...lines, small('较长的要求已截断，全文见 Word 通报。', { isSubtle: true })] : lines;
}

const heading = (value: string): CardElement => text(value, { weight: 'Bolder', separator: true, spacing: 'Medium' });

export function noticeCard(c: NoticeContent, opts: { draft: boolean; links?: { docx: string; xlsx: string }; publish?: string }): AdaptiveCard {
  const o = c.overall;
  // A drafted content is never shown as published, whatever the caller says.
  const draft = opts.draft || c.draft;
  const body: CardElement[] = [];
  if (draft) body.push(draftBanner(c));
  body.push(title(plain(c.title)), small(`${plain(c.docNumber)}　${c.dateText}`, { isSubtle: true }), ...correctionBlock(c));
  body.push(text(`${o.counties} 个县区：按时 ${o.onTime}，逾期 ${o.late}，未报送 ${o.missing}${o.rejected > 0 ? `（含未通过校验 ${o.rejected}）` : ''}。`));
  body.push(heading('排名'), ...rankTable(c));
  body.push(heading('指标达标'), ...c.targets.flatMap(targetLine));
  body.push(heading('逾期和未报送'), ...timeliness(c));
  body.push(heading('下季度要求'), ...requirements(c));
  const actions: CardAction[] = opts.links ? [openUrl('Word 通报', opts.links.docx), openUrl('Excel 明细', opts.links.xlsx)] : [];
  // A draft's publish button: the supervisor has read the draft it publishes.
  if (opts.publish) actions.push(command('确认发布', opts.publish));
  if (opts.links) body.push(small('Word 为正式通报，Excel 含各县全部指标。', { isSubtle: true, spacing: 'Small' }));
  const top = c.rows
    .slice(0, 10)
    .map((r) => `${r.rank}.${plain(r.county)} ${formatPoints(r.total)}`)
    .join('，');
  const fallback = `${draft ? '【草稿】' : ''}${plain(c.title)}：${top}${c.rows.length > 10 ? '……' : ''}`;
  return card(body, fallback, actions);
}

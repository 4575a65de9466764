/**
 * What gets a county started from the chat: the welcome, the template (模板), the Excel add-in's
 * steps (加载项) and the add-in's token (令牌). Called by handle.ts, which knows who is asking.
 */
import { findCounty } from '../../shared/counties.js';
import { lastEndedQuarter } from '../../shared/period.js';
import { issueToken } from '../access/access.js';
import type { Member } from '../store/types.js';
import { addinCard, tokenCard, type ManifestState } from './cards/addin.js';
import { templateCard } from './cards/template.js';
import { welcomeCard } from './cards/welcome.js';
import type { ChatServices, IncomingMessage, Reply } from './types.js';

/** A group chat or a Teams channel, where others read along (and the bot answers only when @mentioned). */
export const inGroup = (msg: IncomingMessage): boolean => msg.conversation !== undefined && msg.conversation.type !== 'personal';

export function welcome(msg: IncomingMessage, member: Member | undefined): Reply[] {
  return [{ kind: 'card', card: welcomeCard({ group: inGroup(msg), member }) }];
}

export function template(member: Member | undefined, s: ChatServices): Reply[] {
  const links = s.links;
  const county = member?.role === 'reporter' && member.county ? findCounty(s.region, member.county) : undefined;
  const sample = county ? { county: county.name, period: lastEndedQuarter(s.now()), url: links?.sample?.(county.code) ?? null } : undefined;
  return [{ kind: 'card', card: templateCard({ templateUrl: links?.template?.() ?? null, sample }) }];
}

export async function addin(member: Member | undefined, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  const links = s.links;
  let manifest: ManifestState = { kind: 'no-address' };
  if (links?.addinManifest) {
    const url = await links.addinManifest();
    manifest = url ? { kind: 'available', url } : { kind: 'not-built' };
  }
  const audience = member?.role === 'reporter' ? 'reporter' : 'other';
  return [{ kind: 'card', card: addinCard({ manifest, serverUrl: links?.server?.() ?? null, audience, personal: !inGroup(msg) }) }];
}

/** A new API token for the reporter's county, in a personal chat only; the old one stops working at once (the store audits it). */
export async function token(member: Member | undefined, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  if (!member) return welcome(msg, member);
  if (member.role !== 'reporter' || !member.county) return [{ kind: 'text', text: '令牌只发给县（市、区）填报员，用于在 Excel 加载项中提交本县报表；督导员不需要令牌。' }];
  if (inGroup(msg)) return [{ kind: 'text', text: '令牌只在与我的私聊中发放，以免群里的其他人看到。请在与我的私聊中发送“令牌”。' }];
  const issued = await issueToken(s.repo, member.county, `${msg.user.channelId}:${msg.user.id}`, s.now());
  return [{ kind: 'card', card: tokenCard(member.county, issued) }];
}

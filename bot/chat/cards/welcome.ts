/**
 * The welcome: when the bot is added to a chat, and for every message of a user who is not bound
 * yet (there is nothing else they can do, so the card is their answer; no state, so it holds after a
 * restart and on every server). Two sentences about the bot, how to bind, and the 帮助 button.
 */
import { ROLE_LABEL } from '../../access/access.js';
import type { Member } from '../../store/types.js';
import { card, command, text, title, type AdaptiveCard, type CardElement } from './elements.js';

export const BIND_EXAMPLE = '绑定 K7QD-M3XA';

const INTRO = '我是节能通机器人，收集各县（市、区）公共机构的季度能源资源报表，收到即校验并给出回执。我还能查看报送进度和排名、发布通报，并在截止日前提醒未报的县。';

export interface WelcomeOptions {
  /** A group chat or a Teams channel: the bot only answers messages that @mention it there. */
  group: boolean;
  /** Who is greeted, when known and bound (then there is nothing to bind). */
  member?: Member;
}

export function welcomeCard(options: WelcomeOptions): AdaptiveCard {
  const body: CardElement[] = [title('你好，我是节能通'), text(INTRO)];
  if (options.group) body.push(text('在群聊和频道中，我只回答 @我 的消息；绑定、提交报表和获取令牌请在与我的私聊中进行。', { weight: 'Bolder' }));
  const m = options.member;
  if (m) {
    const scope = m.role === 'reporter' ? `${m.county ?? ''}${ROLE_LABEL.reporter}` : `全市${ROLE_LABEL.supervisor}`;
    body.push(text(`你已绑定为${scope}。点“帮助”查看你能用的命令。`));
  } else {
    body.push(text('你还没有绑定县（市、区）。请向市机关事务管理局索取邀请码，然后发送“绑定 邀请码”，例如：'));
    body.push(text(BIND_EXAMPLE, { fontType: 'Monospace', weight: 'Bolder', spacing: 'Small' }));
    body.push(text('邀请码一次有效；绑定后点“帮助”查看全部命令。', { isSubtle: true, size: 'Small' }));
  }
  const fallback = `你好，我是节能通机器人。${m ? '发送“帮助”查看命令。' : `请发送“绑定 邀请码”（例如：${BIND_EXAMPLE}）绑定县（市、区），或发送“帮助”查看命令。`}${options.group ? '在群里请 @我。' : ''}`;
  return card(body, fallback, [command('帮助', '帮助')]);
}

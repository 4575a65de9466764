/** 帮助: the commands, for the role of whoever asks, each one the user may use also as a button. */
import { ROLE_LABEL } from '../../access/access.js';
import type { Member } from '../../store/types.js';
import { actionSet, card, command, row, text, title, type AdaptiveCard, type CardElement, type SubmitAction } from './elements.js';
import { BIND_EXAMPLE } from './welcome.js';

const COMMON: [string, string][] = [
  ['进度 [2026Q3]', '本季度（或指定季度）谁已报送、谁逾期、谁未报（英文：status）'],
  ['排名 [2026Q3]', '各县（市、区）得分与名次（英文：ranking）'],
  ['模板', '下载空白报表模板（英文：template）'],
  ['帮助', '显示本说明（英文：help）'],
];

/** Hosts show at most 5 actions per set (the Adaptive Cards default; Teams 6): buttons go in rows of 4. */
const PER_ROW = 4;

/** Where the help is asked: some commands are refused in a group chat, so they get no button there. */
export interface HelpOptions {
  group?: boolean;
}

function buttons(member: Member | undefined, group: boolean): SubmitAction[] {
  const b = (label: string) => command(label, label);
  if (!member) return [b('帮助')];
  if (member.role === 'reporter') return [b('模板'), b('我的提交'), b('进度'), b('排名'), b('加载项'), ...(group ? [] : [b('令牌')]), b('帮助')];
  // 发布通报 has no button here: it names no quarter; publishing goes through 预览通报 (or the ranking card), where the quarter is on the card.
  return [b('进度'), b('排名'), ...(group ? [] : [b('预览通报')]), b('帮助')];
}

export function helpCard(member: Member | undefined, options: HelpOptions = {}): AdaptiveCard {
  const body: CardElement[] = [title('节能通机器人：可用命令')];
  let lines: [string, string][];
  if (!member) {
    body.push(text(`你还没有绑定。请先向市机关事务管理局索取邀请码，然后发送“绑定 邀请码”，例如：`));
    body.push(text(BIND_EXAMPLE, { fontType: 'Monospace', weight: 'Bolder', spacing: 'Small' }));
    lines = [['绑定 邀请码', `绑定县（市、区）与角色，例如：${BIND_EXAMPLE}（英文：bind）`], ['帮助', '显示本说明（英文：help）']];
  } else if (member.role === 'reporter') {
    body.push(text(`你是${member.county ?? ''}${ROLE_LABEL.reporter}。提交报表：把填好的 .xlsx 文件作为附件发给我。`));
    lines = [
      ['发送 .xlsx', '提交本季度报表，立即校验并给出回执；可多次提交，每次为新版本'],
      ['我的提交', '本县各版本及回执（英文：my submissions）'],
      ...COMMON,
      ['加载项', '安装 Excel 加载项的步骤（英文：addin）'],
      ['令牌', '获取加载项提交用的本县令牌，旧令牌作废；仅私聊（英文：token）'],
      ['绑定 邀请码', '换绑到新的县或角色'],
    ];
  } else {
    body.push(text(`你是全市${ROLE_LABEL.supervisor}，可查看全部县（市、区）。`));
    lines = [
      ['邀请 泽州县 填报员', '为县里生成一次性邀请码；“邀请 督导员”生成督导员邀请码（英文：invite）'],
      ...COMMON,
      ['预览通报 [2026Q3]', '通报草稿，只有你能看到；仅私聊（英文：preview notice）'],
      ['发布通报 [2026Q3]', '截止日后发布通报，发到通报群和群机器人（英文：publish notice）'],
      ['查看提交 泽州县 [2026Q3]', '某县某季度的各版本及回执（英文：view submissions）'],
      ['催报 泽州县 [2026Q3]', '立即给该县填报员发一条催报（英文：remind）'],
      ['设为通报群', '在要接收通报的群聊或频道中 @我 发送（英文：set notice channel）'],
      ['绑定 邀请码', '换绑到新的角色'],
    ];
  }
  const all = buttons(member, options.group ?? false);
  body.push(text('点按钮或直接输入命令：', { size: 'Small', isSubtle: true }));
  for (let i = 0; i < all.length; i += PER_ROW) body.push(actionSet(all.slice(i, i + PER_ROW)));
  body.push(row(['命令', '说明'], [3, 5], { header: true, separator: true }));
  for (const [cmd, what] of lines) body.push(row([cmd, what], [3, 5]));
  const fallback = member?.role === 'supervisor' ? '可用命令：进度、排名、模板、邀请、预览通报、发布通报、设为通报群、帮助' : member ? '可用命令：模板、我的提交、进度、排名、加载项、令牌、帮助' : `可用命令：绑定（例如：${BIND_EXAMPLE}）、帮助`;
  return card(body, fallback);
}

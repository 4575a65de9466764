/** 帮助: the commands, for the role of whoever asks. */
import { ROLE_LABEL } from '../../access/access.js';
import type { Member } from '../../store/types.js';
import { card, row, text, title, type AdaptiveCard, type CardElement } from './elements.js';

const COMMON: [string, string][] = [
  ['进度 [2026Q3]', '本季度（或指定季度）谁已报送、谁逾期、谁未报（英文：status）'],
  ['排名 [2026Q3]', '各县（市、区）得分与名次（英文：ranking）'],
  ['帮助', '显示本说明（英文：help）'],
];

export function helpCard(member: Member | undefined): AdaptiveCard {
  const body: CardElement[] = [title('节能通机器人：可用命令')];
  let lines: [string, string][];
  if (!member) {
    body.push(text('你还没有绑定。请先向市机关事务管理局索取邀请码。'));
    lines = [['绑定 邀请码', '绑定县（市、区）与角色，例如：绑定 K7QD-M3XA（英文：bind）'], ...COMMON];
  } else if (member.role === 'reporter') {
    body.push(text(`你是${member.county ?? ''}${ROLE_LABEL.reporter}。提交报表：把填好的 .xlsx 文件作为附件发给我。`));
    lines = [['发送 .xlsx', '提交本季度报表，立即校验并给出回执；可多次提交，每次为新版本'], ['我的提交', '本县各版本及回执（英文：my submissions）'], ...COMMON, ['绑定 邀请码', '换绑到新的县或角色']];
  } else {
    body.push(text(`你是全市${ROLE_LABEL.supervisor}，可查看全部县（市、区）。`));
    lines = [['邀请 泽州县 填报员', '为县里生成一次性邀请码；“邀请 督导员”生成督导员邀请码（英文：invite）'], ...COMMON, ['绑定 邀请码', '换绑到新的角色']];
  }
  body.push(row(['命令', '说明'], [3, 5], { header: true, separator: true }));
  for (const [cmd, what] of lines) body.push(row([cmd, what], [3, 5]));
  return card(body, '可用命令：帮助、绑定、进度、排名、我的提交、邀请');
}

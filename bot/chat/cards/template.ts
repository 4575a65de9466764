/** 模板: the blank template v1 and, for a reporter, a sample filled for their county, as download buttons. */
import { periodId, periodLabel, type Period } from '../../../shared/period.js';
import { card, command, openUrl, text, title, type AdaptiveCard, type CardAction, type CardElement } from './elements.js';

export interface TemplateCardInput {
  /** The blank template's download link; null when the server has no address to link to. */
  templateUrl: string | null;
  /** For a reporter: their county, the quarter of the sample and its link (null without an address). */
  sample?: { county: string; period: Period; url: string | null };
}

export function templateCard(input: TemplateCardInput): AdaptiveCard {
  const body: CardElement[] = [
    title('报表模板'),
    text('空白模板 v1：含填报说明、列标题批注（填写要求和示例）和下拉选项。填好后把 .xlsx 文件作为附件发给我即可提交。'),
  ];
  const actions: CardAction[] = [];
  if (input.templateUrl) actions.push(openUrl('下载空白模板', input.templateUrl));
  const sample = input.sample;
  if (sample) {
    body.push(text(`示例报表：按${sample.county}${periodLabel(sample.period)}生成的虚构数据，可通过校验，供参照填写，请勿直接提交。`));
    if (sample.url) actions.push(openUrl(`下载${sample.county}示例`, sample.url));
  }
  if (!input.templateUrl) {
    body.push(text('本服务器没有设置对外地址（JIENENG_PUBLIC_URL），无法提供下载链接。请向市机关事务管理局索取模板，或在装有节能通的电脑上运行：', { isSubtle: true }));
    body.push(text('jieneng template', { fontType: 'Monospace', spacing: 'Small' }));
    if (sample) body.push(text(`jieneng sample --county ${sample.county} --period ${periodId(sample.period)}`, { fontType: 'Monospace', spacing: 'Small' }));
  }
  if (sample) actions.push(command('安装 Excel 加载项', '加载项'));
  const fallback = input.templateUrl ? `报表模板下载：${input.templateUrl}` : '报表模板：请向市机关事务管理局索取，或运行 jieneng template 生成。';
  return card(body, fallback, actions);
}

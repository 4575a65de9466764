/**
 * 加载项: how to install the Excel add-in on Excel on the web, Windows and Mac (the steps README's
 * add-in section gives), the manifest's address on this server, and how a reporter gets the token
 * the add-in submits with.
 */
import { card, command, container, openUrl, text, title, type AdaptiveCard, type CardAction, type CardElement } from './elements.js';

export type ManifestState =
  | { kind: 'available'; url: string }
  /** The server has an address but no built add-in (dist/addin/manifest.xml is missing). */
  | { kind: 'not-built' }
  /** The server has no address users reach to link to. */
  | { kind: 'no-address' };

export interface AddinCardInput {
  manifest: ManifestState;
  /** The address to type as 服务器地址 in the add-in's settings, when known. */
  serverUrl: string | null;
  /** Who asks: a reporter is shown the 令牌 button (in a personal chat only, where it is given out). */
  audience: 'reporter' | 'other';
  personal: boolean;
}

function platform(name: string, steps: string): CardElement {
  return container([text(name, { weight: 'Bolder', spacing: 'None' }), text(steps, { size: 'Small', spacing: 'None' })]);
}

export function addinCard(input: AddinCardInput): AdaptiveCard {
  const m = input.manifest;
  const body: CardElement[] = [
    title('安装 Excel 加载项'),
    text('节能通加载项在 Excel 中校验报表、标出问题单元格、计算指标并直接提交。如果单位已统一部署，“开始”选项卡上已有“节能通”组，无需自己安装。'),
  ];
  if (m.kind === 'available') {
    body.push(text('第一步：下载加载项清单（manifest.xml）：', { weight: 'Bolder' }), text(m.url, { fontType: 'Monospace', size: 'Small', spacing: 'None' }));
  } else if (m.kind === 'not-built') {
    body.push(text('⚠ 本服务器还没有构建加载项（没有 /addin/manifest.xml），暂时无法安装。请联系系统管理员运行 npm run build 后再试。', { color: 'Warning' }));
  } else {
    body.push(text('⚠ 本服务器没有设置对外地址（JIENENG_PUBLIC_URL），无法给出清单地址。请向系统管理员索取加载项清单 manifest.xml。', { color: 'Warning' }));
  }
  body.push(
    text('第二步：按你用的 Excel 上传清单：', { weight: 'Bolder' }),
    platform('Excel 网页版', '打开一个工作簿 → 开始 → 加载项 → 更多设置（旧界面：插入 → Office 加载项）→ 上传我的加载项 → 选择 manifest.xml。'),
    platform('Windows 版 Excel', '插入 → 我的加载项 → 管理我的加载项 → 上传我的加载项，选择 manifest.xml；或由管理员把清单放进共享文件夹：文件 → 选项 → 信任中心 → 信任中心设置 → 受信任的加载项目录，填共享文件夹地址并勾选“显示在菜单中”，重启 Excel 后在 插入 → 我的加载项 → 共享文件夹 中添加。'),
    platform('Mac 版 Excel', '插入 → 我的加载项 → 管理我的加载项 → 上传我的加载项，选择 manifest.xml；或把 manifest.xml 复制到 ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef 文件夹（没有就新建），重启 Excel 后在 插入 → 我的加载项 中选择“节能通”。'),
    text('需要 Microsoft 365 订阅版、Office 2021 或更新的 Excel；WPS 表格和 Office 2016/2019 批量许可版不能运行加载项。', { isSubtle: true, size: 'Small' }),
    text('第三步：填写设置', { weight: 'Bolder' }),
    text(
      `在任务窗格中展开“设置”，${input.serverUrl ? `服务器地址填 ${input.serverUrl}（从本服务器安装时已自动填好），` : ''}“提交令牌”填本县的令牌，点“保存设置”。填报员在与我的私聊中发送“令牌”获取新令牌（旧令牌随即作废）。`,
    ),
  );
  const actions: CardAction[] = [];
  if (m.kind === 'available') actions.push(openUrl('下载清单', m.url));
  if (input.audience === 'reporter' && input.personal) actions.push(command('获取令牌', '令牌'));
  const fallback = m.kind === 'available' ? `Excel 加载项清单：${m.url}` : '安装 Excel 加载项：请向系统管理员索取加载项清单。';
  return card(body, fallback, actions);
}

/** 令牌: a county's new API token, shown this once, and where it goes. */
export function tokenCard(county: string, token: string): AdaptiveCard {
  return card(
    [
      title(`${county}提交令牌`),
      text('⚠ 只显示这一次，请现在复制。本县此前的令牌已作废，用旧令牌的加载项或脚本要换成这个。', { color: 'Warning' }),
      text(token, { fontType: 'Monospace', weight: 'Bolder' }),
      text('用法：在 Excel 加载项的任务窗格中展开“设置”，粘贴到“提交令牌”，点“保存设置”。令牌只保存在本机，不会写入工作簿。'),
      text('请勿转发。丢失或泄露时，再发送“令牌”换一个新的。', { isSubtle: true, size: 'Small' }),
    ],
    `已生成${county}的新提交令牌（旧令牌已作废），请在卡片中查看。`,
    [command('如何安装加载项', '加载项')],
  );
}

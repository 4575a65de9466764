/**
 * The 企业微信 / 钉钉 group robots reminders and notices go to: their config entry and its zod
 * schema (Chinese messages). The webhook address carries the robot's credential (key or
 * access_token), so nothing here ever puts an address or a secret into a message.
 */
import { z } from 'zod';
import { addressRange } from '../channels/address-policy.js';

export type WebhookKind = 'wecom' | 'dingtalk';
export type WebhookAudience = 'counties' | 'supervisors' | 'all';

export interface WebhookGroup {
  /** Config id, e.g. '市节能群'. */
  name: string;
  kind: WebhookKind;
  /** Full webhook URL (it holds the robot's key / access_token). */
  url: string;
  /** 钉钉 加签 secret (SEC…). */
  secret?: string;
  /** Keyword-mode robots: every message must contain it. */
  keyword?: string;
  /** Which reminders and notices this group receives. */
  audience: WebhookAudience;
}

/** Where each kind of robot lives and which query parameter holds its credential. */
export const ROBOT_ENDPOINTS: Record<WebhookKind, { label: string; host: string; path: string; credential: string }> = {
  wecom: { label: '企业微信', host: 'qyapi.weixin.qq.com', path: '/cgi-bin/webhook/send', credential: 'key' },
  dingtalk: { label: '钉钉', host: 'oapi.dingtalk.com', path: '/robot/send', credential: 'access_token' },
};

/** Names and addresses only this machine reaches (tests point robots at 127.0.0.1). */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/gu, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || addressRange(h) === 'loopback';
}

/** What is wrong with a robot address for its kind, in Chinese (never echoing the address), or null. */
export function webhookUrlProblem(kind: WebhookKind, text: string): string | null {
  const e = ROBOT_ENDPOINTS[kind];
  const example = `https://${e.host}${e.path}?${e.credential}=…`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `不是有效的网址。请从${e.label}群机器人设置中复制完整的 webhook 地址，形如 ${example}。`;
  }
  const loopback = isLoopback(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return `应以 https:// 开头（形如 ${example}）。`;
  if (url.username !== '' || url.password !== '') return `地址中不应包含用户名或密码（形如 ${example}）。`;
  if (!loopback && url.hostname.toLowerCase() !== e.host) return `不是${e.label}群机器人的地址：主机应为 ${e.host}（形如 ${example}）。`;
  if (url.pathname !== e.path) return `路径应为 ${e.path}（形如 ${example}）。`;
  if ((url.searchParams.get(e.credential) ?? '').trim() === '') return `缺少参数 ${e.credential}：请复制机器人设置中显示的完整地址（形如 ${example}）。`;
  if (kind === 'dingtalk' && (url.searchParams.has('timestamp') || url.searchParams.has('sign'))) {
    return '地址中不应包含 timestamp 或 sign：请填写机器人设置中的原始 webhook 地址，加签密钥（SEC 开头）填在 secret 中，每次发送时自动签名。';
  }
  return null;
}

const text = (what: string) => z.string({ error: `应为文字（${what}）。` }).trim();

const groupSchema = z
  .object({
    name: text('群的名称，如“市节能群”').min(1, { error: '不能为空：请给这个群起一个名称，如“市节能群”。' }).max(50, { error: '太长：名称最多 50 个字。' }),
    kind: z.enum(['wecom', 'dingtalk'], { error: '应为 wecom（企业微信群机器人）或 dingtalk（钉钉群机器人）。' }),
    url: text('机器人的 webhook 地址'),
    secret: text('钉钉加签密钥')
      .regex(/^SEC[\x21-\x7e]+$/u, { error: '应为钉钉机器人安全设置中“加签”一栏显示的 SEC 开头的密钥。' })
      .optional(),
    keyword: text('自定义关键词')
      .min(1, { error: '不能为空：不用关键词时请删去 keyword。' })
      .max(20, { error: '太长：关键词最多 20 个字。' })
      .optional(),
    audience: z.enum(['counties', 'supervisors', 'all'], { error: '应为 counties（县区报送人员群）、supervisors（市级督办人员群）或 all（两者都收）。' }),
  }, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `有未知的项：${issue.keys.join('、')}。可用的项：name、kind、url、secret、keyword、audience。`
        : '应为一个对象，如 {"name": "市节能群", "kind": "wecom", "url": "…", "audience": "supervisors"}。',
  })
  .strict()
  .superRefine((g, ctx) => {
    const problem = webhookUrlProblem(g.kind, g.url);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['url'], message: problem });
    if (g.secret !== undefined && g.kind !== 'dingtalk') {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: '只有钉钉机器人有加签密钥；企业微信群机器人不需要 secret，请删去。' });
    }
  });

/** The configured robots: a list with unique names. */
export const WEBHOOK_GROUPS_SCHEMA: z.ZodType<WebhookGroup[]> = z
  .array(groupSchema, { error: '应为群机器人的列表（JSON 数组）。' })
  .superRefine((groups, ctx) => {
    const seen = new Map<string, number>();
    groups.forEach((g, i) => {
      const first = seen.get(g.name);
      if (first === undefined) seen.set(g.name, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `名称“${g.name}”与第 ${first + 1} 个群重复：每个群的名称须不同。` });
    });
  });

/**
 * The server's configuration: one zod schema, read from an optional JSON file (JIENENG_CONFIG)
 * and the environment (which wins), validated at start. A bad value stops start-up with a
 * Chinese message naming the key and its environment variable.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HOLIDAY_FILE_NAME } from '../shared/schedule/holidays.js';
import { z } from 'zod';
import { addressRange } from './channels/address-policy.js';
import { redactUrl } from './store/postgres/redact.js';
import { parseScheduleRules, type ScheduleRules } from '../shared/schedule/rules.js';
import { WEBHOOK_GROUPS_SCHEMA, type WebhookGroup } from './reminders/webhook-groups.js';

/** Whole numbers from JSON numbers or digit strings (env); null, "", true are not silently 0 or 1. */
const whole = (min: number, max: number) => z.union([z.number(), z.string().trim().regex(/^\d+$/u)]).transform(Number).pipe(z.number().int().min(min).max(max));
const port = whole(0, 65_535);

/**
 * Hosts chat attachments may come from in authenticated mode (suffixes: "sharepoint.com" covers
 * "contoso-my.sharepoint.com"): Teams files live in SharePoint/OneDrive (21Vianet: sharepoint.cn),
 * Direct Line and Web Chat uploads on botframework.com (Azure China: botframework.azure.cn), Teams'
 * own attachment service on smba.trafficmanager.net (not all of trafficmanager.net: any Azure customer has a name there).
 */
export const DEFAULT_ATTACHMENT_HOSTS = ['sharepoint.com', 'sharepoint.cn', 'botframework.com', 'botframework.azure.cn', 'smba.trafficmanager.net'];

/** A list from JSON (array) or the environment (comma-separated); "*" alone means any public host. */
const hostList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((h) => h.trim().toLowerCase().replace(/^\*?\./u, '')).filter((h) => h !== ''))
  .pipe(z.array(z.string().regex(/^(\*|[a-z0-9-]+(\.[a-z0-9-]+)*)$/u)).min(1));

const ORIGIN_HINT = '应为以逗号分隔的网页来源（协议、主机和端口，不带路径），如 https://localhost:3000,https://excel.example.gov.cn；不接受“*”。';

/** Web origins ("https://localhost:3000") from JSON (array) or the environment (comma-separated). */
const originList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((o) => o.trim().toLowerCase().replace(/\/+$/u, '')).filter((o) => o !== ''))
  .pipe(z.array(z.string().refine(isOrigin, { message: ORIGIN_HINT })));

/** An origin exactly as a browser sends it: scheme, host and port only, no path, no "*". */
function isOrigin(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === text;
  } catch {
    return false;
  }
}

/** The add-in's development server (npm run dev-server), allowed in local anonymous mode. */
export const DEV_ADDIN_ORIGIN = 'https://localhost:3000';

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/gu, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || addressRange(h) === 'loopback';
}

const STORE_HINT = '应为 PostgreSQL 连接地址，形如 postgres://用户名:密码@主机:5432/数据库名（也可写 postgresql://）；不设置则使用数据目录下的 lowdb 文件。';

/** The store: unset for the lowdb file under dataDir, or a PostgreSQL address (several servers may share it). */
const storeSetting = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\//iu.test(v), { message: STORE_HINT })
  .optional();

/** Inflated size allowed for a workbook by default (MB), uploads and the command line alike. */
export const DEFAULT_INFLATED_MB = 256;

export const CONFIG_SCHEMA = z
  .object({
    port: port.default(3978),
    /** Interface to listen on; by default loopback in local anonymous mode, all interfaces otherwise. */
    host: z.string().min(1).optional(),
    dataDir: z.string().min(1).default('data'),
    store: storeSetting,
    nodeEnv: z.string().default('development'),
    microsoftAppId: z.string().trim().default(''),
    microsoftAppPassword: z
      .string()
      .refine((v) => v === '' || v.trim() !== '', { message: '密码只有空格：请填写 Azure 机器人资源中生成的客户端密码（客户端密钥的“值”）。' })
      .default(''),
    microsoftAppTenantId: z.string().trim().default(''),
    microsoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    /** Largest workbook accepted, from chat or the API. */
    maxUploadMb: z.union([z.number(), z.string().trim().regex(/^\d+(\.\d+)?$/u)]).transform(Number).pipe(z.number().positive().max(200)).default(20),
    inviteTtlDays: whole(1, 90).default(7),
    /** Inflated size allowed for an uploaded .xlsx (zip bombs are refused while inflating, past this). */
    maxInflatedMb: whole(16, 4096).default(DEFAULT_INFLATED_MB),
    /** The built add-in (task pane files), served when the folder exists. */
    addinDir: z.string().min(1).default('dist/addin'),
    /** Fill an empty store with the six demo counties and sample submissions (never in production). */
    seedDemo: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .optional(),
    /** Where chat attachments may be downloaded from in authenticated mode; "*" for any public host. */
    attachmentHosts: hostList.default(DEFAULT_ATTACHMENT_HOSTS),
    /** The address users reach the server at (behind a proxy), for links on cards; the listening address by default. */
    publicUrl: z
      .string()
      .trim()
      .url()
      .refine((u) => /^https?:\/\//iu.test(u), { message: '应以 http:// 或 https:// 开头。' })
      .transform((u) => u.replace(/\/+$/u, ''))
      .optional(),
    /** Worker threads that read and check workbooks (default: one per CPU core). */
    intakeThreads: whole(1, 64).optional(),
    /** A city's coefficient override file (JSON, as for the command line's --coefficients), read at start. */
    coefficientsFile: z.string().trim().min(1).optional(),
    /** Origins whose pages may call /api/submissions and /api/coefficients (the add-in outside /addin/). */
    addinOrigins: originList.default([]),
    /** Deadlines, reminder times and awareness days (shared/schedule/rules.ts); JSON text in the environment. Checked in loadConfig. */
    schedule: z.unknown().optional(),
    /** The city's holiday file (State Council dates for years the package lacks); <dataDir>/holidays.json by default. */
    holidaysFile: z.string().trim().min(1).optional(),
    /** 企业微信 / 钉钉 group robots (bot/reminders/webhook-groups.ts); JSON text in the environment. Checked in loadConfig. */
    webhooks: z.unknown().optional(),
    /** Send reminders and notice drafts on schedule (false: only on demand). */
    reminders: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .default(true),
    /** The issuing office named on notices (通报), and the prefix of their document numbers. */
    noticeIssuer: z.string().trim().min(2).max(40).optional(),
    noticeDocPrefix: z.string().trim().min(1).max(20).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.microsoftAppId === '') return;
    if (c.microsoftAppType !== 'UserAssignedMSI' && c.microsoftAppPassword === '') {
      ctx.addIssue({ code: 'custom', path: ['microsoftAppPassword'], message: '未设置：配置了 MicrosoftAppId 时必须同时提供密码（客户端密钥）。' });
    }
    if (c.microsoftAppType !== 'MultiTenant' && c.microsoftAppTenantId === '') {
      const which = c.microsoftAppType === 'SingleTenant' ? '单租户（SingleTenant）机器人' : '用户分配的托管标识（UserAssignedMSI）';
      ctx.addIssue({ code: 'custom', path: ['microsoftAppTenantId'], message: `未设置：${which}必须提供租户 ID（Azure 门户“Microsoft Entra ID → 概述”中的“租户 ID”）。` });
    }
  });

export type Config = Omit<z.output<typeof CONFIG_SCHEMA>, 'schedule' | 'webhooks'> & {
  anonymous: boolean;
  seedDemo: boolean;
  host: string;
  schedule: ScheduleRules;
  webhooks: WebhookGroup[];
  holidaysFile: string;
};

/** Each key's environment variable (the Bot Framework names are the ones Azure's templates use). */
export const ENV_NAMES: Record<keyof z.input<typeof CONFIG_SCHEMA>, string[]> = {
  port: ['PORT'],
  host: ['HOST'],
  dataDir: ['JIENENG_DATA'],
  store: ['JIENENG_STORE'],
  nodeEnv: ['NODE_ENV'],
  microsoftAppId: ['MicrosoftAppId', 'MICROSOFT_APP_ID'],
  microsoftAppPassword: ['MicrosoftAppPassword', 'MICROSOFT_APP_PASSWORD'],
  microsoftAppTenantId: ['MicrosoftAppTenantId', 'MICROSOFT_APP_TENANT_ID'],
  microsoftAppType: ['MicrosoftAppType', 'MICROSOFT_APP_TYPE'],
  maxUploadMb: ['JIENENG_MAX_UPLOAD_MB'],
  inviteTtlDays: ['JIENENG_INVITE_TTL_DAYS'],
  maxInflatedMb: ['JIENENG_MAX_INFLATED_MB'],
  addinDir: ['JIENENG_ADDIN_DIR'],
  seedDemo: ['JIENENG_SEED_DEMO'],
  attachmentHosts: ['JIENENG_ATTACHMENT_HOSTS'],
  publicUrl: ['JIENENG_PUBLIC_URL'],
  intakeThreads: ['JIENENG_INTAKE_THREADS'],
  coefficientsFile: ['JIENENG_COEFFICIENTS'],
  addinOrigins: ['JIENENG_ADDIN_ORIGINS'],
  schedule: ['JIENENG_SCHEDULE'],
  holidaysFile: ['JIENENG_HOLIDAYS'],
  webhooks: ['JIENENG_WEBHOOKS'],
  reminders: ['JIENENG_REMINDERS'],
  noticeIssuer: ['JIENENG_NOTICE_ISSUER'],
  noticeDocPrefix: ['JIENENG_NOTICE_DOC_PREFIX'],
};

/** A key whose value is JSON (an object or list): as given in the config file, or JSON text from the environment. */
function jsonValue(key: 'schedule' | 'webhooks', value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ConfigError(`${describe(key)} 不是有效的 JSON。在环境变量中请写成一行 JSON 文本，如 ${key === 'schedule' ? '{"reminderHour": 9}' : '[{"name": "市节能群", "kind": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…", "audience": "all"}]'}。`);
  }
}

/** The schedule and robot settings, checked with their own schemas (one Chinese line per mistake). */
function checkedExtras(c: z.output<typeof CONFIG_SCHEMA>): { schedule: ScheduleRules; webhooks: WebhookGroup[] } {
  const schedule = parseScheduleRules(jsonValue('schedule', c.schedule));
  if (!schedule.ok) throw new ConfigError(`${describe('schedule')} 有误：\n${schedule.errors.map((e) => `  ${e}`).join('\n')}`);
  const webhooks = WEBHOOK_GROUPS_SCHEMA.safeParse(jsonValue('webhooks', c.webhooks) ?? []);
  if (!webhooks.success) {
    const lines = webhooks.error.issues.map((i) => {
      const where = i.path.map((p) => (typeof p === 'number' ? `第 ${p + 1} 个群` : String(p))).join(' ');
      return `  ${where === '' ? '' : `${where}：`}${i.message}`;
    });
    throw new ConfigError(`${describe('webhooks')} 有误：\n${lines.join('\n')}`);
  }
  return { schedule: schedule.rules, webhooks: webhooks.data };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function fromFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`找不到配置文件 ${path}（JIENENG_CONFIG）。请检查路径，或去掉 JIENENG_CONFIG 只用环境变量。`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new ConfigError(`配置文件 ${path} 不是有效的 JSON 对象。请用 JSON 格式书写，例如 {"port": 3978}。`);
  }
}

function describe(key: string): string {
  const env = ENV_NAMES[key as keyof typeof ENV_NAMES];
  return env ? `配置项 ${key}（环境变量 ${env.join(' 或 ')}）` : `配置项 ${key}`;
}

/** A problem found when a key's value is used at start (a file it names), worded like the schema's. */
export function keyError(key: keyof typeof ENV_NAMES, message: string): ConfigError {
  return new ConfigError(`${describe(key)} 有误：${message}`);
}

/** Reads and checks the configuration; throws ConfigError with a Chinese message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = env['JIENENG_CONFIG'] ? fromFile(env['JIENENG_CONFIG']) : {};
  for (const [key, names] of Object.entries(ENV_NAMES)) {
    const value = names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
    if (value !== undefined) raw[key] = value;
  }
  const parsed = CONFIG_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    if (issue.code === 'unrecognized_keys') {
      throw new ConfigError(`配置文件中有未知的配置项：${issue.keys.join('、')}。可用的配置项：${Object.keys(ENV_NAMES).join('、')}。`);
    }
    if (issue.code === 'custom' && raw[key] === undefined) throw new ConfigError(`${describe(key)} ${issue.message}`);
    // Secrets are never echoed back (the store address only without its password).
    const shown = key === 'store' ? redactUrl(String(raw[key])) : String(raw[key]);
    const got = raw[key] === undefined || key === 'microsoftAppPassword' ? '' : `，收到“${shown}”`;
    throw new ConfigError(`${describe(key)} 的值无效${got}：${issue.code === 'custom' ? issue.message : hint(key)}`);
  }
  const c = parsed.data;
  const production = c.nodeEnv === 'production';
  const anonymous = c.microsoftAppId === '';
  if (anonymous && production) {
    throw new ConfigError(
      '生产环境（NODE_ENV=production）必须配置机器人身份：请设置 MicrosoftAppId 和 MicrosoftAppPassword（在 Azure 机器人资源中获取）。本地试用请不要设置 NODE_ENV=production。',
    );
  }
  const host = c.host ?? (anonymous ? '127.0.0.1' : '0.0.0.0');
  if (anonymous && !isLoopbackHost(host)) {
    throw new ConfigError(
      `${describe('host')} 为“${host}”，但没有配置机器人身份（MicrosoftAppId）。匿名模式不校验来访身份，只能监听本机地址（127.0.0.1 或 ::1）。` +
        '要对外提供服务，请在 Azure 机器人资源中取得 MicrosoftAppId 和客户端密码，设置 MicrosoftAppId、MicrosoftAppPassword（单租户再设 MicrosoftAppTenantId）；只在本机试用请去掉 HOST。',
    );
  }
  const dataDir = resolve(c.dataDir);
  return {
    ...c,
    ...checkedExtras(c),
    holidaysFile: resolve(c.holidaysFile ?? join(dataDir, HOLIDAY_FILE_NAME)),
    dataDir,
    anonymous,
    host,
    seedDemo: production ? false : (c.seedDemo ?? true),
    // The dev server's task pane is another origin; locally it may call the API without configuration.
    addinOrigins: anonymous && !c.addinOrigins.includes(DEV_ADDIN_ORIGIN) ? [...c.addinOrigins, DEV_ADDIN_ORIGIN] : c.addinOrigins,
  };
}

/**
 * maxInflatedMb alone, for the command line: it reads workbooks but runs no server, so the rest of
 * the configuration (bot identity, port…) need not be complete for it. The same sources and check
 * as loadConfig: JIENENG_MAX_INFLATED_MB, else the JIENENG_CONFIG file, else the default.
 */
export function inflatedCapMb(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = ENV_NAMES.maxInflatedMb.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const raw = fromEnv ?? (env['JIENENG_CONFIG'] ? fromFile(env['JIENENG_CONFIG'])['maxInflatedMb'] : undefined);
  const parsed = whole(16, 4096).default(DEFAULT_INFLATED_MB).safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${describe('maxInflatedMb')} 的值无效，收到“${String(raw)}”：${hint('maxInflatedMb')}`);
  return parsed.data;
}

/**
 * The store setting alone, for the command line's store commands: like inflatedCapMb, it needs
 * no complete server configuration. JIENENG_STORE, else the JIENENG_CONFIG file's store, else unset.
 */
export function storeFromConfig(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = ENV_NAMES.store.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const raw = fromEnv ?? (env['JIENENG_CONFIG'] ? fromFile(env['JIENENG_CONFIG'])['store'] : undefined);
  const parsed = storeSetting.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${describe('store')} 的值无效${typeof raw === 'string' ? `，收到“${redactUrl(raw)}”` : ''}：${STORE_HINT}`);
  return parsed.data;
}

function hint(key: string): string {
  switch (key) {
    case 'port':
      return '应为 0–65535 的整数，如 3978。';
    case 'maxUploadMb':
      return '应为 0–200 之间的数字（单位 MB），如 20。';
    case 'inviteTtlDays':
      return '应为 1–90 的整数（天）。';
    case 'maxInflatedMb':
      return '应为 16–4096 的整数（单位 MB），如 256；须远小于服务器内存。';
    case 'microsoftAppType':
      return '只能是 MultiTenant、SingleTenant 或 UserAssignedMSI。';
    case 'seedDemo':
      return '只能是 true 或 false。';
    case 'attachmentHosts':
      return '应为以逗号分隔的域名后缀，如 sharepoint.com,botframework.com；“*”表示任何公网地址。';
    case 'publicUrl':
      return '应为完整网址，如 https://jieneng.example.gov.cn。';
    case 'intakeThreads':
      return '应为 1–64 的整数。';
    case 'addinOrigins':
      return ORIGIN_HINT;
    default:
      return '请检查拼写与格式。';
  }
}

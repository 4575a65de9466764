/**
 * The add-in build's two settings, read from the environment: where the add-in is served (the
 * manifest's base URL) and where Office.js comes from. Each bad value stops the build with a
 * Chinese message naming its variable.
 */
import { DEV_ADDIN_ORIGIN } from '../../bot/config.js';

/** The base written in manifests/excel/manifest.xml; the build replaces it with the configured one. */
export const MANIFEST_BASE = `${DEV_ADDIN_ORIGIN}/`;

/** Office.js on Microsoft's global CDN, as written in addin/taskpane/taskpane.html. */
export const OFFICE_JS_GLOBAL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Office.js on the 21Vianet (China) CDN, for tenants of Microsoft 365 operated by 21Vianet. */
export const OFFICE_JS_CHINA = 'https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js';

export interface AddinSettings {
  /** Absolute https URL ending in "/", under which every add-in file is served. */
  baseUrl: string;
  officeJsUrl: string;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

function httpsUrl(text: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(`${name} 不是网址：${text}`);
  }
  // Office loads add-in pages only over HTTPS (localhost included).
  if (url.protocol !== 'https:') throw new SettingsError(`${name} 必须以 https:// 开头（Office 只从 HTTPS 加载加载项）：${text}`);
  if (url.search !== '' || url.hash !== '') throw new SettingsError(`${name} 不应带 ? 或 # 部分：${text}`);
  return url;
}

/**
 * The base URL: JIENENG_ADDIN_BASE_URL, else the server's JIENENG_PUBLIC_URL + "/addin/" (where
 * `npm start` serves the built add-in) when that is https, else the local dev server. `warn` hears
 * about an http public URL, which the server accepts but Office does not.
 */
export function resolveBaseUrl(env: NodeJS.ProcessEnv, warn: (message: string) => void = () => {}): string {
  const explicit = env['JIENENG_ADDIN_BASE_URL']?.trim();
  const publicUrl = env['JIENENG_PUBLIC_URL']?.trim().replace(/\/+$/u, '');
  let name = 'JIENENG_ADDIN_BASE_URL';
  let text = MANIFEST_BASE;
  if (explicit) text = explicit;
  else if (publicUrl && /^https:\/\//iu.test(publicUrl)) [name, text] = ['JIENENG_PUBLIC_URL', `${publicUrl}/addin/`];
  else if (publicUrl) warn(`JIENENG_PUBLIC_URL 不是 https 地址，Office 无法从它加载加载项；清单仍指向 ${MANIFEST_BASE}。请设置 JIENENG_ADDIN_BASE_URL。`);
  const url = httpsUrl(text, name);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** JIENENG_OFFICE_JS: empty or "global" (default), "china" (21Vianet), or any https URL. */
export function resolveOfficeJsUrl(env: NodeJS.ProcessEnv): string {
  const value = env['JIENENG_OFFICE_JS']?.trim() ?? '';
  if (value === '' || value.toLowerCase() === 'global') return OFFICE_JS_GLOBAL;
  if (value.toLowerCase() === 'china') return OFFICE_JS_CHINA;
  return httpsUrl(value, 'JIENENG_OFFICE_JS').href;
}

export function resolveSettings(env: NodeJS.ProcessEnv, warn?: (message: string) => void): AddinSettings {
  return { baseUrl: resolveBaseUrl(env, warn), officeJsUrl: resolveOfficeJsUrl(env) };
}

/** `jieneng teams-package`: the Teams app package (manifest + icons, zipped) for one registered bot. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { InputError } from './inputs.js';
import { writeOutput } from './output.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/iu;

/** manifests/teams, from the source tree (bot/cli) or the compiled one (dist/bot/cli). */
function sourceDir(): string {
  for (const rel of ['../../manifests/teams/', '../../../manifests/teams/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}manifest.json`)) return dir;
  }
  throw new Error('manifests/teams/manifest.json not found');
}

export async function buildTeamsPackage(appId: string, domain: string): Promise<Buffer> {
  if (!GUID.test(appId)) throw new InputError(`--app-id 应为 Azure 机器人的 Microsoft App ID（GUID，形如 00000000-0000-0000-0000-000000000000），收到“${appId}”。`);
  if (!DOMAIN.test(domain)) throw new InputError(`--domain 应为服务的域名（不带 https:// 和路径，如 jieneng.example.gov.cn），收到“${domain}”。`);
  const dir = sourceDir();
  const manifest = (await readFile(`${dir}manifest.json`, 'utf8')).replaceAll('{{BOT_APP_ID}}', appId.toLowerCase()).replaceAll('{{BOT_DOMAIN}}', domain.toLowerCase());
  const zip = new JSZip();
  zip.file('manifest.json', manifest);
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, await readFile(`${dir}${icon}`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function runTeamsPackage(cmd: { appId: string; domain: string; out: string; force: boolean }, out: (text: string) => void): Promise<number> {
  const zip = await buildTeamsPackage(cmd.appId, cmd.domain);
  await writeOutput(cmd.out, cmd.force, (sink) => {
    sink.end(zip);
    return Promise.resolve();
  });
  out(`已生成 Teams 应用包：${cmd.out}\n在 Teams 管理中心“管理应用 → 上传新应用”，或在 Teams 客户端“应用 → 管理你的应用 → 上传应用”中上传。`);
  return 0;
}

/**
 * Builds the Excel add-in into one folder (dist/addin by default), which `npm start` serves under
 * /addin/ and `npm run dev-server` serves at https://localhost:3000/:
 *
 *   taskpane.html   the one page of the shared runtime (task pane, ribbon commands, custom functions)
 *   taskpane.js     addin/taskpane/main.ts, bundled
 *   functions.js    addin/functions/functions.ts, bundled
 *   functions.json  custom-function metadata generated from the JSDoc of functions.ts
 *   manifest.xml    manifests/excel/manifest.xml with the configured base URL and the package version
 *   icons/, help.html
 *
 * Usage: node --import tsx addin/build/build.ts [--dev] [--out DIR] [--taskpane FILE] [--functions FILE]
 * Settings: JIENENG_ADDIN_BASE_URL (or JIENENG_PUBLIC_URL), JIENENG_OFFICE_JS=china|URL (see settings.ts).
 */
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { DEV_ADDIN_ORIGIN } from '../../bot/config.js';
import { type AddinSettings, MANIFEST_BASE, OFFICE_JS_GLOBAL, SettingsError, resolveSettings } from './settings.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The server's default add-in folder (bot/config.ts addinDir), served under /addin/. */
export const DEFAULT_OUT = join(ROOT, 'dist', 'addin');

/** Where the add-in's sources live, relative to the repository root. */
export const SOURCES = {
  taskpane: 'addin/taskpane/main.ts',
  functions: 'addin/functions/functions.ts',
  html: 'addin/taskpane/taskpane.html',
  manifestDir: 'manifests/excel',
} as const;

export interface BuildOptions extends AddinSettings {
  outDir: string;
  /** Minified bundles (source maps either way). */
  production: boolean;
  taskpaneEntry?: string;
  functionsEntry?: string;
}

export interface BuildResult {
  outDir: string;
  /** Every file written, relative to outDir, "/"-separated. */
  files: string[];
  functionIds: string[];
}

/** Office webviews: Edge WebView2 and Safari (Mac) run ES2019 and much more; no IE (Office 2016/2019 are not supported). */
const TARGET = ['es2019'];

const xmlEscape = (text: string): string => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

/** Empties outDir, refusing a non-empty folder that does not look like an earlier add-in build. */
async function prepareOutDir(outDir: string): Promise<void> {
  if (existsSync(outDir)) {
    const entries = await readdir(outDir);
    if (entries.length > 0 && !entries.includes('manifest.xml')) {
      throw new SettingsError(`输出目录 ${outDir} 不是空的，也不像加载项的构建结果（没有 manifest.xml），不清空它。`);
    }
    await rm(outDir, { recursive: true, force: true });
  }
  await mkdir(outDir, { recursive: true });
}

/** functions.json from the JSDoc of the functions source: its @customfunction tags, never hand-written. */
async function writeFunctionsMetadata(source: string, target: string): Promise<string[]> {
  const result = await generateCustomFunctionsMetadata(source);
  if (result.errors.length > 0) {
    throw new SettingsError(`自定义函数元数据有错（${relative(ROOT, source)}）：\n${result.errors.join('\n')}`);
  }
  const metadata = result.metadataJson === '' ? { functions: [] } : (JSON.parse(result.metadataJson) as { functions: { id: string }[] });
  await writeFile(target, JSON.stringify(metadata, null, 2) + '\n');
  return metadata.functions.map((f) => f.id);
}

/** The page with the configured Office.js and, when the bundle produced one, its stylesheet. */
export function renderPage(html: string, officeJsUrl: string, withStylesheet: boolean): string {
  const tag = `<script src="${OFFICE_JS_GLOBAL}"></script>`;
  if (html.split(tag).length !== 2) throw new SettingsError(`${SOURCES.html} 中应恰好有一处 ${tag}（构建时替换为所配置的 Office.js 地址）。`);
  let page = html.replace(tag, `<script src="${xmlEscape(officeJsUrl)}"></script>`);
  if (withStylesheet) page = page.replace('</head>', '  <link rel="stylesheet" href="taskpane.css" />\n  </head>');
  return page;
}

/** The manifest served from `baseUrl`, at `version` (four parts, as Office expects). */
export function renderManifest(xml: string, baseUrl: string, version: string): string {
  const origin = new URL(baseUrl).origin;
  const out = xml
    .replaceAll(`<AppDomain>${DEV_ADDIN_ORIGIN}</AppDomain>`, `<AppDomain>${xmlEscape(origin)}</AppDomain>`)
    .replaceAll(MANIFEST_BASE, xmlEscape(baseUrl))
    .replace(/<Version>[^<]*<\/Version>/u, `<Version>${version}</Version>`);
  if (baseUrl !== MANIFEST_BASE && out.includes(DEV_ADDIN_ORIGIN)) {
    throw new SettingsError(`${SOURCES.manifestDir}/manifest.xml 中有不以 ${MANIFEST_BASE} 开头的本地地址，无法替换为 ${baseUrl}。`);
  }
  return out;
}

/** "0.1.0" → "0.1.0.0". */
export function manifestVersion(packageVersion: string): string {
  const parts = packageVersion.split(/[-+]/u)[0]!.split('.');
  while (parts.length < 4) parts.push('0');
  return parts.slice(0, 4).join('.');
}

export async function buildAddin(options: BuildOptions): Promise<BuildResult> {
  const outDir = resolve(options.outDir);
  const taskpaneEntry = resolve(ROOT, options.taskpaneEntry ?? SOURCES.taskpane);
  const functionsEntry = resolve(ROOT, options.functionsEntry ?? SOURCES.functions);
  await prepareOutDir(outDir);

  const functionIds = await writeFunctionsMetadata(functionsEntry, join(outDir, 'functions.json'));

  const bundled = await build({
    entryPoints: { taskpane: taskpaneEntry, functions: functionsEntry },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: TARGET,
    sourcemap: true,
    minify: options.production,
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': JSON.stringify(options.production ? 'production' : 'development') },
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: ROOT,
  });
  const files = Object.keys(bundled.metafile.outputs).map((f) => relative(outDir, resolve(ROOT, f)).replaceAll('\\', '/'));

  const html = await readFile(join(ROOT, SOURCES.html), 'utf8');
  await writeFile(join(outDir, 'taskpane.html'), renderPage(html, options.officeJsUrl, files.includes('taskpane.css')));

  const manifestDir = join(ROOT, SOURCES.manifestDir);
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const manifest = await readFile(join(manifestDir, 'manifest.xml'), 'utf8');
  await writeFile(join(outDir, 'manifest.xml'), renderManifest(manifest, options.baseUrl, manifestVersion(pkg.version)));
  await copyFile(join(manifestDir, 'help.html'), join(outDir, 'help.html'));
  await mkdir(join(outDir, 'icons'));
  const icons = (await readdir(join(manifestDir, 'icons'))).filter((f) => f.endsWith('.png'));
  for (const icon of icons) await copyFile(join(manifestDir, 'icons', icon), join(outDir, 'icons', icon));

  files.push('functions.json', 'taskpane.html', 'manifest.xml', 'help.html', ...icons.map((i) => `icons/${i}`));
  return { outDir, files: files.sort(), functionIds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      out: { type: 'string', default: DEFAULT_OUT },
      taskpane: { type: 'string' },
      functions: { type: 'string' },
    },
  });
  const settings = resolveSettings(process.env, (m) => console.warn(`警告：${m}`));
  const started = Date.now();
  const result = await buildAddin({ ...settings, outDir: values.out, production: !values.dev, taskpaneEntry: values.taskpane, functionsEntry: values.functions });
  if (result.functionIds.length === 0) console.warn(`警告：${SOURCES.functions} 中没有 @customfunction，functions.json 为空。`);
  console.log(
    `加载项已构建到 ${relative(process.cwd(), result.outDir) || '.'}（${Date.now() - started} ms，${values.dev ? '开发' : '生产'}模式）\n` +
      `  清单：${settings.baseUrl}manifest.xml\n  Office.js：${settings.officeJsUrl}\n  自定义函数：${result.functionIds.join('、') || '无'}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof SettingsError ? `构建加载项失败：${e.message}` : e);
    process.exitCode = 1;
  });
}

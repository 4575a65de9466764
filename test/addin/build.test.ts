// The add-in build (addin/build/build.ts): bundles, the page, functions.json from JSDoc, the
// manifest's base URL, and the folder `npm start` serves.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_SCHEMA } from '../../bot/config.js';
import { DEFAULT_OUT, ROOT, SOURCES, buildAddin, manifestVersion } from '../../addin/build/build.js';
import { MANIFEST_BASE, OFFICE_JS_GLOBAL, SettingsError } from '../../addin/build/settings.js';

const run = promisify(execFile);

/** The ids of the @customfunction tags in a source file's JSDoc (tag lines only), read without the metadata library. */
async function jsdocIds(file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8');
  return [...source.matchAll(/^\s*\*\s*@customfunction\b(?:[ \t]+(\S+))?/gmu)].map((m) => (m[1] ?? '').toUpperCase());
}

describe('Excel add-in build', () => {
  const temps: string[] = [];
  const temp = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'jieneng-addin-'));
    temps.push(dir);
    return dir;
  };
  after(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

  it('writes the bundles, the page, functions.json, the manifest and its assets', async () => {
    const out = await temp();
    const result = await buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl: OFFICE_JS_GLOBAL, outDir: out, production: true });
    for (const file of ['taskpane.html', 'taskpane.js', 'taskpane.js.map', 'functions.js', 'functions.js.map', 'functions.json', 'manifest.xml', 'help.html', 'icons/icon-16.png', 'icons/icon-32.png', 'icons/icon-64.png', 'icons/icon-80.png']) {
      assert.ok(result.files.includes(file), `${file} missing from ${result.files.join(', ')}`);
      await readFile(join(out, file));
    }
    // Office webviews get ES2019: no optional chaining or ?? left in the bundle.
    const functionsJs = await readFile(join(out, 'functions.js'), 'utf8');
    assert.ok(functionsJs.length > 0);
    assert.doesNotMatch(functionsJs, /\?\.[\w$[(]|\?\?/u);
    assert.match(functionsJs, /sourceMappingURL=functions\.js\.map/u);
  });

  it('generates functions.json from the JSDoc of addin/functions/functions.ts', async () => {
    const out = await temp();
    const result = await buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl: OFFICE_JS_GLOBAL, outDir: out, production: false });
    const metadata = JSON.parse(await readFile(join(out, 'functions.json'), 'utf8')) as { functions: { id: string; name: string; description?: string }[] };
    const ids = await jsdocIds(join(ROOT, SOURCES.functions));
    assert.ok(ids.length > 0, 'functions.ts has no @customfunction');
    assert.deepEqual(metadata.functions.map((f) => f.id), ids);
    assert.deepEqual(result.functionIds, ids);
    for (const f of metadata.functions) assert.ok(f.description, `${f.id} has no description`);
  });

  it('takes ids, names, parameters and descriptions from JSDoc, and refuses a JSDoc mistake', async () => {
    const src = await temp();
    const entry = join(src, 'main.ts');
    await writeFile(entry, 'export {};\n');
    const good = join(src, 'good.ts');
    await writeFile(
      good,
      [
        '/**',
        ' * 把千瓦时换算为兆焦。',
        ' * @customfunction KWH2MJ TOMJ',
        ' * @param kwh 电量（千瓦时）。',
        ' * @returns 兆焦。',
        ' */',
        'export function toMj(kwh: number): number {',
        '  return kwh * 3.6;',
        '}',
        '/**',
        ' * 一个常数。',
        ' * @customfunction',
        ' */',
        'export function answer(): number {',
        '  return 42;',
        '}',
        '',
      ].join('\n'),
    );
    const out = await temp();
    const result = await buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl: OFFICE_JS_GLOBAL, outDir: out, production: false, taskpaneEntry: entry, functionsEntry: good });
    const metadata = JSON.parse(await readFile(join(out, 'functions.json'), 'utf8')) as { functions: { id: string; name: string; description: string; parameters: { name: string; description: string; type: string }[] }[] };
    assert.deepEqual(result.functionIds, ['KWH2MJ', 'ANSWER']);
    assert.deepEqual(
      metadata.functions.map((f) => [f.id, f.name, f.description, f.parameters.map((p) => `${p.name}:${p.type}:${p.description}`)]),
      [
        ['KWH2MJ', 'TOMJ', '把千瓦时换算为兆焦。', ['kwh:number:电量（千瓦时）。']],
        ['ANSWER', 'ANSWER', '一个常数。', []],
      ],
    );

    const bad = join(src, 'bad.ts');
    await writeFile(bad, '/**\n * 不支持的参数类型。\n * @customfunction\n */\nexport function nope(x: Map<string, number>): number {\n  return x.size;\n}\n');
    await assert.rejects(
      buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl: OFFICE_JS_GLOBAL, outDir: await temp(), production: false, taskpaneEntry: entry, functionsEntry: bad }),
      (e: unknown) => e instanceof SettingsError && /自定义函数元数据有错/u.test(e.message),
    );
  });

  it('builds a page that loads Office.js first, then the bundles, and runs no inline script', async () => {
    const out = await temp();
    await buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl: OFFICE_JS_GLOBAL, outDir: out, production: true });
    const page = await readFile(join(out, 'taskpane.html'), 'utf8');
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/giu)];
    assert.deepEqual(
      scripts.map((s) => /\bsrc="([^"]+)"/u.exec(s[1]!)?.[1]),
      [OFFICE_JS_GLOBAL, 'functions.js', 'taskpane.js'],
    );
    for (const s of scripts) assert.equal(s[2]!.trim(), '', 'inline script in taskpane.html');
    assert.doesNotMatch(page, /\son[a-z]+\s*=/iu, 'inline event handler in taskpane.html');
    assert.match(page, /<html lang="zh-CN">/u);
  });

  it('the command line writes the manifest with JIENENG_ADDIN_BASE_URL and the 21Vianet Office.js', async () => {
    const out = await temp();
    const env = { ...process.env, JIENENG_ADDIN_BASE_URL: 'https://jieneng.example.cn/addin/', JIENENG_OFFICE_JS: 'china' };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'addin/build/build.ts', '--out', out], { cwd: ROOT, env });
    assert.match(stdout, /https:\/\/jieneng\.example\.cn\/addin\/manifest\.xml/u);
    const manifest = await readFile(join(out, 'manifest.xml'), 'utf8');
    assert.ok(manifest.includes('<SourceLocation DefaultValue="https://jieneng.example.cn/addin/taskpane.html" />'));
    assert.ok(!manifest.includes('localhost'), 'a localhost URL is left in the production manifest');
    const page = await readFile(join(out, 'taskpane.html'), 'utf8');
    assert.ok(page.includes('https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js'));

    await assert.rejects(
      run(process.execPath, ['--import', 'tsx', 'addin/build/build.ts', '--out', out], { cwd: ROOT, env: { ...env, JIENENG_ADDIN_BASE_URL: 'http://jieneng.example.cn/addin/' } }),
      (e: { code?: number; stderr?: string }) => e.code === 1 && /构建加载项失败：JIENENG_ADDIN_BASE_URL 必须以 https/u.test(e.stderr ?? ''),
    );
  });

  it('never empties a folder that is not an earlier add-in build', async () => {
    const out = await temp();
    await mkdir(join(out, 'keep'));
    await writeFile(join(out, 'keep', 'notes.txt'), 'mine');
    await assert.rejects(buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl: OFFICE_JS_GLOBAL, outDir: out, production: true }), SettingsError);
    assert.equal(await readFile(join(out, 'keep', 'notes.txt'), 'utf8'), 'mine');
  });

  it('builds into the folder the server serves under /addin/, at the package version', async () => {
    assert.equal(join(ROOT, CONFIG_SCHEMA.parse({}).addinDir), DEFAULT_OUT);
    assert.equal(manifestVersion('0.1.0'), '0.1.0.0');
    assert.equal(manifestVersion('1.2.3-beta.1'), '1.2.3.0');
  });
});

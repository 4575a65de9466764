// The Excel add-in's manifest as the build writes it: offline checks standing in for
// `office-addin-manifest validate` (which needs Microsoft's online service): well-formed, the
// schema's element order, required elements, unique ids, every resid defined, every URL a file
// the build produced, icons at their declared sizes, and the base URL and Office.js settings.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { SaxesParser } from 'saxes';
import { type BuildResult, buildAddin } from '../../addin/build/build.js';
import { MANIFEST_BASE, OFFICE_JS_CHINA, OFFICE_JS_GLOBAL, SettingsError, resolveBaseUrl, resolveOfficeJsUrl } from '../../addin/build/settings.js';

const OFFICE = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const OVERRIDES = 'http://schemas.microsoft.com/office/taskpaneappversionoverrides';
const BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

interface XmlElement {
  name: string;
  uri: string;
  /** Attributes by "{uri}local" for namespaced ones, by local name otherwise. */
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A namespace-aware element tree; saxes throws on anything that is not well-formed XML. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === 'http://www.w3.org/2000/xmlns/') continue; // namespace declarations
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const el: XmlElement = { name: tag.local, uri: tag.uri, attrs, children: [], text: '' };
    stack.at(-1)?.children.push(el);
    root ??= el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
  assert.ok(root, 'no root element');
  return root;
}

const xsiType = (el: XmlElement): string | undefined => el.attrs[`{${XSI}}type`];
const all = (el: XmlElement): XmlElement[] => [el, ...el.children.flatMap(all)];
const named = (el: XmlElement, name: string): XmlElement[] => all(el).filter((e) => e.name === name);
function child(el: XmlElement, name: string): XmlElement {
  const found = el.children.filter((c) => c.name === name);
  assert.equal(found.length, 1, `<${el.name}> should have exactly one <${name}>, has ${found.length}`);
  return found[0]!;
}
const path = (el: XmlElement, ...names: string[]): XmlElement => names.reduce(child, el);

/** Children's names in document order must follow `order` (the XSD's sequence); unknown names fail. */
function assertOrder(el: XmlElement, order: string[]): void {
  let last = -1;
  for (const c of el.children) {
    const at = order.indexOf(c.name);
    assert.ok(at >= 0, `<${c.name}> is not expected under <${el.name}>`);
    assert.ok(at >= last, `<${c.name}> comes too late under <${el.name}> (schema order: ${order.join(', ')})`);
    last = at;
  }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('Excel add-in manifest (built)', () => {
  let out: string;
  let built: BuildResult;
  let xml: string;
  let root: XmlElement;
  let host: XmlElement;
  let resources: XmlElement;

  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'jieneng-addin-'));
    built = await buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl: OFFICE_JS_GLOBAL, outDir: out, production: true });
    xml = await readFile(join(out, 'manifest.xml'), 'utf8');
    root = parseXml(xml);
    host = path(root, 'VersionOverrides', 'Hosts', 'Host');
    resources = path(root, 'VersionOverrides', 'Resources');
  });
  after(() => rm(out, { recursive: true, force: true }));

  /** Resource ids of one kind (Images, Urls, ShortStrings, LongStrings) with their values. */
  const resource = (kind: string): Map<string, string> => new Map(child(resources, kind).children.map((r) => [r.attrs['id']!, r.attrs['DefaultValue']!]));

  it('is an add-in only task pane manifest for Excel, its elements in the schema order', () => {
    assert.equal(root.name, 'OfficeApp');
    assert.equal(root.uri, OFFICE);
    assert.equal(xsiType(root), 'TaskPaneApp');
    // Microsoft's "How to find the proper order of manifest elements" (TaskPaneApp).
    assertOrder(root, ['Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'Dictionary', 'VersionOverrides', 'ExtendedOverrides']);
    const overrides = child(root, 'VersionOverrides');
    assert.equal(overrides.uri, OVERRIDES);
    assert.equal(xsiType(overrides), 'VersionOverridesV1_0');
    assertOrder(overrides, ['Description', 'Requirements', 'Hosts', 'Resources']);
    assertOrder(host, ['Runtimes', 'AllFormFactors', 'DesktopFormFactor']);
    assertOrder(child(host, 'DesktopFormFactor'), ['GetStarted', 'FunctionFile', 'ExtensionPoint']);
    assertOrder(path(host, 'AllFormFactors', 'ExtensionPoint'), ['Script', 'Page', 'Metadata', 'Namespace']);
    assertOrder(resources, ['Images', 'Urls', 'ShortStrings', 'LongStrings']);
    for (const group of named(host, 'Group')) assertOrder(group, ['OverriddenByRibbonApi', 'Label', 'Icon', 'Control']);
    for (const control of named(host, 'Control')) assertOrder(control, ['OverriddenByRibbonApi', 'Label', 'Supertip', 'Icon', 'Action', 'Enabled', 'Items']);
    for (const image of named(resources, 'Image')) assert.equal(image.uri, BT);
  });

  it('has every required element, with the values the add-in needs', async () => {
    assert.match(child(root, 'Id').text, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu);
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    assert.equal(child(root, 'Version').text, `${pkg.version}.0`);
    assert.ok(child(root, 'ProviderName').text.trim() !== '');
    assert.equal(child(root, 'DefaultLocale').text, 'zh-CN');
    assert.equal(child(root, 'DisplayName').attrs['DefaultValue'], '节能通');
    assert.match(child(root, 'Description').attrs['DefaultValue']!, /校验/u);
    for (const name of ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl']) assert.match(child(root, name).attrs['DefaultValue']!, /^https:\/\//u);
    assert.deepEqual(child(root, 'AppDomains').children.map((d) => d.text), ['https://localhost:3000']);
    assert.equal(path(root, 'Hosts', 'Host').attrs['Name'], 'Workbook');
    const sets = Object.fromEntries(path(root, 'Requirements', 'Sets').children.map((s) => [s.attrs['Name'], s.attrs['MinVersion']]));
    assert.deepEqual(sets, { SharedRuntime: '1.1', ExcelApi: '1.7' });
    assert.equal(path(root, 'DefaultSettings', 'SourceLocation').attrs['DefaultValue'], `${MANIFEST_BASE}taskpane.html`);
    assert.equal(child(root, 'Permissions').text, 'ReadWriteDocument');
    assert.equal(xsiType(host), 'Workbook');
  });

  it('reads the same through office-addin-manifest', async () => {
    const info = await OfficeAddinManifest.readManifestFile(join(out, 'manifest.xml'));
    assert.equal(info.id, child(root, 'Id').text);
    assert.equal(info.displayName, '节能通');
    assert.equal(info.officeAppType, 'TaskPaneApp');
    assert.deepEqual(info.hosts, ['Workbook']);
    assert.equal(info.defaultSettings?.sourceLocation, `${MANIFEST_BASE}taskpane.html`);
  });

  it('runs the task pane, the ribbon and the custom functions in one long-lived runtime', () => {
    const runtime = path(host, 'Runtimes', 'Runtime');
    assert.equal(runtime.attrs['lifetime'], 'long');
    const shared = runtime.attrs['resid']!;
    const functions = path(host, 'AllFormFactors', 'ExtensionPoint');
    assert.equal(xsiType(functions), 'CustomFunctions');
    assert.equal(path(functions, 'Page', 'SourceLocation').attrs['resid'], shared);
    assert.equal(path(host, 'DesktopFormFactor', 'FunctionFile').attrs['resid'], shared);
    const showPane = named(host, 'Action').filter((a) => xsiType(a) === 'ShowTaskpane');
    assert.equal(showPane.length, 1);
    assert.equal(child(showPane[0]!, 'SourceLocation').attrs['resid'], shared);
    const urls = resource('Urls');
    assert.equal(urls.get(shared), path(root, 'DefaultSettings', 'SourceLocation').attrs['DefaultValue']);
    assert.equal(urls.get(path(functions, 'Script', 'SourceLocation').attrs['resid']!), `${MANIFEST_BASE}functions.js`);
    assert.equal(urls.get(path(functions, 'Metadata', 'SourceLocation').attrs['resid']!), `${MANIFEST_BASE}functions.json`);
    assert.equal(resource('ShortStrings').get(child(functions, 'Namespace').attrs['resid']!), 'JIENENG');
  });

  it('puts a 节能通 group on the Home tab: 校验, 计算指标, 提交 (functions) and 打开面板', () => {
    const surface = named(host, 'ExtensionPoint').find((e) => xsiType(e) === 'PrimaryCommandSurface');
    assert.ok(surface);
    const tab = child(surface, 'OfficeTab');
    assert.equal(tab.attrs['id'], 'TabHome');
    const group = child(tab, 'Group');
    const label = (el: XmlElement): string => resource('ShortStrings').get(child(el, 'Label').attrs['resid']!)!;
    assert.equal(label(group), '节能通');
    const buttons = group.children.filter((c) => c.name === 'Control').map((c) => {
      assert.equal(xsiType(c), 'Button');
      const action = child(c, 'Action');
      return [label(c), xsiType(action) === 'ExecuteFunction' ? child(action, 'FunctionName').text : xsiType(action)];
    });
    assert.deepEqual(buttons, [
      ['校验', 'runCheck'],
      ['计算指标', 'runIndicators'],
      ['提交', 'runSubmit'],
      ['打开面板', 'ShowTaskpane'],
    ]);
  });

  it('has unique ids, and every resid names a resource of the right kind', () => {
    const resourceIds = child(resources, 'Images').children.concat(child(resources, 'Urls').children, child(resources, 'ShortStrings').children, child(resources, 'LongStrings').children).map((r) => r.attrs['id']!);
    assert.equal(new Set(resourceIds).size, resourceIds.length, `duplicate resource ids: ${resourceIds.join(', ')}`);
    for (const id of resourceIds) assert.ok(id.length <= 32, `resource id over 32 characters: ${id}`);
    const controlIds = all(host).filter((e) => ['Group', 'Control', 'CustomTab'].includes(e.name)).map((e) => e.attrs['id']!);
    assert.equal(new Set(controlIds).size, controlIds.length, `duplicate control ids: ${controlIds.join(', ')}`);
    assert.ok(controlIds.length >= 5);

    // Which resource kind each referencing element needs.
    const kindOf = (el: XmlElement, parent: XmlElement): string => {
      if (el.name === 'Image') return 'Images';
      if (['SourceLocation', 'FunctionFile', 'Runtime', 'LearnMoreUrl'].includes(el.name)) return 'Urls';
      if (el.name === 'Description') return 'LongStrings';
      if (el.name === 'Title' || el.name === 'Label' || el.name === 'Namespace') return 'ShortStrings';
      throw new Error(`unexpected resid on <${el.name}> under <${parent.name}>`);
    };
    let referenced = 0;
    const visit = (el: XmlElement): void => {
      for (const c of el.children) {
        const resid = c.attrs['resid'];
        if (resid !== undefined) {
          const kind = kindOf(c, el);
          assert.ok(resource(kind).has(resid), `<${c.name} resid="${resid}"> is not defined in ${kind}`);
          referenced++;
        }
        visit(c);
      }
    };
    visit(host);
    assert.ok(referenced > 20);
    for (const text of resource('ShortStrings').values()) assert.ok(text.length <= 125, text);
    for (const text of resource('LongStrings').values()) assert.ok(text.length <= 250, text);
  });

  it('points every URL at a file the build produced', () => {
    const urls = all(root).flatMap((e) => Object.values(e.attrs).filter((v) => /^https?:\/\//u.test(v)));
    assert.ok(urls.length >= 10);
    for (const url of urls) {
      assert.ok(url.startsWith(MANIFEST_BASE), `URL outside the add-in's base: ${url}`);
      const file = url.slice(MANIFEST_BASE.length);
      assert.ok(built.files.includes(file), `${url} is not among the built files`);
      assert.ok(existsSync(join(out, file)), `${url} → ${file} missing`);
    }
  });

  it('declares icons that exist at their declared pixel sizes', async () => {
    const declared: [string, number][] = [
      [child(root, 'IconUrl').attrs['DefaultValue']!, 32],
      [child(root, 'HighResolutionIconUrl').attrs['DefaultValue']!, 64],
    ];
    const images = resource('Images');
    for (const use of named(host, 'Image')) declared.push([images.get(use.attrs['resid']!)!, Number(use.attrs['size'])]);
    assert.deepEqual([...new Set(named(host, 'Image').map((i) => i.attrs['size']))].sort(), ['16', '32', '80']);
    for (const [url, size] of declared) {
      const { width, height } = pngSize(await readFile(join(out, url.slice(MANIFEST_BASE.length))));
      assert.deepEqual({ width, height }, { width: size, height: size }, url);
    }
  });
});

describe('Excel add-in build settings', () => {
  it('serves from the dev server by default, from JIENENG_ADDIN_BASE_URL, or from the public URL\'s /addin/', () => {
    assert.equal(resolveBaseUrl({}), 'https://localhost:3000/');
    assert.equal(resolveBaseUrl({ JIENENG_ADDIN_BASE_URL: 'https://jieneng.example.cn/addin' }), 'https://jieneng.example.cn/addin/');
    assert.equal(resolveBaseUrl({ JIENENG_PUBLIC_URL: 'https://bot.example.cn/' }), 'https://bot.example.cn/addin/');
    assert.equal(resolveBaseUrl({ JIENENG_PUBLIC_URL: 'https://bot.example.cn', JIENENG_ADDIN_BASE_URL: 'https://cdn.example.cn/jn/' }), 'https://cdn.example.cn/jn/');
    const warnings: string[] = [];
    assert.equal(resolveBaseUrl({ JIENENG_PUBLIC_URL: 'http://10.0.0.5:3978' }, (w) => warnings.push(w)), 'https://localhost:3000/');
    assert.match(warnings.join(), /JIENENG_PUBLIC_URL 不是 https/u);
    assert.throws(() => resolveBaseUrl({ JIENENG_ADDIN_BASE_URL: 'http://jieneng.example.cn/addin/' }), (e: unknown) => e instanceof SettingsError && /JIENENG_ADDIN_BASE_URL 必须以 https/u.test(e.message));
    assert.throws(() => resolveBaseUrl({ JIENENG_ADDIN_BASE_URL: 'jieneng' }), SettingsError);
  });

  it('takes Office.js from the global CDN, the 21Vianet CDN ("china"), or a given https URL', () => {
    assert.equal(resolveOfficeJsUrl({}), 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    assert.equal(resolveOfficeJsUrl({ JIENENG_OFFICE_JS: 'china' }), 'https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js');
    assert.equal(resolveOfficeJsUrl({ JIENENG_OFFICE_JS: 'https://intranet.example.cn/office.js' }), 'https://intranet.example.cn/office.js');
    assert.throws(() => resolveOfficeJsUrl({ JIENENG_OFFICE_JS: 'http://intranet.example.cn/office.js' }), /JIENENG_OFFICE_JS 必须以 https/u);
  });

  it('writes the configured base and Office.js into the built manifest and page', async () => {
    const out = await mkdtemp(join(tmpdir(), 'jieneng-addin-'));
    try {
      const baseUrl = 'https://jieneng.example.cn/addin/';
      await buildAddin({ baseUrl, officeJsUrl: OFFICE_JS_CHINA, outDir: out, production: true });
      const root = parseXml(await readFile(join(out, 'manifest.xml'), 'utf8'));
      const urls = all(root).flatMap((e) => Object.values(e.attrs).filter((v) => /^https?:\/\//u.test(v)));
      assert.ok(urls.length >= 10);
      for (const url of urls) assert.ok(url.startsWith(baseUrl), url);
      assert.deepEqual(child(root, 'AppDomains').children.map((d) => d.text), ['https://jieneng.example.cn']);
      const page = await readFile(join(out, 'taskpane.html'), 'utf8');
      assert.ok(page.includes(`<script src="${OFFICE_JS_CHINA}"></script>`));
      assert.ok(!page.includes(OFFICE_JS_GLOBAL));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

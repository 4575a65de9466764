/**
 * The task pane in headless Chromium, end to end: the add-in is built, served by the real server
 * under /addin/ on a loopback port, and Office.js from Microsoft's CDN is answered with the fake
 * Excel holding a sample workbook with planted mistakes. Click 校验 → the list and the marked
 * cells; click an issue → the selection moves; 计算指标 → the sheet and its chart; 提交 → the
 * receipt. A screenshot of the pane is saved under test/artifacts/.
 *
 * Needs Chromium and CJK fonts from Debian: `apt-get install chromium fonts-noto-cjk`
 * (.ci/run installs them). Without Chromium the test fails and says so; it never skips.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildAddin } from '../../addin/build/build.js';
import { MARK_FORMULA } from '../../addin/excel/marks.js';
import { JINCHENG } from '../../shared/counties.js';
import { generateSample } from '../../shared/sample/generate.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import { tempDir } from '../bot/helpers.js';
import { cliIn, startTestServer, type TestServer } from '../bot/e2e/harness.js';
import { dateSerial, FakeBook } from './fake-excel/index.js';
import { xlsxOf } from './fake-excel/xlsx.js';
import { plantedWorkbook } from './planted.js';

const CHROMIUM = '/usr/bin/chromium';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** The workbook as the fake takes it in the page: JSON, dates as Excel serials. */
function pageInput(input: WorkbookInput): WorkbookInput {
  return { sheets: input.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => r?.map((v) => (v instanceof Date ? dateSerial(v) : v))) })) };
}

describe('task pane in Chromium (issue 9)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: TestServer;
  let cleanup: () => Promise<void>;
  let token: string;
  let built: string;
  let fakeBundle: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`没有找到 Chromium（${CHROMIUM}）：浏览器测试需要它。请以 root 运行 \`apt-get install -y chromium fonts-noto-cjk\`（.ci/run 会安装）。`);
    }
    built = mkdtempSync(join(tmpdir(), 'jieneng-addin-'));
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const issued = await cliIn(temp.dir, ['token', '--county', JINCHENG.counties[4]!.name, '--format', 'json']);
    assert.equal(issued.code, 0, issued.err);
    token = (JSON.parse(issued.out) as { token: string }).token;
    server = await startTestServer({ dir: temp.dir, env: { JIENENG_ADDIN_DIR: built } });
    await buildAddin({ outDir: built, production: false, baseUrl: `https://localhost:3000/`, officeJsUrl: OFFICE_JS });
    const bundled = await build({ entryPoints: [fileURLToPath(new URL('./fake-excel/browser.ts', import.meta.url))], bundle: true, format: 'iife', platform: 'browser', write: false, target: ['es2020'] });
    fakeBundle = bundled.outputFiles[0]!.text;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await cleanup?.();
    if (built) rmSync(built, { recursive: true, force: true });
  });

  async function openPane(input: WorkbookInput): Promise<Page> {
    const fileBase64 = Buffer.from(await xlsxOf(FakeBook.fromWorkbookInput(input))).toString('base64');
    const page = await browser.newPage({ viewport: { width: 360, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    (page as unknown as { pageErrors: string[] }).pageErrors = errors;
    await page.addInitScript((config) => {
      (globalThis as unknown as Record<string, unknown>)['__FAKE_EXCEL__'] = config;
    }, { input: pageInput(input), options: { apiVersion: '1.18', partitionKey: 'browser-test' }, fileBase64 });
    // Nothing else leaves the machine: any other outside request fails the test (routes added later win).
    const outside: string[] = [];
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/u, (route) => {
      outside.push(route.request().url());
      return route.abort();
    });
    await page.route(OFFICE_JS, (route) => route.fulfill({ contentType: 'text/javascript', body: fakeBundle }));
    (page as unknown as { outside: string[] }).outside = outside;
    await page.goto(`${server.url}/addin/taskpane.html`);
    await page.getByTestId('coefficients').waitFor({ timeout: 15_000 }).catch((err: Error) => {
      throw new Error(`${err.message}\n页面错误：${errors.join('\n')}\n外部请求：${outside.join(' ')}`);
    });
    return page;
  }

  const book = (page: Page) => (js: string) => page.evaluate(`(() => { const book = window.fakeExcel.book; ${js} })()`);

  it('check, select, indicators and submit, as a county statistician clicks them', async () => {
    const { input, cells } = plantedWorkbook(30, 5);
    const page = await openPane(input);
    const inBook = book(page);
    assert.match(await page.getByTestId('coefficients').innerText(), /来自服务器/u, 'the server served the pane, and its coefficient set is used');

    // Settings: the token, kept in the browser only.
    await page.getByTestId('token').fill(token);
    await page.getByTestId('save-settings').click();
    await page.getByTestId('message').filter({ hasText: '设置已保存' }).waitFor();

    // 校验: the grouped list with counts, the marks in the workbook.
    await page.getByTestId('check').click();
    await page.getByTestId('issues').waitFor();
    const groups = await page.locator('[data-testid=issues] summary').allInnerTexts();
    assert.ok(groups.some((g) => g.startsWith('单位名录') && /错误 \d+/u.test(g)), groups.join(' | '));
    for (const c of cells) assert.equal(await page.locator(`[data-testid=issues] button[data-cell="${c.sheet}!${c.cell}"]`).count() > 0, true, `${c.sheet}!${c.cell} listed`);
    const marked = (await inBook(`return ['单位名录','能源资源消费'].flatMap((n) => book.sheet(n).conditionalFormats.filter((f) => f.formula === ${JSON.stringify(MARK_FORMULA)}).length);`)) as number[];
    assert.ok(marked.every((n) => n > 0), `conditional formats per sheet: ${marked}`);
    const note = (await inBook(`return book.sheet(${JSON.stringify(cells[0]!.sheet)}).cell(${JSON.stringify(cells[0]!.cell)}).note?.content ?? null;`)) as string | null;
    assert.match(note ?? '', /^【节能通】错误：/u);
    assert.equal(await inBook(`return book.findSheet('校验结果') !== undefined;`), true);

    // Click an issue: the cell is selected in the workbook.
    const target = cells[3]!;
    await page.locator(`[data-testid=issues] button[data-cell="${target.sheet}!${target.cell}"]`).first().click();
    await page.waitForFunction((t) => {
      const s = (globalThis as unknown as { fakeExcel: { book: { selection?: { sheet: string; address: string } } } }).fakeExcel.book.selection;
      return s?.sheet === t.sheet && s.address === t.cell;
    }, target);

    // 计算指标: the sheet, its chart, the table in the pane.
    await page.getByTestId('indicators').first().click();
    await page.locator('table[data-testid=indicators]').waitFor();
    const summary = (await inBook(`const s = book.findSheet('指标汇总'); return s ? { rows: s.values('A3:A40').filter((r) => r[0] !== '').length, charts: s.charts.length } : null;`)) as { rows: number; charts: number } | null;
    assert.ok(summary && summary.rows > 5 && summary.charts === 1, JSON.stringify(summary));

    // 提交: the real server answers; this workbook has errors, so it is kept but not accepted.
    await page.getByTestId('submit').click();
    await page.getByTestId('receipt').waitFor();
    assert.match(await page.getByTestId('receipt').innerText(), /未受理：泽州县 2026Q3 第 1 版有 \d+ 个错误/u);
    assert.ok((await page.locator('[data-testid=receipt-issues] button.issue').count()) >= cells.length);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'taskpane-check.png'), fullPage: true });
    assert.deepEqual((page as unknown as { pageErrors: string[] }).pageErrors, []);
    assert.deepEqual((page as unknown as { outside: string[] }).outside, [], 'no request left the machine');
    // The token is in the page's localStorage, not in the workbook's settings.
    assert.deepEqual(await inBook('return book.settingsWrites;'), []);
    assert.ok(String(await page.evaluate('JSON.stringify(localStorage)')).includes(token));
    await page.close();
  });

  it('a clean workbook is accepted: the receipt with version and time', async () => {
    const page = await openPane(generateSample({ county: JINCHENG.counties[4]!, period: { year: 2026, quarter: 3 }, institutions: 10, seed: 11 }));
    await page.getByTestId('token').fill(token);
    await page.getByTestId('save-settings').click();
    // The ribbon's 校验 runs in the same runtime and tells Office when it is done.
    assert.deepEqual(await page.evaluate('[...fakeExcel.records.actions.keys()].sort()'), ['runCheck', 'runIndicators', 'runSubmit']);
    // Text typed into the settings but not saved survives a check re-rendering the pane.
    await page.locator('details.settings > summary').click();
    await page.getByTestId('server-url').fill('https://typed-not-saved.example');
    await page.evaluate('new Promise((done) => fakeExcel.records.actions.get("runCheck")({ completed: done }))');
    await page.getByTestId('message').filter({ hasText: '未发现问题' }).waitFor();
    assert.equal(await page.getByTestId('server-url').inputValue(), 'https://typed-not-saved.example');
    await page.getByTestId('server-url').fill(server.url);
    await page.getByTestId('submit').click();
    await page.getByTestId('receipt').waitFor();
    assert.match(await page.getByTestId('receipt').innerText(), /已受理：泽州县 2026Q3 第 2 版，收到时间/u);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'taskpane-accepted.png'), fullPage: true });
    assert.deepEqual((page as unknown as { pageErrors: string[] }).pageErrors, []);
    await page.close();
  });
});

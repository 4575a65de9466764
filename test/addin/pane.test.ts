/**
 * The task pane's logic with the Excel gateway on the fake Excel and the real server on a loopback
 * port: the server's coefficient set, submissions of the file (and of the sheets where the host
 * cannot give the file), every failure said in Chinese, the token kept out of the workbook, and
 * re-checking after edits.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ExcelHost } from '../../addin/excel/host.js';
import { Pane, RECHECK_DELAY_MS } from '../../addin/taskpane/pane.js';
import { SettingsStore, type KeyValueStore } from '../../addin/taskpane/settings.js';
import { DEFAULT_COEFFICIENTS } from '../../shared/coefficients/default.js';
import { JINCHENG } from '../../shared/counties.js';
import { generateSample } from '../../shared/sample/generate.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import { tempDir } from '../bot/helpers.js';
import { cliIn, startTestServer, type TestServer } from '../bot/e2e/harness.js';
import { createFakeOffice, FakeBook, installGlobals, type FakeOffice } from './fake-excel/index.js';
import { xlsxOf } from './fake-excel/xlsx.js';
import { plantedWorkbook } from './planted.js';

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

/** 泽州县's clean sample (the token is 泽州县's). */
const clean = (): WorkbookInput => generateSample({ county: JINCHENG.counties[4]!, period: { year: 2026, quarter: 3 }, institutions: 12, seed: 8 });

describe('task pane with the fake Excel and the real server', function () {
  this.timeout(60_000);
  let server: TestServer;
  let cleanup: () => Promise<void>;
  let token: string;
  let restore: (() => void) | undefined;

  before(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const issued = await cliIn(temp.dir, ['token', '--county', JINCHENG.counties[4]!.name, '--format', 'json']);
    assert.equal(issued.code, 0, issued.err);
    token = (JSON.parse(issued.out) as { token: string }).token;
    server = await startTestServer({ dir: temp.dir });
  });
  after(async () => {
    await server?.stop();
    await cleanup?.();
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
    sinon.restore();
  });

  function open(input: WorkbookInput, options: { file?: boolean; apiVersion?: string } = {}): { pane: Pane; fake: FakeOffice; book: FakeBook; store: MemoryStore } {
    const book = FakeBook.fromWorkbookInput(input);
    const fake = createFakeOffice(book, { apiVersion: options.apiVersion ?? '1.18', partitionKey: 'tenant-a|user-1', ...(options.file === false ? {} : { fileBytes: () => xlsxOf(book) }) });
    restore = installGlobals(fake);
    const host = new ExcelHost();
    const store = new MemoryStore();
    const pane = new Pane({ host, settings: new SettingsStore(store, host.partitionKey, server.url) });
    return { pane, fake, book, store };
  }

  it('uses the server’s coefficient set and says so; the built-in set with a warning when the server is unreachable', async () => {
    const { pane } = open(clean());
    await pane.start();
    assert.equal(pane.current.coefficients.source, 'server');
    assert.equal(pane.current.coefficients.version, DEFAULT_COEFFICIENTS.version);
    assert.ok(pane.saveSettings('http://127.0.0.1:9', ''));
    await pane.start();
    assert.equal(pane.current.coefficients.source, 'builtin');
    assert.match(pane.current.message!.text, /无法连接服务器 http:\/\/127\.0\.0\.1:9.*内置系数表/u);
  });

  it('submits the file: an accepted receipt; the token is in localStorage under the partition key, never in the workbook', async () => {
    const { pane, book, store } = open(clean());
    assert.ok(pane.saveSettings(server.url, token));
    assert.deepEqual([...store.map.keys()], ['tenant-a|user-1jieneng.settings']);
    const answer = await pane.submit();
    assert.equal(answer?.status, 'accepted', pane.current.message?.text);
    assert.equal(answer?.version, 1);
    assert.match(pane.current.receipt!.text, /^已受理：泽州县 2026Q3 第 1 版/u);
    assert.deepEqual(book.settingsWrites, [], 'nothing put into Office.context.document.settings');
    const saved = Buffer.from(await xlsxOf(book));
    assert.equal(saved.indexOf(token), -1, 'the token is not in the saved file');
  });

  it('a workbook with mistakes: the server’s issues come back as the same clickable list', async () => {
    const { input, cells } = plantedWorkbook(12, 8);
    const { pane, book } = open(input);
    pane.saveSettings(server.url, token);
    const answer = await pane.submit();
    assert.equal(answer?.status, 'rejected');
    assert.match(pane.current.receipt!.text, /^未受理：泽州县 2026Q3 第 \d+ 版有 \d+ 个错误/u);
    const listed = pane.current.receipt!.groups.flatMap((g) => g.issues);
    for (const c of cells) assert.ok(listed.some((i) => i.sheet === c.sheet && i.cell === c.cell), `${c.sheet}!${c.cell} in the receipt`);
    await pane.select(listed[0]!);
    assert.deepEqual(book.selection, { sheet: listed[0]!.sheet, address: listed[0]!.cell });
  });

  it('where the host cannot give the file, sends the sheets as read, with the same result', async () => {
    const { pane } = open(clean(), { file: false });
    pane.saveSettings(server.url, token);
    const answer = await pane.submit();
    assert.equal(answer?.status, 'accepted', pane.current.message?.text);
    assert.match(pane.current.receipt!.text, /已发送读取到的表格数据/u);
  });

  it('says in Chinese what went wrong: no token, a wrong token, another county’s workbook, no server', async () => {
    const { pane } = open(clean());
    pane.saveSettings(server.url, '');
    await pane.submit();
    assert.match(pane.current.message!.text, /尚未填写提交令牌/u);
    pane.saveSettings(server.url, 'wrong-token');
    await pane.submit();
    assert.match(pane.current.message!.text, /令牌无效或已作废/u);
    restore?.();
    const other = open(generateSample({ county: JINCHENG.counties[0]!, period: { year: 2026, quarter: 3 }, institutions: 5, seed: 2 }));
    other.pane.saveSettings(server.url, token);
    await other.pane.submit();
    assert.match(other.pane.current.message!.text, /\p{Script=Han}/u);
    assert.equal(other.pane.current.receipt, null);
    other.pane.saveSettings('http://127.0.0.1:9', token);
    await other.pane.submit();
    assert.match(other.pane.current.message!.text, /无法连接服务器/u);
    assert.equal(other.pane.saveSettings('ftp://x', token), false);
    assert.match(other.pane.current.message!.text, /https:\/\//u);
  });

  it('清除标记 takes the add-in’s marks off and leaves the user’s note', async () => {
    const { input, cells } = plantedWorkbook(12, 8);
    const { pane, book } = open(input);
    book.addUserNote('单位名录', 'B9', '联系人：李四');
    await pane.check();
    assert.ok(book.sheet(cells[0]!.sheet).cell(cells[0]!.cell).note, 'marked first');
    await pane.clearMarks();
    for (const c of cells) assert.equal(book.sheet(c.sheet).cell(c.cell).note, undefined, `${c.cell} cleared`);
    assert.deepEqual(book.sheet('单位名录').conditionalFormats.filter((f) => f.formula?.includes('节能通')), []);
    assert.equal(book.sheet('单位名录').cell('B9').note?.content, '联系人：李四');
    assert.equal(pane.current.check, null);
    assert.match(pane.current.message!.text, /已清除/u);
  });

  it('re-checks a short pause after the user edits, not after its own writes', async () => {
    const { input, cells } = plantedWorkbook(12, 8);
    const { pane, book } = open(input);
    const first = await pane.check();
    assert.ok(first && first.errors > 0);
    const clock = sinon.useFakeTimers({ now: Date.now() + 10_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const spy = sinon.spy(pane, 'check');
    // The user types into two cells, a moment apart.
    const code = cells.find((c) => c.what === 'checksum')!;
    await book.edit(code.sheet, code.cell, [['91140525MA0XXXXXX1']]);
    await book.edit(code.sheet, 'B3', [['泽州县某单位']]);
    assert.equal(spy.callCount, 0, 'not at once');
    await clock.tickAsync(RECHECK_DELAY_MS - 10);
    assert.equal(spy.callCount, 0, 'not before the pause');
    await clock.tickAsync(20);
    assert.equal(spy.callCount, 1, 'once after the pause, for both edits');
    clock.restore();
    await spy.firstCall.returnValue;
    // Its own writes (marks, 校验结果) did not start another check.
    await new Promise((r) => setTimeout(r, RECHECK_DELAY_MS + 200));
    assert.equal(spy.callCount, 1);
    await pane.dispose();
  });
});

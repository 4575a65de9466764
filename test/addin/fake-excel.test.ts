/**
 * The fake Excel host: Office.js load/sync semantics, sync and byte counting, the payload limit,
 * null objects, notes and comments, conditional formats over RangeAreas, API version gating,
 * the file in slices, onChanged, and that it bundles for the browser.
 */
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import JSZip from 'jszip';
import { readXlsxBuffer } from '../../bot/xlsx/read.js';
import { createFakeOffice, FakeBook, type FakeExcelOptions, installGlobals } from './fake-excel/index.js';
import { xlsxOf } from './fake-excel/xlsx.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the fake is driven the way untyped Office.js code would drive it */

function fakeWith(options: FakeExcelOptions = {}) {
  const book = FakeBook.fromWorkbookInput({
    sheets: [
      {
        name: 'Sheet1',
        rows: [
          ['名称', '数量', '日期'],
          ['甲', 12, new Date(Date.UTC(2026, 0, 15))],
          ['乙', '#DIV/0!', null],
        ],
        valueTypes: [undefined, undefined, [undefined, 'Error']],
        merges: ['A5:B6'],
      },
      { name: 'My Sheet', rows: [] },
    ],
  });
  const fake = createFakeOffice(book, options);
  return { fake, book, Excel: fake.Excel as any, Office: fake.Office as any };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  assert.fail('expected a rejection');
}

describe('fake Excel', () => {
  describe('load and sync', () => {
    it('throws PropertyNotLoaded before the sync and gives the values after', async () => {
      const { Excel } = fakeWith();
      await Excel.run(async (context: any) => {
        const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:C3');
        range.load('values, valueTypes, numberFormat, address');
        assert.throws(() => range.values, (e: any) => e.code === 'PropertyNotLoaded' && /call the load method/u.test(e.message));
        await context.sync();
        assert.deepEqual(range.values, [
          ['名称', '数量', '日期'],
          ['甲', 12, 46037],
          ['乙', '#DIV/0!', ''],
        ]);
        assert.deepEqual(range.valueTypes[2], ['String', 'Error', 'Empty']);
        assert.equal(range.numberFormat[1][2], 'yyyy-mm-dd');
        assert.equal(range.numberFormat[0][0], 'General');
        assert.equal(range.address, 'Sheet1!A1:C3');
        assert.throws(() => range.rowCount, (e: any) => e.code === 'PropertyNotLoaded');
      });
    });

    it('applies queued writes only at the sync, in order, and quotes sheet names that need it', async () => {
      const { Excel, book } = fakeWith();
      await Excel.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getItem('My Sheet');
        const range = sheet.getRange('B2:C2');
        range.values = [['a', '0012']];
        range.format.fill.color = 'yellow';
        assert.equal(book.sheet('My Sheet').cell('B2').value, '');
        await context.sync();
        assert.deepEqual(book.sheet('My Sheet').values('B2:C2'), [['a', 12]]);
        assert.equal(book.sheet('My Sheet').cell('C2').fill, '#FFFF00');
        const cell = range.getCell(0, 1);
        cell.load('address');
        range.format.fill.load('color');
        await context.sync();
        assert.equal(cell.address, "'My Sheet'!C2");
        assert.equal(range.format.fill.color, '#FFFF00');
      });
    });

    it('loads collections with items/name paths and ClientResult values', async () => {
      const { Excel } = fakeWith();
      await Excel.run(async (context: any) => {
        const sheets = context.workbook.worksheets;
        sheets.load('items/name');
        const count = sheets.getCount();
        assert.throws(() => sheets.items, (e: any) => e.code === 'PropertyNotLoaded');
        assert.throws(() => count.value, (e: any) => e.code === 'PropertyNotLoaded');
        await context.sync();
        assert.deepEqual(sheets.items.map((s: any) => s.name), ['Sheet1', 'My Sheet']);
        assert.equal(count.value, 2);
        assert.throws(() => sheets.items[0].position, (e: any) => e.code === 'PropertyNotLoaded');
      });
    });

    it('rejects the sync with ItemNotFound; actions before the failure stay applied', async () => {
      const { Excel, book } = fakeWith();
      const error = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('E1').values = [['before']];
        context.workbook.worksheets.getItem('无此表').getRange('A1').values = [['x']];
        context.workbook.worksheets.getItem('Sheet1').getRange('E2').values = [['after']];
        await context.sync();
      }));
      assert.equal(error.code, 'ItemNotFound');
      assert.equal(book.sheet('Sheet1').cell('E1').value, 'before');
      assert.equal(book.sheet('Sheet1').cell('E2').value, '');
    });

    it('addresses by indexes and continues a context with Excel.run(previousObject, batch)', async () => {
      const { Excel, fake } = fakeWith();
      const range = await Excel.run(async (context: any) => {
        const r = context.workbook.worksheets.getItem('Sheet1').getRangeByIndexes(1, 0, 2, 2);
        r.load('address, values');
        await context.sync();
        return r;
      });
      assert.equal(range.address, 'Sheet1!A2:B3');
      await Excel.run(range, async (context: any) => {
        assert.equal(context, range.context);
        range.values = [['丙', 1], ['丁', 2]];
        await context.sync();
      });
      assert.deepEqual(fake.book.sheet('Sheet1').values('A2:B3'), [['丙', 1], ['丁', 2]]);
      const outside = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').getOffsetRange(-1, 0).load('address');
        await context.sync();
      }));
      assert.equal(outside.code, 'InvalidArgument');
    });

    it('rejects a values array of the wrong size and a duplicate sheet name', async () => {
      const { Excel } = fakeWith();
      const size = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = [[1, 2]];
        await context.sync();
      }));
      assert.equal(size.code, 'InvalidArgument');
      const duplicate = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.add('sheet1');
        await context.sync();
      }));
      assert.equal(duplicate.code, 'ItemAlreadyExists');
    });
  });

  describe('counting', () => {
    it('counts each sync, and the final sync Excel.run makes only when actions are queued', async () => {
      const { Excel, fake } = fakeWith();
      await Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').load('name');
        await context.sync();
      });
      assert.equal(fake.stats().syncs, 1);
      await Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
      });
      assert.equal(fake.stats().syncs, 2, 'queued actions are synced when the batch ends');
      assert.equal(fake.book.sheet('Sheet1').cell('A1').value, 'x');
      fake.resetStats();
      assert.deepEqual(fake.stats(), { syncs: 0, requests: [], maxRequestBytes: 0, maxResponseBytes: 0, totalBytes: 0 });
    });

    it('request bytes grow with the values written, response bytes with the values read', async () => {
      const { Excel, fake } = fakeWith();
      const write = (rows: number) =>
        Excel.run(async (context: any) => {
          const values = Array.from({ length: rows }, (_, i) => [`机构${i}`, i * 1.5, '节能通检查说明']);
          context.workbook.worksheets.getItem('Sheet1').getRange(`A1:C${rows}`).values = values;
          await context.sync();
          return Buffer.byteLength(JSON.stringify(values));
        });
      const small = await write(10);
      const large = await write(2000);
      const [a, b] = fake.stats().requests;
      assert.ok(a!.requestBytes > small && a!.requestBytes < small + 1000, `${a!.requestBytes} vs ${small}`);
      assert.ok(b!.requestBytes > large && b!.requestBytes < large + 1000);
      // UTF-8: each Chinese character counts three bytes.
      assert.ok(large > 2000 * 3 * 9);
      await Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:C2000').load('values');
        await context.sync();
      });
      const read = fake.stats().requests[2]!;
      assert.ok(read.responseBytes > b!.requestBytes - 1000 && read.requestBytes < 1000);
      const stats = fake.stats();
      assert.equal(stats.maxRequestBytes, b!.requestBytes);
      assert.equal(stats.totalBytes, stats.requests.reduce((n, r) => n + r.requestBytes + r.responseBytes, 0));
    });

    it('rejects a request or a response over maxPayloadBytes with RequestPayloadSizeLimitExceeded', async () => {
      const { Excel, fake, book } = fakeWith({ maxPayloadBytes: 20_000 });
      const values = Array.from({ length: 1000 }, (_, i) => [i, '一二三四五']);
      const big = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('H1:I1000').values = values;
        await context.sync();
      }));
      assert.equal(big.code, 'RequestPayloadSizeLimitExceeded');
      assert.equal(book.sheet('Sheet1').cell('H1').value, '', 'nothing of an oversize request is applied');
      assert.equal(fake.stats().syncs, 1);
      book.sheet('Sheet1').edit(1, 8).value = 'x'.repeat(30_000);
      const response = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('H1').load('values');
        await context.sync();
      }));
      assert.equal(response.code, 'RequestPayloadSizeLimitExceeded');
    });
  });

  describe('null objects', () => {
    it('sets isNullObject at the sync; methods on a null object do nothing', async () => {
      const { Excel, book } = fakeWith();
      await Excel.run(async (context: any) => {
        const missing = context.workbook.worksheets.getItemOrNullObject('无此表');
        const present = context.workbook.worksheets.getItemOrNullObject('Sheet1');
        const used = context.workbook.worksheets.getItem('My Sheet').getUsedRangeOrNullObject(true);
        const usedHere = context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject(true);
        usedHere.load('address');
        assert.throws(() => missing.isNullObject, (e: any) => e.code === 'PropertyNotLoaded');
        await context.sync();
        assert.equal(missing.isNullObject, true);
        assert.equal(present.isNullObject, false);
        assert.equal(used.isNullObject, true);
        assert.equal(usedHere.address, 'Sheet1!A1:C3');
        missing.delete();
        await context.sync();
      });
      assert.equal(book.sheets.length, 2);
    });

    it('gives merged areas, or a null object where a range has none', async () => {
      const { Excel } = fakeWith();
      await Excel.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getItem('Sheet1');
        const merged = sheet.getRange('A1:D10').getMergedAreasOrNullObject();
        merged.load('address, areaCount, areas/items/address');
        const none = sheet.getRange('A1:C3').getMergedAreasOrNullObject();
        await context.sync();
        assert.equal(none.isNullObject, true);
        assert.equal(merged.areaCount, 1);
        assert.equal(merged.address, 'Sheet1!A5:B6');
        assert.deepEqual(merged.areas.items.map((r: any) => r.address), ['Sheet1!A5:B6']);
      });
    });
  });

  describe('notes and comments', () => {
    it('adds, finds and deletes notes; a second note on a cell fails', async () => {
      const { Excel, book } = fakeWith();
      book.addUserNote('Sheet1', 'A1', '用户的批注');
      await Excel.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getItem('Sheet1');
        sheet.notes.add('B2', '数量应为整数');
        context.workbook.notes.add(sheet.getRange('C2'), '日期有误');
        await context.sync();
        const note = context.workbook.notes.getItem('Sheet1!B2');
        note.load('content, authorName');
        const location = note.getLocation();
        location.load('address');
        const all = sheet.notes;
        all.load('items/content');
        const missing = sheet.notes.getItemOrNullObject('D9');
        await context.sync();
        assert.equal(note.content, '数量应为整数');
        assert.equal(note.authorName, book.userName);
        assert.equal(location.address, 'Sheet1!B2');
        assert.deepEqual(all.items.map((n: any) => n.content), ['用户的批注', '数量应为整数', '日期有误']);
        assert.equal(missing.isNullObject, true);
        all.items[1].delete();
        await context.sync();
      });
      assert.equal(book.sheet('Sheet1').cell('B2').note, undefined);
      assert.equal(book.sheet('Sheet1').cell('A1').note?.content, '用户的批注');
      const duplicate = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').notes.add('A1', '再加一条');
        await context.sync();
      }));
      assert.equal(duplicate.code, 'InvalidArgument');
      const multi = await rejection(Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').notes.add('A1:B2', '多格');
        await context.sync();
      }));
      assert.equal(multi.code, 'InvalidArgument');
    });

    it('adds comments, finds them by cell, and refuses a second comment on a cell', async () => {
      const { Excel, book } = fakeWith();
      const userComment = book.addUserComment('Sheet1', 'A2', '请核对');
      await Excel.run(async (context: any) => {
        const added = context.workbook.comments.add('Sheet1!B3', '不能是错误值');
        added.load('id');
        const byCell = context.workbook.worksheets.getItem('Sheet1').comments.getItemByCell('A2');
        byCell.load('id, content');
        await context.sync();
        assert.equal(byCell.id, userComment);
        assert.equal(byCell.content, '请核对');
        assert.ok(book.comments.get(added.id));
        added.delete();
        await context.sync();
        context.workbook.comments.add('Sheet1!B3', '删除后可再加');
        await context.sync();
      });
      assert.equal(book.commentAt(book.sheet('Sheet1'), 3, 2)?.content, '删除后可再加');
      const duplicate = await rejection(Excel.run(async (context: any) => {
        context.workbook.comments.add('Sheet1!A2', '重复');
        await context.sync();
      }));
      assert.equal(duplicate.code, 'InvalidArgument');
    });
  });

  describe('formats', () => {
    it('puts one conditional format over every area of a RangeAreas; a range sees the formats that meet it', async () => {
      const { Excel, book } = fakeWith();
      await Excel.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getItem('Sheet1');
        const areas = sheet.getRanges('A1:A2, C3');
        areas.format.fill.color = '#FFC7CE';
        const format = areas.conditionalFormats.add(Excel.ConditionalFormatType.custom);
        format.custom.rule.formula = '=$B1>0';
        format.custom.format.fill.color = '#C6EFCE';
        format.custom.format.font.bold = true;
        areas.load('address, areaCount');
        await context.sync();
        assert.equal(areas.address, 'Sheet1!A1:A2, Sheet1!C3');
        assert.equal(areas.areaCount, 2);
        const onB = sheet.getRange('B1:B9').conditionalFormats.getCount();
        const onC = sheet.getRange('C1:C9').conditionalFormats;
        onC.load('items/id, items/type');
        await context.sync();
        assert.equal(onB.value, 0);
        assert.equal(onC.items.length, 1);
        assert.equal(onC.items[0].type, 'Custom');
      });
      const sheet = book.sheet('Sheet1');
      assert.equal(sheet.conditionalFormats.length, 1);
      assert.deepEqual(sheet.conditionalFormats[0]!.areas, [
        { top: 1, left: 1, bottom: 2, right: 1 },
        { top: 3, left: 3, bottom: 3, right: 3 },
      ]);
      assert.equal(sheet.conditionalFormats[0]!.fill, '#C6EFCE');
      assert.equal(sheet.cell('A2').fill, '#FFC7CE');
      assert.equal(sheet.cell('B2').fill, undefined);
      await Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('C3').conditionalFormats.clearAll();
      });
      assert.deepEqual(sheet.conditionalFormats[0]!.areas, [{ top: 1, left: 1, bottom: 2, right: 1 }]);
    });

    it('reports a fill as white when unfilled and null when mixed; clear(Formats) keeps values', async () => {
      const { Excel, book } = fakeWith();
      book.setUserFill('Sheet1', 'A1', '#ff0000');
      await Excel.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getItem('Sheet1');
        const mixed = sheet.getRange('A1:A2').format.fill;
        const plain = sheet.getRange('B1:B2').format.fill;
        mixed.load('color');
        plain.load('color');
        await context.sync();
        assert.equal(mixed.color, null);
        assert.equal(plain.color, '#FFFFFF');
        sheet.getRange('A1').clear(Excel.ClearApplyTo.formats);
      });
      assert.equal(book.sheet('Sheet1').cell('A1').fill, undefined);
      assert.equal(book.sheet('Sheet1').cell('A1').value, '名称');
    });

    it('adds a chart and records the selection', async () => {
      const { Excel, book } = fakeWith();
      await Excel.run(async (context: any) => {
        const sheet = context.workbook.worksheets.getItem('Sheet1');
        const chart = sheet.charts.add(Excel.ChartType.columnClustered, sheet.getRange('A1:B3'), Excel.ChartSeriesBy.columns);
        chart.title.text = '指标';
        chart.setPosition('E2', 'L20');
        context.workbook.worksheets.getItem('My Sheet').getRange('D4').select();
        await context.sync();
        const found = sheet.charts.getItemOrNullObject('Chart 1');
        found.load('name');
        await context.sync();
        assert.equal(found.name, 'Chart 1');
      });
      assert.deepEqual(book.sheet('Sheet1').charts[0]!.position, { startCell: 'E2', endCell: 'L20' });
      assert.equal(book.sheet('Sheet1').charts[0]!.title, '指标');
      assert.deepEqual(book.selection, { sheet: 'My Sheet', address: 'D4' });
      assert.equal(book.activeSheet?.name, 'My Sheet');
    });
  });

  describe('API versions', () => {
    it('answers isSetSupported and fails APIs above the version with ApiNotFound', async () => {
      const { Excel, Office } = fakeWith({ apiVersion: '1.7' });
      const req = Office.context.requirements;
      assert.equal(req.isSetSupported('ExcelApi', '1.7'), true);
      assert.equal(req.isSetSupported('ExcelApi', '1.8'), false);
      assert.equal(req.isSetSupported('ExcelApi', '1.10'), false);
      assert.equal(req.isSetSupported('SharedRuntime', '1.1'), true);
      for (const [api, use] of [
        ['notes', (c: any) => c.workbook.worksheets.getItem('Sheet1').notes.add('A1', 'x')],
        ['comments', (c: any) => c.workbook.comments.add('Sheet1!A1', 'x')],
        ['getRanges', (c: any) => c.workbook.worksheets.getItem('Sheet1').getRanges('A1, B2').format.fill.color = '#FF0000'],
        ['dataValidation', (c: any) => (c.workbook.worksheets.getItem('Sheet1').getRange('A1').dataValidation.rule = { list: { inCellDropDown: true, source: '是,否' } })],
        ['getMergedAreasOrNullObject', (c: any) => c.workbook.worksheets.getItem('Sheet1').getRange('A1').getMergedAreasOrNullObject()],
      ] as const) {
        const error = await rejection(Excel.run(async (context: any) => {
          use(context);
          await context.sync();
        }));
        assert.equal(error.code, 'ApiNotFound', api);
      }
      await Excel.run(async (context: any) => {
        const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
        range.hyperlink = { documentReference: "'My Sheet'!A1", textToDisplay: '跳转' };
        range.conditionalFormats.add('Custom').custom.rule.formula = '=TRUE';
        await context.sync();
      });
      const old = fakeWith({ apiVersion: '1.3' });
      const error = await rejection(old.Excel.run(async (context: any) => {
        context.workbook.worksheets.getItemOrNullObject('Sheet1');
        await context.sync();
      }));
      assert.equal(error.code, 'ApiNotFound');
    });
  });

  describe('Office', () => {
    it('gives the file in slices that reassemble to the bytes, and closes it', async () => {
      const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256);
      const { Office } = fakeWith({ fileBytes: () => bytes });
      const file: any = await new Promise((resolve, reject) => {
        Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: 4096 }, (r: any) =>
          r.status === Office.AsyncResultStatus.Succeeded ? resolve(r.value) : reject(new Error(r.error.message)),
        );
      });
      assert.equal(file.size, 10_000);
      assert.equal(file.sliceCount, 3);
      const parts: number[][] = [];
      for (let i = 0; i < file.sliceCount; i++) {
        const slice: any = await new Promise((resolve) => file.getSliceAsync(i, (r: any) => resolve(r.value)));
        assert.ok(Array.isArray(slice.data));
        assert.equal(slice.index, i);
        parts.push(slice.data);
      }
      assert.deepEqual(Uint8Array.from(parts.flat()), bytes);
      await new Promise((resolve) => file.closeAsync(resolve));
    });

    it('saves the book as .xlsx with the document settings inside, as Office does', async () => {
      const { Office, book } = fakeWith({ fileBytes: () => xlsxOf(book) });
      Office.context.document.settings.set('serverUrl', 'https://example.cn/<x>');
      await new Promise((resolve) => Office.context.document.settings.saveAsync(resolve));
      const file: any = await new Promise((resolve) => Office.context.document.getFileAsync('compressed', (r: any) => resolve(r.value)));
      const slice: any = await new Promise((resolve) => file.getSliceAsync(0, (r: any) => resolve(r.value)));
      file.closeAsync();
      const bytes = Buffer.from(slice.data);
      const zip = await JSZip.loadAsync(bytes);
      const part = await zip.file('xl/webextensions/webextension1.xml')!.async('string');
      assert.match(part, /name="serverUrl" value="&quot;https:\/\/example.cn\/&lt;x&gt;&quot;"/u);
      const input = await readXlsxBuffer(bytes);
      const sheet1 = input.sheets.find((s) => s.name === 'Sheet1')!;
      assert.deepEqual(sheet1.rows[1]!.slice(0, 2), ['甲', 12]);
      assert.equal((sheet1.rows[1]![2] as Date).toISOString().slice(0, 10), '2026-01-15');
    });

    it('fails getFileAsync where the host cannot give the file', async () => {
      const { Office } = fakeWith();
      const result: any = await new Promise((resolve) => Office.context.document.getFileAsync('compressed', resolve));
      assert.equal(result.status, 'failed');
      assert.ok(result.error.message);
    });

    it('records document settings, and gives partitionKey and onReady', async () => {
      const { Office, book } = fakeWith({ partitionKey: 'abc' });
      assert.deepEqual(await Office.onReady(), { host: 'Excel', platform: 'OfficeOnline' });
      assert.equal(Office.context.partitionKey, 'abc');
      Office.context.document.settings.set('serverUrl', 'https://example.cn');
      await new Promise((resolve) => Office.context.document.settings.saveAsync(resolve));
      assert.deepEqual(book.settingsWrites, [{ name: 'serverUrl', value: 'https://example.cn' }]);
      assert.deepEqual(book.documentSettings, { serverUrl: 'https://example.cn' });
    });

    it('installGlobals sets and restores Excel and Office', () => {
      const { fake } = fakeWith();
      const restore = installGlobals(fake);
      assert.equal((globalThis as any).Excel, fake.Excel);
      assert.equal((globalThis as any).Office, fake.Office);
      restore();
      assert.equal((globalThis as any).Excel, undefined);
    });
  });

  describe('onChanged', () => {
    it('calls handlers for the user\'s edits and the add-in\'s writes until removed', async () => {
      const { Excel, book } = fakeWith();
      const seen: any[] = [];
      const handler = await Excel.run(async (context: any) => {
        const result = context.workbook.worksheets.getItem('Sheet1').onChanged.add((args: any) => {
          seen.push(args);
        });
        await context.sync();
        return result;
      });
      await book.edit('Sheet1', 'B2:B3', [[5], [6]]);
      assert.deepEqual(seen, [{ type: 'WorksheetChanged', worksheetId: book.sheet('Sheet1').id, address: 'B2:B3', changeType: 'RangeEdited', source: 'Local' }]);
      assert.equal(book.sheet('Sheet1').cell('B3').value, 6);
      await Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('D4').values = [[1]];
        await context.sync();
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
      assert.equal(seen.length, 2);
      assert.equal(seen[1]!.address, 'D4');
      await Excel.run(handler.context, async () => {
        handler.remove();
        await handler.context.sync();
      });
      await book.edit('Sheet1', 'A9', [['x']]);
      assert.equal(seen.length, 2);
      assert.equal(book.listenerCount('Sheet1'), 0);
    });
  });

  it('bundles for the browser and runs without Node or DOM globals', async () => {
    const result = await build({
      entryPoints: ['test/addin/fake-excel/browser.ts'],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    assert.deepEqual(result.errors, []);
    const code = result.outputFiles[0]!.text;
    const sandbox: Record<string, unknown> = { __FAKE_EXCEL__: { input: { sheets: [{ name: '表1', rows: [[1, 2]] }] }, options: { apiVersion: '1.9' } } };
    sandbox['globalThis'] = sandbox;
    runInNewContext(code, sandbox);
    const values = await runInNewContext(
      `Excel.run(async (context) => {
         const r = context.workbook.worksheets.getItem('表1').getRange('A1:B1');
         r.load('values');
         await context.sync();
         return r.values;
       })`,
      sandbox,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(values)), [[1, 2]]);
    assert.equal((sandbox['fakeExcel'] as any).stats().syncs, 1);
    assert.equal(runInNewContext(`Office.context.requirements.isSetSupported('ExcelApi', '1.10')`, sandbox), false);
  });
});

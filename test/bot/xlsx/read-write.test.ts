import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worksheet } from 'exceljs';
import ExcelJS from '../../../bot/xlsx/exceljs.js';
import { plainValue, readXlsxBuffer, readXlsxFile, WorkbookReadError } from '../../../bot/xlsx/read.js';
import { writeXlsx, xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { validateWorkbook } from '../../../shared/engine.js';
import { generateSample } from '../../../shared/sample/generate.js';
import { blankTemplate, GUIDE_SHEET } from '../../../shared/template/blank.js';
import { sheetSpec, SHEET } from '../../../shared/template/v1.js';
import { tempDir } from '../helpers.js';

const zezhou = JINCHENG.counties.find((c) => c.name === '泽州县')!;
const sample = (institutions = 40, seed = 5) => generateSample({ county: zezhou, period: { year: 2026, quarter: 3 }, institutions, seed });

describe('bot/xlsx read and write', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(async () => cleanup());

  it('reads back a written sample cell for cell, and it validates clean', async () => {
    const input = sample();
    const file = join(dir, 'sample.xlsx');
    await writeXlsx(input, file);
    const back = await readXlsxFile(file);
    assert.equal(back.sheets[0]!.name, GUIDE_SHEET, 'the guide sheet comes first');
    for (const original of input.sheets) {
      const read = back.sheets.find((s) => s.name === original.name);
      assert.ok(read, `sheet ${original.name} read back`);
      original.rows.forEach((row, r) =>
        (row ?? []).forEach((v, c) => {
          const got = read.rows[r]?.[c];
          if (v === null || v === undefined) assert.ok(got === null || got === undefined, `${original.name} r${r + 1}c${c + 1} blank`);
          else if (v instanceof Date) assert.equal((got as Date).toISOString(), v.toISOString());
          else assert.equal(got, v, `${original.name} r${r + 1}c${c + 1}`);
        }),
      );
    }
    const v = validateWorkbook(back);
    assert.deepEqual(v.summary, { errors: 0, warnings: 0 });
  });

  it('keeps every Chinese character intact across stream chunk boundaries (exceljs #2084)', async () => {
    // 4,000 distinct long Chinese strings: the shared-strings part spans many 16 KiB chunks, and
    // most chunk boundaries fall inside a three-byte character.
    const names = Array.from({ length: 4000 }, (_, i) => `晋城市泽州县第${i}号公共机构节能降碳示范单位（绿色低碳）`);
    const input = { sheets: [{ name: '测试', rows: names.map((n) => [n]) }] };
    const back = await readXlsxBuffer(await xlsxBuffer(input, { guide: false, decorate: false }));
    const got = back.sheets[0]!.rows.map((r) => r?.[0]);
    assert.equal(got.filter((s) => typeof s === 'string' && s.includes('\uFFFD')).length, 0, 'no replacement characters');
    assert.deepEqual(got, names);
  });

  it('writes the template with headers, notes and drop-down lists from the declaration', async () => {
    const file = join(dir, 'template.xlsx');
    await writeXlsx(blankTemplate(), file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    assert.equal(wb.worksheets[0]!.name, GUIDE_SHEET);
    const ws = wb.getWorksheet(SHEET.institutions)!;
    const spec = sheetSpec(SHEET.institutions);
    spec.fields.forEach((f, i) => assert.equal(ws.getRow(1).getCell(i + 1).value, f.header));
    const typeColumn = spec.fields.findIndex((f) => f.key === 'type') + 1;
    const typeHeader = ws.getRow(1).getCell(typeColumn);
    assert.match(String(typeHeader.note), /党政机关/u, 'header note carries the rule');
    const model = (ws as Worksheet & { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const typeList = model[`${String.fromCharCode(64 + typeColumn)}2`];
    assert.equal(typeList?.type, 'list');
    assert.equal(typeList?.formulae[0], '"党政机关,学校,医院,场馆,其他事业单位,团体组织"');
    const basic = wb.getWorksheet(SHEET.basic)!;
    const county = (basic as Worksheet & { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model['B1'];
    assert.equal(county?.formulae[0], `"${JINCHENG.counties.map((c) => c.name).join(',')}"`);
    // The blank template is readable and its only errors are the empty 基本信息 values and the
    // empty 单位名录 (a workbook without institutions is an error).
    const v = validateWorkbook(await readXlsxFile(file));
    assert.equal(v.summary.errors, 8);
    const [empty, ...rest] = [...v.issues].sort((a, b) => Number(b.code === 'missing-row') - Number(a.code === 'missing-row'));
    assert.deepEqual([empty?.code, empty?.sheet, empty?.cell], ['missing-row', SHEET.institutions, 'A1']);
    assert.ok(rest.every((i) => i.sheet === SHEET.basic && i.code === 'required'));
  });

  describe('files that are not readable workbooks', () => {
    const cases: [string, () => Buffer, WorkbookReadError['reason'], RegExp][] = [
      ['a CSV file', () => Buffer.from('单位名称,电力\n财政局,100\n'), 'not-xlsx', /不是 Excel 工作簿/u],
      ['an empty file', () => Buffer.alloc(0), 'not-xlsx', /空文件/u],
      ['a legacy .xls (CFB container)', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), 'legacy-xls', /另存为/u],
      [
        'an encrypted workbook',
        () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(64)]),
        'encrypted',
        /已加密/u,
      ],
    ];
    for (const [what, bytes, reason, message] of cases) {
      it(`rejects ${what} with a Chinese message`, async () => {
        const file = join(dir, `bad-${reason}.bin`);
        await writeFile(file, bytes());
        await assert.rejects(readXlsxFile(file), (err: unknown) => {
          assert.ok(err instanceof WorkbookReadError);
          assert.equal(err.reason, reason);
          assert.match(err.message, message);
          return true;
        });
      });
    }

    it('rejects a truncated .xlsx as corrupt', async () => {
      const whole = await xlsxBuffer(sample(200));
      const file = join(dir, 'truncated.xlsx');
      await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
      await assert.rejects(readXlsxFile(file), (err: unknown) => err instanceof WorkbookReadError && err.reason === 'corrupt' && /已损坏/u.test(err.message));
    });

    it('rejects a zip archive that holds no workbook', async () => {
      // An .xlsx is a zip; take one and keep only its [Content_Types].xml-free shell: a zip of one text file.
      const JSZip = (await import('jszip')).default;
      const zip = new JSZip();
      zip.file('readme.txt', '这不是工作簿');
      const file = join(dir, 'plain.zip');
      await writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
      await assert.rejects(readXlsxFile(file), (err: unknown) => err instanceof WorkbookReadError && err.reason === 'not-xlsx');
    });

    it('names a missing file', async () => {
      await assert.rejects(readXlsxFile(join(dir, 'nope.xlsx')), (err: unknown) => err instanceof WorkbookReadError && err.reason === 'not-found' && /不存在/u.test(err.message));
    });
  });

  it('reads sheet names also when the workbook rels use absolute targets', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(await xlsxBuffer(sample(5)));
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    zip.file('xl/_rels/workbook.xml.rels', rels.replace(/Target="worksheets\//gu, 'Target="/xl/worksheets/'));
    const back = await readXlsxBuffer(await zip.generateAsync({ type: 'nodebuffer' }));
    assert.ok(back.sheets.some((s) => s.name === SHEET.institutions), back.sheets.map((s) => s.name).join(','));
    assert.equal(validateWorkbook(back).summary.errors, 0);
  });

  it('flattens formulas, rich text, hyperlinks and errors to plain values', () => {
    assert.equal(plainValue({ formula: 'A1*2', result: 42 }), 42);
    assert.equal(plainValue({ formula: 'A1/0', result: { error: '#DIV/0!' } } as never), '#DIV/0!');
    assert.equal(plainValue({ richText: [{ text: '泽州' }, { text: '县' }] }), '泽州县');
    assert.equal(plainValue({ text: '链接文字', hyperlink: 'https://example.org' }), '链接文字');
    assert.equal(plainValue({ error: '#N/A' } as never), '#N/A');
    assert.equal(plainValue(undefined), null);
  });

  it('reads the same model from a file and from a buffer', async () => {
    const file = join(dir, 'same.xlsx');
    await writeXlsx(sample(10), file);
    assert.deepEqual(await readXlsxBuffer(await readFile(file)), await readXlsxFile(file));
  });
});

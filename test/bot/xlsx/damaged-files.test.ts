import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readXlsxBuffer, WorkbookReadError } from '../../../bot/xlsx/read.js';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { JINCHENG } from '../../../shared/counties.js';
import { validateWorkbook } from '../../../shared/engine.js';
import { generateSample } from '../../../shared/sample/generate.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 150);

/** Resolves to what reading gave, or 'hang' when it did not settle within `ms`. */
async function outcome(data: Buffer, ms = 10_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('hang'), ms)));
  const read = readXlsxBuffer(data).then(
    (wb) => {
      validateWorkbook(wb);
      return 'read';
    },
    (err: unknown) => (err instanceof WorkbookReadError ? `error:${err.reason}` : `unexpected:${String(err)}`),
  );
  try {
    return await Promise.race([read, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

describe('damaged .xlsx files (random corruption of a real sample)', function () {
  this.timeout(300_000);
  let good: Buffer;
  before(async () => {
    good = await xlsxBuffer(generateSample({ county: JINCHENG.counties[0]!, period: { year: 2026, quarter: 3 }, institutions: 15, seed: 3 }));
  });

  // Before the package was verified and re-streamed, about one such file in ten made exceljs's
  // streaming reader wait forever, and some were read without complaint.
  it('end in a workbook or a WorkbookReadError, never a hang or another error', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => ({ kind: 'flip' as const, flips })),
          fc.nat().map((at) => ({ kind: 'truncate' as const, at })),
          fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, bytes]) => ({ kind: 'insert' as const, at, bytes })),
        ),
        async (damage) => {
          let data: Buffer;
          if (damage.kind === 'flip') {
            data = Buffer.from(good);
            for (const [at, byte] of damage.flips) data[at % data.length] = byte;
          } else if (damage.kind === 'truncate') {
            data = good.subarray(0, damage.at % good.length);
          } else {
            const at = damage.at % good.length;
            data = Buffer.concat([good.subarray(0, at), Buffer.from(damage.bytes), good.subarray(at)]);
          }
          const result = await outcome(data);
          seen.set(result, (seen.get(result) ?? 0) + 1);
          assert.ok(result === 'read' || result.startsWith('error:'), `${damage.kind}: ${result}`);
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok((seen.get('error:corrupt') ?? 0) > 0, 'most damage is reported as corrupt');
  });

  it('rejects a workbook whose zip directory hides a part the package lists', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(good);
    zip.remove('xl/sharedStrings.xml');
    const r = await outcome(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    assert.equal(r, 'error:corrupt', 'strings would otherwise read as blank');
  });

  it('refuses a workbook that inflates beyond the cap before inflating it', async () => {
    await assert.rejects(readXlsxBuffer(good, '上传的文件', { maxUncompressedBytes: 10_000 }), (err: unknown) => {
      assert.ok(err instanceof WorkbookReadError);
      assert.equal(err.reason, 'too-large');
      assert.match(err.message, /解压后过大：约 \d+ MB，超过 0 MB 的上限/u);
      return true;
    });
  });
});

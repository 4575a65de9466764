/**
 * The reader drives exceljs's private methods (package.ts) and bounds saxes's private buffers
 * (exceljs.ts): exceljs is pinned to one version, and a version without them fails at load time
 * with a clear internal error instead of a TypeError on the first upload (issue 8 review, item 6).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { checkInternals, missingInternals, READER_METHODS, WorkbookReader } from '../../../bot/xlsx/exceljs.js';

const require = createRequire(import.meta.url);

describe('exceljs internals the reader relies on (issue 8 review, item 6)', () => {
  it('package.json and package-lock.json pin exceljs to the installed version', () => {
    const installed = (require('exceljs/package.json') as { version: string }).version;
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string>; version?: string }> };
    assert.equal(pkg.dependencies['exceljs'], installed);
    assert.equal(lock.packages['']!.dependencies!['exceljs'], installed);
    assert.equal(lock.packages['node_modules/exceljs']!.version, installed);
  });

  it('the installed exceljs and saxes have every method and buffer used', () => {
    const saxes = createRequire(require.resolve('exceljs/lib/utils/parse-sax.js'))('saxes') as { SaxesParser: new () => object };
    assert.deepEqual(missingInternals(WorkbookReader.prototype, new saxes.SaxesParser()), []);
  });

  it('a version without one of them is a clear internal error in English, naming what is missing', () => {
    for (const method of READER_METHODS) {
      const prototype = Object.fromEntries(READER_METHODS.filter((m) => m !== method).map((m) => [m, () => undefined]));
      assert.throws(
        () => checkInternals(prototype, { text: '', name: '' }, '4.5.0'),
        (err: unknown) => err instanceof Error && err.message.startsWith('Internal error: the installed exceljs 4.5.0 lacks') && err.message.includes(`WorkbookReader.${method}`) && err.message.includes('4.4.0'),
      );
    }
    const all = Object.fromEntries(READER_METHODS.map((m) => [m, () => undefined]));
    assert.throws(() => checkInternals(all, { name: '' }, '4.4.0'), /SaxesParser\.text/u);
  });
});

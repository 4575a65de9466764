/**
 * The JIENENG.* custom functions: the arithmetic as plain functions (compute.ts), the metadata
 * generated from functions.ts's JSDoc as the build does, and functions.ts itself bundled with
 * esbuild and run against a stub CustomFunctions runtime, which records every associate call.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { build } from 'esbuild';
import { currentCoefficients, useCoefficients } from '../../addin/functions/coefficients.js';
import { carbonDioxide, creditCodeCheck, FormulaError, nevShare, standardCoal } from '../../addin/functions/compute.js';
import { DEFAULT_COEFFICIENTS } from '../../shared/coefficients/default.js';
import type { CoefficientSet } from '../../shared/coefficients/types.js';

const SOURCE = 'addin/functions/functions.ts';
const IDS = ['TCE', 'CO2', 'NEVSHARE', 'CREDITCODE'];
const HAN = /\p{Script=Han}/u;
const D = DEFAULT_COEFFICIENTS;

/** assert.throws for a FormulaError with this code whose message matches every pattern. */
function throwsFormula(fn: () => unknown, code: FormulaError['code'], ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof FormulaError, `not a FormulaError: ${String(e)}`);
    assert.equal(e.code, code);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

describe('add-in custom functions', () => {
  describe('TCE and CO2 (compute.ts)', () => {
    it('electricity: 12000 kWh × the kgce and grid CO2 factors', () => {
      assert.equal(standardCoal('电力', 12000, D), 12000 * D.kgce.electricity.value);
      assert.equal(carbonDioxide('电力', 12000, D), 12000 * D.co2.electricity.value);
      // The defaults today: 0.1229 kgce/kWh, Shanxi 2022 grid 0.7096 kgCO2/kWh.
      assert.ok(Math.abs(standardCoal('电力', 12000, D) - 1474.8) < 1e-9);
      assert.ok(Math.abs(carbonDioxide('电力', 12000, D) - 8515.2) < 1e-9);
    });

    it('natural gas: 800 m³ × its factors', () => {
      assert.equal(standardCoal('天然气', 800, D), 800 * D.kgce.naturalGas.value);
      assert.equal(carbonDioxide('天然气', 800, D), 800 * D.co2.naturalGas.value);
    });

    it('liquid fuels in litres go through the density (ledger unit L, factors per kg)', () => {
      const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
      close(standardCoal('汽油', 100, D), 100 * D.density.gasoline.value * D.kgce.gasolinePerKg.value);
      close(carbonDioxide('柴油', 100, D), 100 * D.density.diesel.value * D.co2.dieselPerKg.value);
      // Written in kg, the per-kg factor applies directly.
      close(standardCoal('汽油（kg）', 73, D), 73 * D.kgce.gasolinePerKg.value);
    });

    it('every template column header, with or without its unit, names its energy', () => {
      const headers: [string, keyof CoefficientSet['kgce']][] = [
        ['电力（kWh）', 'electricity'],
        ['天然气（m³）', 'naturalGas'],
        ['燃煤（t）', 'coal'],
        ['液化石油气（kg）', 'lpg'],
        ['外购热力（GJ）', 'heat'],
      ];
      for (const [header, key] of headers) {
        const want = 3 * D.kgce[key].value;
        assert.equal(standardCoal(header, 3, D), want, header);
        assert.equal(standardCoal(header.replace(/（.*）/u, ''), 3, D), want, `${header} without unit`);
        assert.equal(standardCoal(header.replace('（', '(').replace('）', ')'), 3, D), want, `${header} half-width`);
      }
      assert.equal(standardCoal('汽油（L）', 1, D), standardCoal('汽油', 1, D));
      assert.equal(standardCoal('柴油（L）', 1, D), standardCoal('柴油', 1, D));
    });

    it('short names and coefficient ids', () => {
      const same: [string, string][] = [
        ['电', '电力'], ['用电', '电力'], [' 电 力 ', '电力'], ['electricity', '电力'],
        ['原煤', '燃煤'], ['coal', '燃煤'], ['热力', '外购热力'], ['液化气', '液化石油气'], ['LPG', '液化石油气'],
        ['naturalGas', '天然气'],
      ];
      for (const [alias, name] of same) assert.equal(standardCoal(alias, 7, D), standardCoal(name, 7, D), alias);
    });

    it('other units scale to the ledger unit', () => {
      assert.equal(standardCoal('电力（万kWh）', 1.2, D), 12000 * D.kgce.electricity.value);
      assert.equal(standardCoal('天然气（万m³）', 2, D), 20000 * D.kgce.naturalGas.value);
      assert.equal(standardCoal('燃煤（kg）', 500, D), 0.5 * D.kgce.coal.value);
      assert.equal(standardCoal('电力（度）', 10, D), 10 * D.kgce.electricity.value);
    });

    it('amounts as Excel hands them over: numeric text, an empty cell (0), a data-type object', () => {
      assert.equal(standardCoal('电力', '12,000', D), 12000 * D.kgce.electricity.value);
      assert.equal(standardCoal('电力', null, D), 0);
      assert.equal(standardCoal('电力', { type: 'Double', basicValue: 100 }, D), 100 * D.kgce.electricity.value);
    });

    it('refuses unknown names, photovoltaics, wrong units, negative and non-numeric amounts', () => {
      throwsFormula(() => standardCoal('煤气', 5, D), 'invalidValue', /未知的能源品种“煤气”/u, /电力/u, /天然气/u, /燃煤/u, /汽油/u, /柴油/u, /液化石油气/u, /外购热力/u);
      throwsFormula(() => carbonDioxide('', 5, D), 'invalidValue', /请填写能源品种/u);
      throwsFormula(() => standardCoal('光伏发电量（kWh）', 5, D), 'invalidValue', /不是外购能源/u);
      throwsFormula(() => standardCoal('电力（m³）', 5, D), 'invalidValue', /电力的单位不能是“m³”/u, /kWh/u);
      throwsFormula(() => standardCoal('电力', -5, D), 'invalidValue', /不能为负数/u);
      throwsFormula(() => standardCoal('电力', 'abc', D), 'invalidValue', /“abc”不是数字/u);
      throwsFormula(() => standardCoal('电力', true, D), 'invalidValue', /不是数字/u);
      throwsFormula(() => standardCoal(12, 5, D), 'invalidValue', /能源品种的名称/u);
    });
  });

  describe('NEVSHARE', () => {
    it('counts 是 among filled cells, blanks ignored, read as the validator reads 是/否', () => {
      assert.equal(nevShare([['是'], ['否'], [null], [''], ['是'], ['否']]), 0.5);
      assert.equal(nevShare([['有'], ['×'], ['Y'], [true], [0]]), 3 / 5);
      assert.equal(nevShare([[' 是 ', '否', '否', '否']]), 0.25);
    });

    it('names the cell that is neither 是 nor 否; #DIV/0! when nothing is filled', () => {
      throwsFormula(() => nevShare([['是'], ['不确定']]), 'invalidValue', /第 2 个单元格是“不确定”/u);
      throwsFormula(() => nevShare([['是', '否'], ['否', '待定']]), 'invalidValue', /第 2 行第 2 列是“待定”/u);
      throwsFormula(() => nevShare([[null], ['']]), 'divisionByZero', /没有填写/u);
    });
  });

  describe('CREDITCODE', () => {
    it('TRUE for a valid code, else the check character it should have', () => {
      assert.equal(creditCodeCheck('91350100M000100Y43'), true);
      assert.equal(creditCodeCheck('12140525MB1C00012J'), true);
      assert.equal(creditCodeCheck(' 91350100m000100y43 '), true);
      assert.equal(creditCodeCheck('11140525MB1234567X'), '1');
      assert.equal(creditCodeCheck('91350100M000100Y40'), '3');
    });

    it('a malformed code is #VALUE! explaining the 18 characters', () => {
      throwsFormula(() => creditCodeCheck('9135010'), 'invalidValue', /应为 18 位/u, /是 7 位/u);
      throwsFormula(() => creditCodeCheck('91350100I000100Y43'), 'invalidValue', /18 位只能是数字和大写字母/u);
      throwsFormula(() => creditCodeCheck(913501001000100), 'invalidValue', /18 位/u, /文本格式/u);
      throwsFormula(() => creditCodeCheck(null), 'invalidValue', /请填写统一社会信用代码/u);
    });
  });

  describe('functions.ts in the custom-functions runtime', () => {
    class StubError extends Error {
      constructor(
        readonly code: string,
        message?: string,
      ) {
        super(message);
      }
    }
    const associated = new Map<string, (...args: unknown[]) => unknown>();
    let metadata: { functions: { id: string; name: string; description?: string; parameters: { description?: string }[] }[] };
    let dir: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'jieneng-functions-'));
      const generated = await generateCustomFunctionsMetadata(SOURCE);
      assert.deepEqual(generated.errors, []);
      const file = join(dir, 'functions.json');
      writeFileSync(file, generated.metadataJson);
      metadata = JSON.parse(readFileSync(file, 'utf8')) as typeof metadata;

      const bundle = await build({ entryPoints: [SOURCE], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
      const stub = {
        associate(id: string, fn: (...args: unknown[]) => unknown): void {
          assert.ok(!associated.has(id), `${id} associated twice`);
          associated.set(id, fn);
        },
        Error: StubError,
        ErrorCode: { invalidValue: '#VALUE!', divisionByZero: '#DIV/0!' },
      };
      // Same realm as this test, as the pane and the functions share one runtime page.
      new Function('CustomFunctions', bundle.outputFiles[0]!.text)(stub);
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
      useCoefficients(DEFAULT_COEFFICIENTS);
    });

    it('the metadata has the four functions with Chinese descriptions', () => {
      assert.deepEqual(metadata.functions.map((f) => f.id), IDS);
      assert.deepEqual(metadata.functions.map((f) => f.name), IDS);
      for (const f of metadata.functions) {
        assert.match(f.description ?? '', HAN, `${f.id} description`);
        for (const p of f.parameters) assert.match(p.description ?? '', HAN, `${f.id} parameter description`);
      }
    });

    it('every metadata id is associated, and every associated id is in the metadata', () => {
      assert.deepEqual([...associated.keys()].sort(), metadata.functions.map((f) => f.id).sort());
    });

    it('the associated functions compute with the current coefficient set', () => {
      const call = (id: string, ...args: unknown[]): unknown => associated.get(id)!(...args);
      assert.equal(call('TCE', '电力', 12000), 12000 * D.kgce.electricity.value);
      assert.equal(call('CO2', '天然气', 800), 800 * D.co2.naturalGas.value);
      assert.equal(call('NEVSHARE', [['是'], ['否'], ['是'], [null]]), 2 / 3);
      assert.equal(call('CREDITCODE', '91350100M000100Y43'), true);
      assert.equal(call('CREDITCODE', '11140525MB1234567X'), '1');

      // The pane's bundle calls useCoefficients from its own copy of coefficients.ts: the functions follow.
      const server: CoefficientSet = { ...D, id: 'server', co2: { ...D.co2, electricity: { ...D.co2.electricity, value: 0.5 } } };
      useCoefficients(server);
      assert.equal(currentCoefficients(), server);
      assert.equal(call('CO2', '电力', 1000), 500);
      useCoefficients(D);
      assert.equal(call('CO2', '电力', 1000), 1000 * D.co2.electricity.value);
    });

    it('bad arguments become CustomFunctions errors with the Chinese message', () => {
      const rejects = (id: string, args: unknown[], code: string, pattern: RegExp): void =>
        assert.throws(
          () => associated.get(id)!(...args),
          (e: unknown) => e instanceof StubError && e.code === code && pattern.test(e.message ?? ''),
          `${id}(${JSON.stringify(args)})`,
        );
      rejects('TCE', ['煤气', 5], '#VALUE!', /未知的能源品种“煤气”.*电力.*天然气/u);
      rejects('CO2', ['原油', 5], '#VALUE!', /未知的能源品种“原油”/u);
      rejects('TCE', ['电力', -1], '#VALUE!', /不能为负数/u);
      rejects('CO2', ['天然气', '八百'], '#VALUE!', /不是数字/u);
      rejects('NEVSHARE', [[['是'], ['不清楚']]], '#VALUE!', /“不清楚”/u);
      rejects('NEVSHARE', [[[null]]], '#DIV/0!', /没有填写/u);
      rejects('CREDITCODE', ['123'], '#VALUE!', /18 位/u);
    });
  });
});

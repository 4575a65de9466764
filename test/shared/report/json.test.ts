/** The machine-readable output of template.md ("--format json"). */
import assert from 'node:assert/strict';
import { analyzeWorkbook, validateWorkbook } from '../../../shared/engine.js';
import { indicatorsJson, validateJson } from '../../../shared/report/json.js';
import { findCell, getField, sample, setField } from '../helpers.js';

describe('report/json', () => {
  it('validate: template, county, period, summary and issues with the keys of template.md, in order', () => {
    const wb = sample();
    const code = getField(wb, '单位名录', '统一社会信用代码', 7) as string;
    const bad = code.slice(0, 17) + (code[17] === 'X' ? 'Y' : 'X');
    setField(wb, '单位名录', '统一社会信用代码', 7, bad);
    const json = JSON.parse(JSON.stringify(validateJson(validateWorkbook(wb)))) as ReturnType<typeof validateJson>;
    assert.equal(json.template, 'v1');
    assert.equal(json.county, '泽州县');
    assert.equal(json.period, '2026Q3');
    assert.equal(json.summary.errors, json.issues.filter((i) => i.severity === 'error').length);
    const checksum = json.issues.find((i) => i.code === 'checksum')!;
    assert.deepEqual(Object.keys(checksum), ['severity', 'code', 'sheet', 'cell', 'row', 'column', 'field', 'value', 'message']);
    assert.deepEqual(
      { ...checksum, message: '' },
      { severity: 'error', code: 'checksum', sheet: '单位名录', cell: 'A7', row: 7, column: 'A', field: '统一社会信用代码', value: bad, message: '' },
    );
  });

  it('validate: explained outliers are listed apart with their explanation and not counted', () => {
    const wb = sample();
    setField(wb, '能源资源消费', '用水量（t）', 2, 1e6);
    setField(wb, '能源资源消费', '异常说明', 2, '管网漏损，已修复');
    const json = validateJson(validateWorkbook(wb));
    assert.deepEqual(json.summary, { errors: 0, warnings: 0 });
    assert.equal(json.explained.length, 1);
    assert.equal(json.explained[0]!.cell, findCell(wb, '能源资源消费', '用水量（t）', 2));
    assert.equal(json.explained[0]!.explanation, '管网漏损，已修复');
  });

  it('indicators: ids with name, value, unit, target, comparator and pass; unrounded; the coefficient set named', () => {
    const json = JSON.parse(JSON.stringify(indicatorsJson(analyzeWorkbook(sample())))) as ReturnType<typeof indicatorsJson>;
    assert.equal(json.template, 'v1');
    assert.equal(json.county, '泽州县');
    assert.equal(json.period, '2026Q3');
    assert.deepEqual(json.coefficients, { id: 'default', name: json.coefficients.name, version: json.coefficients.version });
    const nev = json.indicators.find((i) => i.id === 'vehicles.nev_share')!;
    assert.deepEqual(Object.keys(nev), ['id', 'name', 'value', 'unit', 'target', 'comparator', 'pass']);
    assert.equal(nev.name, '新增及更新公务用车新能源汽车占比');
    assert.equal(nev.target, 35);
    assert.equal(nev.comparator, '>=');
    assert.equal(nev.pass, nev.value === null ? null : nev.value >= 35);
    // Unrounded: total energy in tce is not cut to 2 decimals.
    const tce = json.indicators.find((i) => i.id === 'energy.total_tce')!.value!;
    assert.notEqual(Math.round(tce * 100) / 100, tce);
  });
});

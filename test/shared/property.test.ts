/**
 * Property tests: whatever lands in the cells of a workbook, validation never throws and every
 * issue is well formed (A1 cell = column + row, known code and severity, a Chinese message) and
 * counted in the summary.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeWorkbook, validateWorkbook, type Validation } from '../../shared/engine.js';
import { columnNumber } from '../../shared/table/address.js';
import type { CellValue, WorkbookInput } from '../../shared/table/sheet.js';
import { TEMPLATE_V1 } from '../../shared/template/v1.js';
import { cloneWorkbook, creditCode, sample } from './helpers.js';

/** The codes and severities of template.md ("Issue codes"). */
const CODES = new Set([
  'sheet-missing', 'header', 'required', 'type', 'range', 'enum', 'format', 'checksum', 'duplicate',
  'unknown-ref', 'missing-row', 'cross-field', 'period', 'region', 'outlier',
]);
const SEVERITIES = new Set(['error', 'warning']);
const SHEETS = TEMPLATE_V1.sheets.map((s) => s.name);
const SHEET_RANK = new Map(SHEETS.map((s, i) => [s, i]));
const HEADERS = TEMPLATE_V1.sheets.flatMap((s) => s.fields.map((f) => f.header));
// FC_RUNS=5000 for a longer hunt; the default keeps the suite fast.
const NUM_RUNS = Number(process.env['FC_RUNS'] ?? 200);

/** Values that mean something to the template, so random edits reach the deeper rules. */
const meaningful = fc.constantFrom<CellValue>(
  '是', '否', 'Y', 'n', '有', '学校', '汽油', '纯电动', '已建成', '不具备条件', '筹备', '淘汰', '继续使用',
  '2026-08-01', '2025-12-31', '2026/2/30', '2026年9月30日', '1,234.5', '１２３', '-1', 'Q3', '第五季度',
  '晋E·D12345', '晋E12345', '0356-2020123', '140525', '泽州县', creditCode('12140525MB0000000'),
  '91350100M000100Y43', '11140525MB1234567X', '', '  ', ...HEADERS,
);

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.double(),
  fc.integer(),
  fc.integer({ min: -5, max: 3000 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 60, 46235, 1e21, -1),
  fc.boolean(),
  fc.date(),
  fc.constant(new Date(Number.NaN)),
  fc.constant(null),
  fc.constant(undefined),
  meaningful,
  meaningful,
);

/** Sane magnitudes for the indicator property (overflowing sums are not the point there). */
const saneCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  fc.integer({ min: -5, max: 5000 }),
  fc.constant(Number.NaN),
  fc.boolean(),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31') }),
  fc.constant(null),
  meaningful,
  meaningful,
);

interface Edit {
  sheet: number;
  row: number;
  column: number;
  value: CellValue;
}

const edit = (value: fc.Arbitrary<CellValue>): fc.Arbitrary<Edit> =>
  fc.record({ sheet: fc.nat({ max: 7 }), row: fc.nat({ max: 40 }), column: fc.nat({ max: 20 }), value });

/** Writes edits over a copy of the base workbook (rows and columns wrap into and just beyond the used range). */
function applyEdits(base: WorkbookInput, edits: readonly Edit[]): WorkbookInput {
  const wb = cloneWorkbook(base);
  for (const e of edits) {
    const s = wb.sheets[e.sheet % wb.sheets.length]!;
    const rows = s.rows as CellValue[][];
    const r = e.row % (rows.length + 2);
    while (rows.length <= r) rows.push([]);
    const line = (rows[r] ??= []);
    const width = (rows[0]?.length ?? 2) + 2;
    const c = e.column % width;
    while (line.length <= c) line.push(null);
    line[c] = e.value;
  }
  return wb;
}

/** Text that stands for any cell value, NaN and invalid dates included. */
function fingerprint(wb: WorkbookInput): string {
  return JSON.stringify(wb, function (this: unknown, k, v: unknown) {
    const raw = (this as Record<string, unknown>)[k];
    if (raw instanceof Date) return `D${raw.getTime()}`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `N${String(v)}`;
    if (v === undefined) return 'U';
    return v;
  });
}

function assertWellFormed(v: Validation): void {
  let errors = 0;
  let warnings = 0;
  for (const i of [...v.issues, ...v.explained]) {
    assert.ok(SEVERITIES.has(i.severity), i.severity);
    assert.ok(CODES.has(i.code), i.code);
    assert.ok(SHEETS.includes(i.sheet), i.sheet);
    assert.ok(Number.isInteger(i.row) && i.row >= 1, `row ${i.row}`);
    assert.match(i.column, /^[A-Z]{1,3}$/u);
    assert.ok(columnNumber(i.column) >= 1);
    assert.equal(i.cell, `${i.column}${i.row}`);
    assert.match(i.cell, /^[A-Z]{1,3}[1-9][0-9]*$/u);
    assert.ok(i.field === null || (typeof i.field === 'string' && i.field.length > 0));
    assert.ok(i.value === null || ['string', 'number', 'boolean'].includes(typeof i.value), typeof i.value);
    assert.ok(typeof i.message === 'string' && i.message.length > 0);
    assert.match(i.message, /[\u4e00-\u9fff]/u, 'message is Chinese');
    assert.ok(!i.message.includes('undefined'), i.message);
    if (i.code === 'sheet-missing') assert.equal(i.cell, 'A1');
    if (i.code === 'header') assert.equal(i.row, 1);
  }
  for (const i of v.issues) {
    if (i.severity === 'error') errors++;
    else warnings++;
  }
  for (const e of v.explained) {
    assert.equal(e.code, 'outlier');
    assert.equal(e.severity, 'warning');
    assert.ok(e.explanation.length > 0);
  }
  assert.deepEqual(v.summary, { errors, warnings });
  // Sheet order, then row.
  for (let k = 1; k < v.issues.length; k++) {
    const a = v.issues[k - 1]!;
    const b = v.issues[k]!;
    const ra = SHEET_RANK.get(a.sheet)!;
    const rb = SHEET_RANK.get(b.sheet)!;
    assert.ok(ra < rb || (ra === rb && a.row <= b.row), `${a.sheet}!${a.cell} before ${b.sheet}!${b.cell}`);
  }
  // The whole result serialises (the command line prints it as JSON).
  assert.doesNotThrow(() => JSON.stringify({ issues: v.issues, explained: v.explained, summary: v.summary }));
}

describe('validation properties (fast-check)', () => {
  const base = sample({ institutions: 8 });

  it('random values written over random cells of a valid sample', () => {
    fc.assert(
      fc.property(fc.array(edit(cell), { minLength: 1, maxLength: 6 }), (edits) => {
        const wb = applyEdits(base, edits);
        const before = fingerprint(wb);
        const v = validateWorkbook(wb);
        assertWellFormed(v);
        assert.equal(fingerprint(wb), before, 'the input is not changed');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('damaging a cell and writing the original back is clean again (padding rows and columns is harmless)', () => {
    fc.assert(
      fc.property(edit(cell), (e) => {
        const damaged = applyEdits(base, [e]);
        assertWellFormed(validateWorkbook(damaged));
        // Put the original value back at the very cell the edit resolved to.
        const s = base.sheets[e.sheet % base.sheets.length]!;
        const r = e.row % (s.rows.length + 2);
        const c = e.column % ((s.rows[0]?.length ?? 2) + 2);
        const restored = cloneWorkbook(damaged);
        (restored.sheets[e.sheet % base.sheets.length]!.rows[r] as CellValue[])[c] = s.rows[r]?.[c] ?? null;
        assert.deepEqual(validateWorkbook(restored).summary, { errors: 0, warnings: 0 });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('random whole sheets, with or without the template’s header row', () => {
    const sheetArb = fc.record({
      index: fc.nat({ max: 7 }),
      withHeader: fc.boolean(),
      rows: fc.array(fc.array(cell, { maxLength: 20 }), { maxLength: 12 }),
      rename: fc.option(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...SHEETS), fc.constant(' 单位名录 ')), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(sheetArb, { minLength: 1, maxLength: 3 }), (replacements) => {
        const wb = cloneWorkbook(base);
        for (const rep of replacements) {
          const s = wb.sheets[rep.index % wb.sheets.length]!;
          const head = (s.rows[0] ?? []) as CellValue[];
          s.rows = rep.withHeader && s.name !== '基本信息' ? [head, ...rep.rows] : rep.rows;
          if (rep.rename !== undefined) s.name = rep.rename;
        }
        assertWellFormed(validateWorkbook(wb));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a workbook of random sheets only', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.oneof(fc.constantFrom(...SHEETS), fc.string({ maxLength: 5 })), rows: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }) }), {
          maxLength: 9,
        }),
        (sheets) => {
          const v = validateWorkbook({ sheets });
          assertWellFormed(v);
          const present = new Set(sheets.map((s) => s.name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase()));
          // Each template sheet that is absent is reported once as sheet-missing.
          for (const spec of TEMPLATE_V1.sheets) {
            const missing = v.issues.filter((i) => i.code === 'sheet-missing' && i.sheet === spec.name);
            assert.equal(missing.length, present.has(spec.name) ? 0 : 1, spec.name);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('indicators are numbers or null, never NaN or infinite, whatever the cells hold', () => {
    fc.assert(
      fc.property(fc.array(edit(saneCell), { minLength: 1, maxLength: 8 }), (edits) => {
        const a = analyzeWorkbook(applyEdits(base, edits));
        assertWellFormed(a);
        for (const i of a.indicators) {
          assert.ok(i.value === null || Number.isFinite(i.value), `${i.id} = ${i.value}`);
          if (i.value === null) assert.equal(i.pass, null, i.id);
          if (i.target === null) assert.equal(i.pass, null, i.id);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

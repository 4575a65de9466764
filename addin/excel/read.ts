/// <reference types="office-js" />
/**
 * Reads the open workbook as the engine's WorkbookInput, in as few requests as the data allow:
 * 1. the sheet names; 2. each sheet's used range, header row and merged areas; 3+. values and
 * value types (number formats only of the columns whose reading depends on them: percent and year
 * fields, and 基本信息's column B), in row chunks packed into requests under the size budget.
 * A county workbook of 2,000 institutions is three requests.
 */
import { PRODUCT_SHEETS } from '../../shared/template/blank.js';
import { normalizeLabel } from '../../shared/template/normalize.js';
import { readsNumberFormat } from '../../shared/validation/fields.js';
import type { TemplateSpec } from '../../shared/template/spec.js';
import type { CellValue, CellValueType, SheetInput, WorkbookInput } from '../../shared/table/sheet.js';
import { REQUEST_BUDGET_BYTES } from './batch.js';
import { splitAreas } from './addresses.js';
import type { HostCapabilities } from '../host/workbook-host.js';

/** Estimated JSON bytes a cell costs in a response: its value and its value type. */
const CELL_BYTES = 24;
/** … and its number format, where loaded. */
const FORMAT_BYTES = 12;

interface SheetPlan {
  sheet: Excel.Worksheet;
  name: string;
  used: Excel.Range;
  header: Excel.Range;
  merges: Excel.RangeAreas | null;
}

interface Chunk {
  plan: SheetPlan;
  /** 0-based sheet row of the chunk's first row, and its row count. */
  row: number;
  rows: number;
  column: number;
  columns: number;
  /** 0-based columns (relative to the used range) whose number formats are read. */
  formatColumns: number[];
}

interface LoadedChunk {
  chunk: Chunk;
  values: Excel.Range;
  formats: Excel.Range[];
}

const OWN_SHEETS = new Set(PRODUCT_SHEETS.map(normalizeLabel));

/** Headers whose cells are read by number format: percent fields (0.097 shown as 9.7 %) and years given as dates. */
function formatHeaders(template: TemplateSpec): Set<string> {
  const out = new Set<string>();
  for (const sheet of template.sheets) {
    for (const f of sheet.fields) if (readsNumberFormat(f)) out.add(normalizeLabel(f.header));
  }
  return out;
}


export async function readTemplateSheets(context: Excel.RequestContext, template: TemplateSpec, caps: HostCapabilities, budget = REQUEST_BUDGET_BYTES): Promise<WorkbookInput> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();

  const keyValue = new Set(template.sheets.filter((s) => s.layout === 'keyValue').map((s) => normalizeLabel(s.name)));
  const plans: SheetPlan[] = sheets.items
    .filter((s) => !OWN_SHEETS.has(normalizeLabel(s.name)))
    .map((sheet) => {
      const used = sheet.getUsedRangeOrNullObject(true);
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      const header = sheet.getRange('1:1').getUsedRangeOrNullObject(true);
      header.load('values,columnIndex');
      let merges: Excel.RangeAreas | null = null;
      if (caps.mergedAreas) {
        merges = sheet.getRange().getMergedAreasOrNullObject();
        merges.load('address');
      }
      return { sheet, name: sheet.name, used, header, merges };
    });
  await context.sync();

  const wanted = formatHeaders(template);
  const chunks: Chunk[] = [];
  for (const plan of plans) {
    if (plan.used.isNullObject) continue;
    const { rowIndex, columnIndex, rowCount, columnCount } = plan.used;
    const formatColumns: number[] = [];
    if (keyValue.has(normalizeLabel(plan.name))) {
      if (columnIndex <= 1 && columnIndex + columnCount > 1) formatColumns.push(1 - columnIndex);
    } else if (!plan.header.isNullObject) {
      (plan.header.values[0] ?? []).forEach((h, i) => {
        const c = plan.header.columnIndex + i - columnIndex;
        if (c >= 0 && c < columnCount && typeof h === 'string' && wanted.has(normalizeLabel(h))) formatColumns.push(c);
      });
    }
    const rowBytes = columnCount * CELL_BYTES + formatColumns.length * FORMAT_BYTES + 4;
    const step = Math.max(1, Math.floor(budget / rowBytes));
    for (let r = 0; r < rowCount; r += step) {
      chunks.push({ plan, row: rowIndex + r, rows: Math.min(step, rowCount - r), column: columnIndex, columns: columnCount, formatColumns });
    }
  }

  const loaded: LoadedChunk[] = [];
  let pending = 0;
  for (const chunk of chunks) {
    const bytes = chunk.rows * (chunk.columns * CELL_BYTES + chunk.formatColumns.length * FORMAT_BYTES + 4);
    if (pending > 0 && pending + bytes > budget) {
      await context.sync();
      pending = 0;
    }
    const ws = chunk.plan.sheet;
    const values = ws.getRangeByIndexes(chunk.row, chunk.column, chunk.rows, chunk.columns);
    values.load('values,valueTypes');
    const formats = chunk.formatColumns.map((c) => {
      const r = ws.getRangeByIndexes(chunk.row, chunk.column + c, chunk.rows, 1);
      r.load('numberFormat');
      return r;
    });
    loaded.push({ chunk, values, formats });
    pending += bytes;
  }
  if (pending > 0) await context.sync();

  return { sheets: plans.map((plan) => sheetInput(plan, loaded.filter((l) => l.chunk.plan === plan))) };
}

function sheetInput(plan: SheetPlan, parts: LoadedChunk[]): SheetInput {
  if (plan.used.isNullObject || parts.length === 0) return { name: plan.name, rows: [] };
  const rows: CellValue[][] = [];
  const valueTypes: CellValueType[][] = [];
  const numberFormats: string[][] = [];
  for (const { chunk, values, formats } of parts) {
    for (let i = 0; i < chunk.rows; i++) {
      rows.push(values.values[i] as CellValue[]);
      valueTypes.push(values.valueTypes[i] as CellValueType[]);
      if (formats.length > 0) {
        const line: string[] = [];
        formats.forEach((f, k) => {
          line[chunk.formatColumns[k]!] = String(f.numberFormat[i]?.[0] ?? 'General');
        });
        numberFormats.push(line);
      }
    }
  }
  const merges = plan.merges && !plan.merges.isNullObject ? splitAreas(plan.merges.address) : [];
  return {
    name: plan.name,
    rows,
    originRow: plan.used.rowIndex + 1,
    originColumn: plan.used.columnIndex + 1,
    valueTypes,
    ...(numberFormats.length > 0 ? { numberFormats } : {}),
    ...(merges.length > 0 ? { merges } : {}),
  };
}

/// <reference types="office-js" />
/**
 * 插入模板: adds the template sheets the workbook lacks, and the headers (labels, for 基本信息) a
 * template sheet lacks, after its last header; with drop-downs for choice columns and the rule
 * and example of each column as a note on its header. Cells that hold anything are never written.
 */
import type { Region } from '../../shared/counties.js';
import { columnLetter } from '../../shared/table/address.js';
import { choicesFor, headerNote } from '../../shared/template/choices.js';
import { normalizeLabel } from '../../shared/template/normalize.js';
import type { FieldSpec, TemplateSpec } from '../../shared/template/spec.js';
import type { HostCapabilities, TemplateReport } from '../host/workbook-host.js';

/** Rows that get a drop-down under a new header: enough for the largest county, bounded. */
export const DROP_DOWN_ROWS = 5000;

interface Present {
  sheet: Excel.Worksheet;
  /** Row 1 (table sheets) or column A (基本信息) as far as it is used. */
  line: Excel.Range;
}

interface Planned {
  sheet: Excel.Worksheet;
  /** The sheet's name in the workbook, when it was there before (a new sheet has no annotations). */
  existing: string | null;
  /** The header (or label) cell, and the data cells its drop-down covers. */
  at: string;
  data: string;
  field: FieldSpec;
  /** Probes of the user's own annotations and validation on the new header's cells (existing sheets only). */
  validation: Excel.DataValidation | null;
}

export async function insertTemplate(context: Excel.RequestContext, template: TemplateSpec, region: Region, caps: HostCapabilities): Promise<TemplateReport> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const byName = new Map(sheets.items.map((s) => [normalizeLabel(s.name), s]));
  const present = new Map<string, Present>();
  const annotations: (Excel.NoteCollection | Excel.CommentCollection)[] = [];
  for (const spec of template.sheets) {
    const sheet = byName.get(normalizeLabel(spec.name));
    if (!sheet) continue;
    const line = (spec.layout === 'keyValue' ? sheet.getRange('A:A') : sheet.getRange('1:1')).getUsedRangeOrNullObject(true);
    line.load('values,rowIndex,columnIndex,rowCount,columnCount');
    present.set(spec.name, { sheet, line });
    const items = [...(caps.notes ? [sheet.notes] : []), ...(caps.comments ? [sheet.comments] : [])];
    for (const c of items) c.load('items');
    annotations.push(...items);
  }
  await context.sync();

  const report: TemplateReport = { sheetsAdded: [], headersAdded: [] };
  const planned: Planned[] = [];
  for (const spec of template.sheets) {
    const had = present.get(spec.name);
    const line = had && !had.line.isNullObject ? had.line : null;
    const found = new Set((line?.values ?? []).flat().map((v) => normalizeLabel(String(v))));
    const missing = spec.fields.filter((f) => !found.has(normalizeLabel(f.header)));
    if (missing.length === 0) continue;
    const sheet = had?.sheet ?? sheets.add(spec.name);
    if (!had) report.sheetsAdded.push(spec.name);
    else for (const f of missing) report.headersAdded.push({ sheet: spec.name, header: f.header });
    const probe = (data: string): Excel.DataValidation | null => {
      if (!had || !caps.dataValidation) return null;
      const v = sheet.getRange(data).dataValidation;
      v.load('type');
      return v;
    };
    if (spec.layout === 'keyValue') {
      const first = line ? line.rowIndex + line.rowCount + 1 : 1;
      missing.forEach((f, i) => planned.push({ sheet, existing: had?.sheet.name ?? null, at: `A${first + i}`, data: `B${first + i}`, field: f, validation: probe(`B${first + i}`) }));
    } else {
      const first = line ? line.columnIndex + line.columnCount + 1 : 1;
      missing.forEach((f, i) => {
        const column = columnLetter(first + i);
        const data = `${column}2:${column}${DROP_DOWN_ROWS + 1}`;
        planned.push({ sheet, existing: had?.sheet.name ?? null, at: `${column}1`, data, field: f, validation: probe(data) });
      });
      sheet.freezePanes.freezeRows(1);
    }
  }
  // Where the user already has a note or comment, or a validation of their own, the add-in adds none.
  const locations = annotations.flatMap((c) => (c.items as (Excel.Note | Excel.Comment)[]).map((item) => item.getLocation().load('address')));
  await context.sync();
  const annotated = new Set(locations.map((l) => cellKey(l.address)));
  for (const p of planned) {
    const taken = p.existing !== null && annotated.has(`${p.existing}\u0000${p.at}`);
    const ownValidation = p.validation !== null && p.validation.type !== Excel.DataValidationType.none;
    decorate(p.sheet, p.at, p.field, caps, region, p.data, !taken, !ownValidation);
  }
  await context.sync();
  return report;
}

/** "'My Sheet'!$Q$1" → "My Sheet\u0000Q1". */
function cellKey(address: string): string {
  const bang = address.lastIndexOf('!');
  const sheet = address.slice(0, bang).replace(/^'(.*)'$/su, '$1').replace(/''/gu, "'");
  return `${sheet}\u0000${address.slice(bang + 1).replace(/\$/gu, '')}`;
}

/** Writes one header (or label) cell, its note, and the drop-down of its data cells. */
function decorate(sheet: Excel.Worksheet, at: string, f: FieldSpec, caps: HostCapabilities, region: Region, data: string, note: boolean, dropDown: boolean): void {
  const cell = sheet.getRange(at);
  cell.values = [[f.header]];
  cell.format.font.bold = true;
  if (f.required) cell.format.font.color = '#C00000';
  cell.format.fill.color = '#DDEBF7';
  if (note && caps.notes) sheet.notes.add(cell, headerNote(f));
  else if (note && caps.comments) sheet.comments.add(cell, headerNote(f));
  const choices = choicesFor(f, region);
  if (choices && caps.dataValidation && dropDown) {
    const target = sheet.getRange(data);
    target.dataValidation.rule = { list: { inCellDropDown: true, source: choices.join(',') } };
    target.dataValidation.errorAlert = { showAlert: true, style: Excel.DataValidationAlertStyle.warning, title: '不是可选项', message: `「${f.header}」请从下拉列表中选择：${choices.join(' / ')}`.slice(0, 255) };
  }
  cell.format.autofitColumns();
}

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

export async function insertTemplate(context: Excel.RequestContext, template: TemplateSpec, region: Region, caps: HostCapabilities): Promise<TemplateReport> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const byName = new Map(sheets.items.map((s) => [normalizeLabel(s.name), s]));
  const present = new Map<string, Present>();
  for (const spec of template.sheets) {
    const sheet = byName.get(normalizeLabel(spec.name));
    if (!sheet) continue;
    const line = (spec.layout === 'keyValue' ? sheet.getRange('A:A') : sheet.getRange('1:1')).getUsedRangeOrNullObject(true);
    line.load('values,rowIndex,columnIndex,rowCount,columnCount');
    present.set(spec.name, { sheet, line });
  }
  await context.sync();

  const report: TemplateReport = { sheetsAdded: [], headersAdded: [] };
  for (const spec of template.sheets) {
    const had = present.get(spec.name);
    const sheet = had?.sheet ?? sheets.add(spec.name);
    if (!had) report.sheetsAdded.push(spec.name);
    const line = had && !had.line.isNullObject ? had.line : null;
    const found = new Set((line?.values ?? []).flat().map((v) => normalizeLabel(String(v))));
    const missing = spec.fields.filter((f) => !found.has(normalizeLabel(f.header)));
    if (missing.length === 0) continue;
    if (had) for (const f of missing) report.headersAdded.push({ sheet: spec.name, header: f.header });
    if (spec.layout === 'keyValue') {
      const first = line ? line.rowIndex + line.rowCount + 1 : 1;
      missing.forEach((f, i) => decorate(sheet, `A${first + i}`, f, caps, region, `B${first + i}`));
    } else {
      const first = line ? line.columnIndex + line.columnCount + 1 : 1;
      missing.forEach((f, i) => {
        const column = columnLetter(first + i);
        decorate(sheet, `${column}1`, f, caps, region, `${column}2:${column}${DROP_DOWN_ROWS + 1}`);
      });
      sheet.freezePanes.freezeRows(1);
    }
  }
  await context.sync();
  return report;
}

/** Writes one header (or label) cell, its note, and the drop-down of its data cells. */
function decorate(sheet: Excel.Worksheet, at: string, f: FieldSpec, caps: HostCapabilities, region: Region, data: string): void {
  const cell = sheet.getRange(at);
  cell.values = [[f.header]];
  cell.format.font.bold = true;
  if (f.required) cell.format.font.color = '#C00000';
  cell.format.fill.color = '#DDEBF7';
  if (caps.notes) sheet.notes.add(at, headerNote(f));
  else if (caps.comments) sheet.comments.add(at, headerNote(f));
  const choices = choicesFor(f, region);
  if (choices && caps.dataValidation) {
    const target = sheet.getRange(data);
    target.dataValidation.clear();
    target.dataValidation.rule = { list: { inCellDropDown: true, source: choices.join(',') } };
    target.dataValidation.errorAlert = { showAlert: true, style: Excel.DataValidationAlertStyle.warning, title: '不是可选项', message: `「${f.header}」请从下拉列表中选择：${choices.join(' / ')}`.slice(0, 255) };
  }
  sheet.getRange(`${at}`).format.autofitColumns();
}

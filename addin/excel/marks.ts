/// <reference types="office-js" />
/**
 * The add-in's marks on problem cells, and their removal. A fill is a conditional format (custom
 * rule whose formula carries MARK_FORMULA), so the user's own fills are never overwritten and
 * removing ours restores exactly what the user had; the explanation is a note (ExcelApi 1.18) or
 * else a comment (1.10) whose text starts with MARK_PREFIX. Both are found again by those
 * markers, so a later run (even after the file was saved and reopened) removes only what the
 * add-in made. A cell that already carries the user's own note or comment keeps it; its
 * explanation is then only in the 校验结果 sheet.
 */
import { areaGroups, toAreas } from './addresses.js';
import { Batch, jsonBytes } from './batch.js';
import type { CellMark, HostCapabilities, MarkReport } from '../host/workbook-host.js';

/** Always true, and recognisable as ours: N() of a text is 0. */
export const MARK_FORMULA = '=N("节能通校验")=0';
export const MARK_PREFIX = '【节能通】';
export const FILLS = { error: '#FFC7CE', warning: '#FFEB9C' } as const;
/** Most notes written in one run; further problems are in the 校验结果 sheet (and still filled). */
export const MAX_NOTES = 2000;
/**
 * Most fill formats per sheet and severity (each covers up to 250 characters of areas, some 40
 * scattered cells): thousands of conditional formats slow Excel down. Cells past them are still
 * listed in 校验结果.
 */
export const MAX_FILL_GROUPS = 100;
/** What one request carries per call beyond its arguments: the object path and action (measured on the fake at about 150 bytes). */
const CALL_BYTES = 200;

type Explanation = Excel.Note | Excel.Comment;

interface SheetMarks {
  sheet: Excel.Worksheet;
  formats: Excel.ConditionalFormatCollection;
  /** Notes (1.18) and comments (1.10), as the host has them: a cell with either of the user's is left alone. */
  explanations: (Excel.NoteCollection | Excel.CommentCollection)[];
}

/** What exists on the sheets now: our conditional formats and explanations, and the cells of the user's own. */
interface Existing {
  ours: { formats: Excel.ConditionalFormat[]; explanations: Explanation[] };
  /** "Sheet!A1" of cells holding a note or comment the user made. */
  userCells: Set<string>;
}

function explanationsOf(sheet: Excel.Worksheet, caps: HostCapabilities): (Excel.NoteCollection | Excel.CommentCollection)[] {
  return [...(caps.notes ? [sheet.notes] : []), ...(caps.comments ? [sheet.comments] : [])];
}

/** Two requests: the sheets' conditional formats and explanations, then the rules and cells that tell ours from the user's. */
async function findExisting(context: Excel.RequestContext, sheetNames: readonly string[], caps: HostCapabilities): Promise<Existing> {
  const sheets: SheetMarks[] = sheetNames.map((name) => {
    const sheet = context.workbook.worksheets.getItem(name);
    const formats = sheet.getRange().conditionalFormats;
    formats.load('items/id,items/type');
    const explanations = explanationsOf(sheet, caps);
    for (const e of explanations) e.load('items/content');
    return { sheet, formats, explanations };
  });
  await context.sync();
  const custom: { format: Excel.ConditionalFormat; rule: Excel.ConditionalFormatRule }[] = [];
  const explanations: Explanation[] = [];
  const users: { sheet: string; location: Excel.Range }[] = [];
  sheets.forEach((s, i) => {
    for (const f of s.formats.items) {
      if (f.type !== 'Custom') continue;
      const rule = f.custom.rule;
      rule.load('formula');
      custom.push({ format: f, rule });
    }
    for (const item of s.explanations.flatMap((e) => e.items as Explanation[])) {
      if (String(item.content).startsWith(MARK_PREFIX)) {
        explanations.push(item);
      } else {
        const location = item.getLocation();
        location.load('address');
        users.push({ sheet: sheetNames[i]!, location });
      }
    }
  });
  if (custom.length > 0 || users.length > 0) await context.sync();
  return {
    ours: { formats: custom.filter((c) => c.rule.formula === MARK_FORMULA).map((c) => c.format), explanations },
    userCells: new Set(users.map((u) => `${u.sheet}!${u.location.address.slice(u.location.address.lastIndexOf('!') + 1).replace(/\$/gu, '')}`)),
  };
}

async function remove(batch: Batch, existing: Existing): Promise<void> {
  for (const f of existing.ours.formats) await batch.add(CALL_BYTES, () => f.delete());
  for (const e of existing.ours.explanations) await batch.add(CALL_BYTES, () => e.delete());
}

/** Removes the previous marks and puts `marks` (queued on `batch`; the caller flushes). */
export async function putMarks(context: Excel.RequestContext, batch: Batch, sheetNames: readonly string[], marks: readonly CellMark[], caps: HostCapabilities): Promise<MarkReport> {
  const existing = await findExisting(context, sheetNames, caps);
  await remove(batch, existing);

  const bySheet = new Map<string, Map<'error' | 'warning', string[]>>();
  for (const m of marks) {
    let s = bySheet.get(m.sheet);
    if (!s) bySheet.set(m.sheet, (s = new Map()));
    const cells = s.get(m.severity) ?? [];
    cells.push(m.cell);
    s.set(m.severity, cells);
  }
  const sheets = new Map<string, Excel.Worksheet>();
  const sheetOf = (name: string): Excel.Worksheet => {
    let ws = sheets.get(name);
    if (!ws) sheets.set(name, (ws = context.workbook.worksheets.getItem(name)));
    return ws;
  };
  for (const [name, bySeverity] of bySheet) {
    const sheet = sheetOf(name);
    // Warnings first, so that an error on the same cell (added later) shows above it.
    for (const severity of ['warning', 'error'] as const) {
      const cells = bySeverity.get(severity);
      if (!cells) continue;
      for (const address of areaGroups(toAreas(cells)).slice(0, MAX_FILL_GROUPS)) {
        // getRanges, add, custom, rule, formula, format, fill, color: about eight calls, the address in one or (one range per area) many.
        await batch.add(8 * CALL_BYTES + 2 * address.length + (caps.rangeAreas ? 0 : address.split(',').length * 3 * CALL_BYTES), () => {
          const target = caps.rangeAreas ? sheet.getRanges(address) : null;
          const ranges = target ? [target] : address.split(',').map((a) => sheet.getRange(a));
          for (const r of ranges) {
            const cf = r.conditionalFormats.add(Excel.ConditionalFormatType.custom);
            cf.custom.rule.formula = MARK_FORMULA;
            cf.custom.format.fill.color = FILLS[severity];
          }
        });
      }
    }
  }

  // One explanation per cell: the cell's messages together, errors first.
  const texts = new Map<string, { sheet: string; cell: string; lines: string[] }>();
  for (const m of [...marks].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))) {
    const key = `${m.sheet}!${m.cell}`;
    const t = texts.get(key) ?? { sheet: m.sheet, cell: m.cell, lines: [] };
    t.lines.push(`${m.severity === 'error' ? '错误' : '警告'}：${m.text}`);
    texts.set(key, t);
  }
  let explained = 0;
  let onlyInSheet = 0;
  for (const [key, t] of texts) {
    if (!(caps.notes || caps.comments) || existing.userCells.has(key) || explained >= MAX_NOTES) {
      onlyInSheet++;
      continue;
    }
    const content = `${MARK_PREFIX}${t.lines.join('\n')}`;
    await batch.add(3 * CALL_BYTES + jsonBytes(content), () => {
      const sheet = sheetOf(t.sheet);
      // A Range, not "B3": CommentCollection.add takes a string only with the sheet's name in it.
      const cell = sheet.getRange(t.cell);
      if (caps.notes) sheet.notes.add(cell, content);
      else sheet.comments.add(cell, content);
    });
    explained++;
  }
  return { explained, onlyInSheet };
}

/** Removes every mark the add-in made on the given sheets. */
export async function clearMarks(context: Excel.RequestContext, sheetNames: readonly string[], caps: HostCapabilities): Promise<void> {
  const existing = await findExisting(context, sheetNames, caps);
  const batch = new Batch(context);
  await remove(batch, existing);
  await batch.flush();
}

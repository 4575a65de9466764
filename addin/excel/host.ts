/// <reference types="office-js" />
/**
 * The Office.js implementation of the workbook seam: the only code in the project that calls
 * `Excel.run` and `Office.context.document`. Each method is one `Excel.run`; its requests are
 * counted (syncs) so the budgets can be checked on a real Excel too.
 */
import type { Region } from '../../shared/counties.js';
import { JINCHENG } from '../../shared/counties.js';
import type { IndicatorResult } from '../../shared/indicators/definitions.js';
import { RESULT_SHEET } from '../../shared/template/blank.js';
import { normalizeLabel } from '../../shared/template/normalize.js';
import type { TemplateSpec } from '../../shared/template/spec.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import type { CheckOutput, HostCapabilities, HostStats, MarkReport, TemplateReport, WorkbookHost } from '../host/workbook-host.js';
import { Batch } from './batch.js';
import { detectCapabilities } from './capabilities.js';
import { readFileBytes } from './file.js';
import { clearMarks, putMarks } from './marks.js';
import { readTemplateSheets } from './read.js';
import { writeIndicatorSheet, writeIssueSheet } from './result-sheets.js';
import { insertTemplate } from './template.js';
import { parseArea } from '../../shared/table/sheet.js';

/** Writes estimate their size from their arguments; the margin covers what the estimate leaves out. */
const WRITE_BUDGET_BYTES = 3_000_000;

/** How long after the add-in's own writes change events are taken for its own. */
const OWN_WRITE_QUIET_MS = 1500;

export class ExcelHost implements WorkbookHost {
  readonly capabilities: HostCapabilities;
  readonly partitionKey: string | undefined;
  private syncs = 0;
  /** Template sheets present at the last read: where marks may go, by their names in the workbook. */
  private sheetNames: string[] = [];
  /** A template sheet's name (normalised) → its name in the workbook ("单位名录 " with a stray space is 单位名录). */
  private readonly actual = new Map<string, string>();
  private writingUntil = 0;

  constructor(private readonly region: Region = JINCHENG) {
    this.capabilities = detectCapabilities();
    this.partitionKey = Office.context.partitionKey || undefined;
  }

  private run<T>(work: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return Excel.run(async (context) => {
      const sync = context.sync.bind(context);
      context.sync = <U>(passThroughValue?: U) => {
        this.syncs++;
        return sync(passThroughValue) as Promise<U>;
      };
      return work(context);
    });
  }

  /** Runs a write, marking the time so that change events it causes are not taken for the user's. */
  private async writing<T>(work: () => Promise<T>): Promise<T> {
    this.writingUntil = Number.POSITIVE_INFINITY;
    try {
      return await work();
    } finally {
      this.writingUntil = Date.now() + OWN_WRITE_QUIET_MS;
    }
  }

  readTemplate(template: TemplateSpec): Promise<WorkbookInput> {
    return this.run(async (context) => {
      const input = await readTemplateSheets(context, template, this.capabilities);
      const names = new Set(template.sheets.map((s) => normalizeLabel(s.name)));
      this.sheetNames = input.sheets.map((s) => s.name).filter((n) => names.has(normalizeLabel(n)));
      this.actual.clear();
      for (const n of this.sheetNames) this.actual.set(normalizeLabel(n), n);
      return input;
    });
  }

  showCheck(output: CheckOutput): Promise<MarkReport> {
    return this.writing(() =>
      this.run(async (context) => {
        const result = context.workbook.worksheets.getItemOrNullObject(RESULT_SHEET);
        result.load('isNullObject');
        const batch = new Batch(context, WRITE_BUDGET_BYTES);
        // Marks on the sheets as the workbook names them; issues on sheets it lacks have no cell to mark.
        const marks = output.marks.flatMap((m) => {
          const sheet = this.sheetName(m.sheet);
          return sheet === undefined ? [] : [{ ...m, sheet }];
        });
        // The result sheet's existence is learnt with the marks' first request.
        const report = await putMarks(context, batch, this.sheetNames, marks, this.capabilities);
        await writeIssueSheet(context, batch, output.issues, output.summary, !result.isNullObject, (n) => this.sheetName(n) ?? n);
        await batch.flush();
        return report;
      }),
    );
  }

  clearMarks(): Promise<void> {
    return this.writing(() => this.run((context) => clearMarks(context, this.sheetNames, this.capabilities)));
  }

  showIndicators(results: readonly IndicatorResult[], heading: string): Promise<void> {
    return this.writing(() => this.run((context) => writeIndicatorSheet(context, results, heading, true)));
  }

  insertTemplate(template: TemplateSpec): Promise<TemplateReport> {
    return this.writing(() => this.run((context) => insertTemplate(context, template, this.region, this.capabilities)));
  }

  /** A template sheet's name as the workbook has it, if the last read found it. */
  private sheetName(template: string): string | undefined {
    return this.actual.get(normalizeLabel(template));
  }

  select(sheet: string, cell: string): Promise<void> {
    return this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(this.sheetName(sheet) ?? sheet);
      ws.activate();
      ws.getRange(cell).select();
      await context.sync();
    });
  }

  readFile(): Promise<Uint8Array | null> {
    return this.capabilities.fileBytes ? readFileBytes() : Promise.resolve(null);
  }

  /** Listens on the template sheets of the last read (one request); edits in other sheets do not change a check. */
  async onChanged(listener: (changes: { sheet: string; rows: number[] }[]) => void): Promise<() => Promise<void>> {
    const handlers: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs>[] = [];
    await this.run(async (context) => {
      for (const sheet of this.sheetNames) {
        const ws = context.workbook.worksheets.getItem(sheet);
        handlers.push(
          ws.onChanged.add(async (event) => {
            if (Date.now() < this.writingUntil) return;
            const area = parseArea(event.address);
            if (!area) return;
            const rows: number[] = [];
            for (let r = area.top; r <= Math.min(area.bottom, area.top + 999); r++) rows.push(r);
            listener([{ sheet, rows }]);
          }),
        );
      }
      await context.sync();
    });
    return async () => {
      for (const h of handlers) {
        await Excel.run(h.context, async (context) => {
          h.remove();
          await context.sync();
        });
      }
    };
  }

  stats(): HostStats {
    return { syncs: this.syncs, maxRequestBytes: 0, totalBytes: 0 };
  }
}

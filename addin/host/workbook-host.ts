/**
 * The workbook the user has open, as the add-in sees it: one seam between the task pane (and the
 * ribbon commands) and the spreadsheet host. `addin/excel/` implements it with Office.js; tests
 * use a fake Excel behind the same Office.js implementation. A WPS host could implement it later,
 * so nothing outside `addin/excel/` may touch `Excel.*` or `Office.*`.
 */
import type { IndicatorResult } from '../../shared/indicators/definitions.js';
import type { TemplateSpec } from '../../shared/template/spec.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import type { Issue } from '../../shared/validation/issues.js';

/** What the host can do, decided once at start (Office: `isSetSupported`). */
export interface HostCapabilities {
  /** Highest ExcelApi requirement set supported, e.g. "1.18" (null: unknown host). */
  apiVersion: string | null;
  /** Notes on cells (ExcelApi 1.18); else comments (1.10); else only the result sheet explains. */
  notes: boolean;
  comments: boolean;
  /** One call for many areas (RangeAreas, ExcelApi 1.9); else one range per area, same sync. */
  rangeAreas: boolean;
  /** Drop-downs for enum columns (data validation, ExcelApi 1.8). */
  dataValidation: boolean;
  /** Merged areas of a range (ExcelApi 1.13). */
  mergedAreas: boolean;
  /** The file's bytes (Office.context.document.getFileAsync, compressed). */
  fileBytes: boolean;
}

/** One problem shown on its cell: a fill by severity and the Chinese explanation as a note or comment. */
export interface CellMark {
  sheet: string;
  /** A1 address of the cell on that sheet. */
  cell: string;
  severity: 'error' | 'warning';
  text: string;
}

export interface CheckOutput {
  /** Marks to put on cells (the previous run's marks are removed first). */
  marks: CellMark[];
  /** Every issue, for the 校验结果 sheet (each row links to its cell). */
  issues: readonly Issue[];
  /** One line at the top of the result sheet ("发现 3 个错误、2 个警告"). */
  summary: string;
}

export interface MarkReport {
  /** Cells that got a note or comment. */
  explained: number;
  /** Cells whose explanation went only to the result sheet (the user's own note or comment is there, or the host has neither). */
  onlyInSheet: number;
}

export interface TemplateReport {
  /** Sheets added, and headers added to existing sheets. */
  sheetsAdded: string[];
  headersAdded: { sheet: string; header: string }[];
}

/** Costs of the host calls, for the budgets (syncs and request sizes); a host that cannot tell gives zeros. */
export interface HostStats {
  syncs: number;
  maxRequestBytes: number;
  totalBytes: number;
}

export interface WorkbookHost {
  readonly capabilities: HostCapabilities;
  /** Key that separates this add-in's storage per user and host (Office.context.partitionKey); undefined where there is none. */
  readonly partitionKey: string | undefined;
  /** The sheets of the template found in the workbook, as the engine reads them (values, value types, number formats, merges). */
  readTemplate(template: TemplateSpec): Promise<WorkbookInput>;
  /** Removes the add-in's previous marks, puts the new ones and rewrites the 校验结果 sheet. */
  showCheck(output: CheckOutput): Promise<MarkReport>;
  /** Removes the add-in's marks (fills, notes, comments it made); the user's own are untouched. */
  clearMarks(): Promise<void>;
  /** Rewrites the 指标汇总 sheet: one row per indicator, 达标/未达标 formatting, and a chart against targets. */
  showIndicators(results: readonly IndicatorResult[], heading: string): Promise<void>;
  /** Adds missing template sheets and headers (with drop-downs and header notes); never overwrites data. */
  insertTemplate(template: TemplateSpec): Promise<TemplateReport>;
  /** Activates the sheet and selects the cell. */
  select(sheet: string, cell: string): Promise<void>;
  /** The workbook's .xlsx bytes, or null where the host cannot give them. */
  readFile(): Promise<Uint8Array | null>;
  /** Calls `listener` with the sheets and rows the user changed; returns a function that stops listening. */
  onChanged(listener: (changes: { sheet: string; rows: number[] }[]) => void): Promise<() => Promise<void>>;
  /** Costs since the host was made. */
  stats(): HostStats;
}

/** Sheets the add-in writes; the engine does not take them for template or county sheets. */
export { INDICATOR_SHEET, RESULT_SHEET } from '../../shared/template/blank.js';

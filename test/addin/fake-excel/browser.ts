/**
 * Entry for the browser tests: bundled (esbuild, iife) and served in place of office.js, it sets
 * window.Excel, window.Office and window.OfficeExtension before the add-in's scripts run.
 * The page configures it beforehand with
 *   window.__FAKE_EXCEL__ = { input: WorkbookInput, options: FakeExcelOptions, fileBase64?: string }
 * (dates in `input` as Excel serial numbers: JSON has no Date). The fake is then at
 * window.fakeExcel (stats(), book) and the constructors at window.FakeExcel.
 */
import type { WorkbookInput } from '../../../shared/table/sheet.js';
import { createFakeOffice, FakeBook, type FakeExcelOptions, installGlobals } from './index.js';

interface BrowserConfig {
  input?: WorkbookInput;
  options?: Omit<FakeExcelOptions, 'fileBytes'>;
  /** The .xlsx that getFileAsync gives, base64. */
  fileBase64?: string;
}

const g = globalThis as Record<string, unknown>;
const config = (g['__FAKE_EXCEL__'] ?? {}) as BrowserConfig;
const book = FakeBook.fromWorkbookInput(config.input ?? { sheets: [{ name: 'Sheet1', rows: [] }] });
const fileBase64 = config.fileBase64;
const decode = g['atob'] as ((text: string) => string) | undefined;
const fileBytes =
  fileBase64 !== undefined && decode
    ? (): Uint8Array => Uint8Array.from(decode(fileBase64), (ch) => ch.charCodeAt(0))
    : undefined;
const fake = createFakeOffice(book, { ...config.options, ...(fileBytes ? { fileBytes } : {}) });
installGlobals(fake);
g['fakeExcel'] = fake;
g['FakeExcel'] = { FakeBook, createFakeOffice, installGlobals };

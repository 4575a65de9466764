/**
 * A fake Excel host for the add-in's tests: `Excel` and `Office` globals shaped like Office.js,
 * backed by an in-memory FakeBook, counting every `context.sync()` and the JSON bytes of its
 * request and response. Pure TypeScript: it runs in mocha and, bundled, in the browser tests.
 *
 *   const book = FakeBook.fromWorkbookInput(input);
 *   const fake = createFakeOffice(book, { apiVersion: '1.18' });
 *   const restore = installGlobals(fake);   // globalThis.Excel / Office / OfficeExtension
 *   … run the gateway …; fake.stats(); book.sheet('表1').cell('B3'); restore();
 */
import { ErrorCodes, OfficeExtensionError } from './errors.js';
import { makeOffice, type OfficeRecords } from './office.js';
import { ClientObject, ClientResult, type FakeExcelOptions, type FakeStats, run, Session } from './runtime.js';
import { ExcelRequestContext } from './sheet.js';
import type { FakeBook } from './workbook.js';

export { FakeBook, FakeSheet, dateSerial } from './workbook.js';
export type { FakeCell, FakeChart, FakeComment, FakeConditionalFormat, FakeNote, Scalar, WorksheetChangedArgs } from './workbook.js';
export type { FakeExcelOptions, FakeStats, RequestStat } from './runtime.js';
export { OfficeExtensionError } from './errors.js';

const ExcelEnums = {
  ConditionalFormatType: {
    custom: 'Custom',
    dataBar: 'DataBar',
    colorScale: 'ColorScale',
    iconSet: 'IconSet',
    topBottom: 'TopBottom',
    presetCriteria: 'PresetCriteria',
    containsText: 'ContainsText',
    cellValue: 'CellValue',
  },
  ChartType: {
    columnClustered: 'ColumnClustered',
    columnStacked: 'ColumnStacked',
    barClustered: 'BarClustered',
    line: 'Line',
    lineMarkers: 'LineMarkers',
    pie: 'Pie',
    xyscatter: 'XYScatter',
  },
  ChartSeriesBy: { auto: 'Auto', columns: 'Columns', rows: 'Rows' },
  ConditionalTextOperator: { invalid: 'Invalid', contains: 'Contains', notContains: 'NotContains', beginsWith: 'BeginsWith', endsWith: 'EndsWith' },
  DataValidationAlertStyle: { stop: 'Stop', warning: 'Warning', information: 'Information' },
  SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
  DataValidationType: {
    none: 'None',
    wholeNumber: 'WholeNumber',
    decimal: 'Decimal',
    list: 'List',
    date: 'Date',
    time: 'Time',
    textLength: 'TextLength',
    custom: 'Custom',
    inconsistent: 'Inconsistent',
    mixedCriteria: 'MixedCriteria',
  },
  RangeValueType: { unknown: 'Unknown', empty: 'Empty', string: 'String', integer: 'Integer', double: 'Double', boolean: 'Boolean', error: 'Error', richValue: 'RichValue' },
  ClearApplyTo: { all: 'All', formats: 'Formats', contents: 'Contents', hyperlinks: 'Hyperlinks', removeHyperlinks: 'RemoveHyperlinks', resetContents: 'ResetContents' },
  HorizontalAlignment: { general: 'General', left: 'Left', center: 'Center', right: 'Right', fill: 'Fill', justify: 'Justify', centerAcrossSelection: 'CenterAcrossSelection', distributed: 'Distributed' },
  ContentType: { plain: 'Plain', mention: 'Mention' },
  EventSource: { local: 'Local', remote: 'Remote' },
  DataChangeType: { unknown: 'Unknown', rangeEdited: 'RangeEdited', rowInserted: 'RowInserted', rowDeleted: 'RowDeleted', columnInserted: 'ColumnInserted', columnDeleted: 'ColumnDeleted', cellInserted: 'CellInserted', cellDeleted: 'CellDeleted' },
  ErrorCodes,
} as const;

export function createFakeOffice(book: FakeBook, options: FakeExcelOptions = {}) {
  const session = new Session(book, options);
  const records: OfficeRecords = { actions: new Map(), openFiles: 0 };
  /** `new Excel.RequestContext()` works as in Office.js. */
  class RequestContext extends ExcelRequestContext {
    constructor() {
      super(session);
    }
  }
  const Excel = {
    ...ExcelEnums,
    RequestContext,
    run<T>(...args: unknown[]): Promise<T> {
      return run<T>(session, () => new RequestContext(), args);
    },
  };
  const Office = makeOffice(session, records);
  const OfficeExtension = { Error: OfficeExtensionError, ErrorCodes, ClientResult, ClientObject, config: { extendedErrorLogging: false } };
  /** The shared runtime's custom functions registry (Office provides it where the manifest declares functions). */
  const functions = new Map<string, (...args: unknown[]) => unknown>();
  class CustomFunctionError extends Error {
    constructor(
      readonly code: string,
      message?: string,
    ) {
      super(message);
    }
  }
  const CustomFunctions = {
    associate(id: string | Record<string, (...args: unknown[]) => unknown>, fn?: (...args: unknown[]) => unknown): void {
      if (typeof id === 'string') functions.set(id.toUpperCase(), fn!);
      else for (const [k, f] of Object.entries(id)) functions.set(k.toUpperCase(), f);
    },
    Error: CustomFunctionError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!' },
  };
  return {
    Excel,
    Office,
    OfficeExtension,
    CustomFunctions,
    /** Custom functions registered with CustomFunctions.associate, by id. */
    functions,
    book,
    /** Ribbon commands registered with Office.actions.associate, and files left open. */
    records,
    stats: (): FakeStats => session.stats(),
    resetStats: (): void => {
      session.requests = [];
    },
  };
}

export type FakeOffice = ReturnType<typeof createFakeOffice>;

/** Sets globalThis.Excel, Office, OfficeExtension and CustomFunctions; returns a function that puts back what was there. */
export function installGlobals(fake: FakeOffice): () => void {
  const g = globalThis as Record<string, unknown>;
  const before = { Excel: g['Excel'], Office: g['Office'], OfficeExtension: g['OfficeExtension'], CustomFunctions: g['CustomFunctions'] };
  g['Excel'] = fake.Excel;
  g['Office'] = fake.Office;
  g['OfficeExtension'] = fake.OfficeExtension;
  g['CustomFunctions'] = fake.CustomFunctions;
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete g[k];
      else g[k] = v;
    }
  };
}

/**
 * The `Office` global as an Excel task pane sees it: onReady, requirement sets, partitionKey, the
 * document settings (recorded in the model: they travel inside the workbook) and the file in
 * slices (getFileAsync, compressed). Callbacks run asynchronously, as in Office.
 */
import { compareVersions, type Session } from './runtime.js';

export interface AsyncResultError {
  code: number;
  name: string;
  message: string;
}

export interface AsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error: AsyncResultError | undefined;
  asyncContext: unknown;
}

export interface FileSlice {
  /** The bytes as Office hands them over for a compressed file: an array of numbers. */
  data: number[];
  index: number;
  size: number;
}

export interface FakeFile {
  size: number;
  sliceCount: number;
  getSliceAsync(sliceIndex: number, callback: (result: AsyncResult<FileSlice>) => void): void;
  closeAsync(callback?: (result: AsyncResult<void>) => void): void;
}

type Callback<T> = ((result: AsyncResult<T>) => void) | undefined;

const MAX_SLICE = 4_194_304;
/** Office keeps at most two files of a document open at once. */
const MAX_OPEN_FILES = 2;

function later<T>(callback: Callback<T>, result: AsyncResult<T>): void {
  if (callback) void Promise.resolve().then(() => callback(result));
}

function succeeded<T>(value: T, asyncContext?: unknown): AsyncResult<T> {
  return { status: 'succeeded', value, error: undefined, asyncContext };
}

function failed<T>(code: number, name: string, message: string, asyncContext?: unknown): AsyncResult<T> {
  return { status: 'failed', value: undefined as T, error: { code, name, message }, asyncContext };
}

/** Optional options argument before the callback, as in every *Async method. */
function splitArgs<T>(options: unknown, callback: unknown): { options: Record<string, unknown>; callback: Callback<T> } {
  if (typeof options === 'function') return { options: {}, callback: options as Callback<T> };
  return { options: (options as Record<string, unknown> | undefined) ?? {}, callback: callback as Callback<T> };
}

export interface OfficeRecords {
  /** Office.actions.associate registrations (ribbon commands). */
  actions: Map<string, (event: unknown) => unknown>;
  /** Files getFileAsync opened and not yet closed. */
  openFiles: number;
}

export function makeOffice(session: Session, records: OfficeRecords) {
  const { book, options } = session;
  const pending = new Map<string, unknown>();
  const info = { host: 'Excel', platform: 'OfficeOnline' };

  const settings = {
    get(name: string): unknown {
      return pending.has(name) ? pending.get(name) : null;
    },
    set(name: string, value: unknown): void {
      book.settingsWrites.push({ name, value });
      pending.set(name, JSON.parse(JSON.stringify(value)) as unknown);
    },
    remove(name: string): void {
      pending.delete(name);
    },
    saveAsync(maybeOptions?: unknown, maybeCallback?: unknown): void {
      const { options: o, callback } = splitArgs<void>(maybeOptions, maybeCallback);
      book.documentSettings = Object.fromEntries(pending);
      later(callback, succeeded(undefined, o['asyncContext']));
    },
  };

  function getFileAsync(fileType: string, maybeOptions?: unknown, maybeCallback?: unknown): void {
    const { options: o, callback } = splitArgs<FakeFile>(maybeOptions, maybeCallback);
    const context = o['asyncContext'];
    const sliceSize = Number(o['sliceSize'] ?? MAX_SLICE);
    if (fileType !== 'compressed') return later(callback, failed(5001, 'Internal Error', `The fake host gives only the compressed file, not '${fileType}'.`, context));
    if (!(sliceSize > 0 && sliceSize <= MAX_SLICE)) return later(callback, failed(1000, 'Invalid argument', `sliceSize must be 1 to ${MAX_SLICE} bytes.`, context));
    if (!options.fileBytes) return later(callback, failed(5001, 'Internal Error', 'The host cannot give the file.', context));
    if (records.openFiles >= MAX_OPEN_FILES) return later(callback, failed(5001, 'Internal Error', 'Too many files are open; close one with closeAsync.', context));
    records.openFiles++;
    void Promise.resolve(options.fileBytes()).then(
      (bytes) => later(callback, succeeded(openFile(bytes, sliceSize), context)),
      (error: unknown) => {
        records.openFiles--;
        later(callback, failed(5001, 'Internal Error', error instanceof Error ? error.message : String(error), context));
      },
    );
  }

  function openFile(bytes: Uint8Array, sliceSize: number): FakeFile {
    let closed = false;
    const file: FakeFile = {
      size: bytes.length,
      sliceCount: Math.max(1, Math.ceil(bytes.length / sliceSize)),
      getSliceAsync(index, cb) {
        if (closed) return later(cb, failed(5001, 'Internal Error', 'The file is closed.'));
        if (!(index >= 0 && index < file.sliceCount)) return later(cb, failed(1000, 'Invalid argument', `No slice ${index}.`));
        const part = bytes.subarray(index * sliceSize, Math.min(bytes.length, (index + 1) * sliceSize));
        later(cb, succeeded({ data: Array.from(part), index, size: part.length }));
      },
      closeAsync(cb) {
        if (!closed) records.openFiles--;
        closed = true;
        later(cb, succeeded(undefined));
      },
    };
    return file;
  }

  function isSetSupported(name: string, version?: string | number): boolean {
    const wanted = version === undefined ? '1.1' : String(version);
    const sets: Record<string, string | undefined> = {
      excelapi: session.apiVersion,
      sharedruntime: options.sharedRuntime === false ? undefined : '1.1',
      customfunctionsruntime: '1.4',
      ribbonapi: '1.1',
      dialogapi: '1.2',
      addincommands: '1.1',
    };
    const have = sets[name.toLowerCase()];
    return have !== undefined && compareVersions(have, wanted) >= 0;
  }

  return {
    HostType: { Excel: 'Excel', Word: 'Word', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote' },
    PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    FileType: { Compressed: 'compressed', Pdf: 'pdf', Text: 'text' },
    onReady(callback?: (info: { host: string; platform: string }) => unknown): Promise<{ host: string; platform: string }> {
      const result = { ...info };
      return Promise.resolve().then(() => {
        callback?.(result);
        return result;
      });
    },
    context: {
      host: 'Excel',
      platform: 'OfficeOnline',
      partitionKey: options.partitionKey,
      displayLanguage: options.displayLanguage ?? 'zh-CN',
      contentLanguage: options.displayLanguage ?? 'zh-CN',
      diagnostics: { host: 'Excel', platform: 'OfficeOnline', version: '16.0.0.0' },
      requirements: { isSetSupported },
      document: { settings, getFileAsync, mode: 'readWrite', url: 'https://example.invalid/county.xlsx' },
    },
    actions: {
      associate(id: string, handler: (event: unknown) => unknown): void {
        records.actions.set(id, handler);
      },
    },
    addin: {
      showAsTaskpane: (): Promise<void> => Promise.resolve(),
      hide: (): Promise<void> => Promise.resolve(),
    },
  };
}

/**
 * exceljs, loaded with one fix: its SAX feed (lib/utils/parse-sax.js) decodes every stream chunk
 * on its own, so a multi-byte UTF-8 character split across two chunks becomes "��" — one Chinese
 * character in a few thousand, at random, in every file read (exceljs issues #2063, #2084, #2316;
 * fix PRs #1665, #1821, #2894 unmerged as of 4.4.0). The replacement below is the same function
 * with a StringDecoder that carries partial characters over to the next chunk. It is put into the
 * CommonJS module cache before exceljs loads, so every exceljs reader uses it.
 *
 * Import exceljs values only from this module (lint enforces it); type imports are fine.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSModule from 'exceljs';

const require = createRequire(import.meta.url);
const excelEntry = require.resolve('exceljs');
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');

if (require.cache[excelEntry] && require.cache[parseSaxPath]?.exports !== parseSax) {
  throw new Error('exceljs was loaded before bot/xlsx/exceljs.ts could fix its UTF-8 decoding; import exceljs only through that module');
}

interface SaxesLike {
  on(event: string, handler: (value: unknown) => void): void;
  write(text: string): void;
}
const { SaxesParser } = createRequire(parseSaxPath)('saxes') as { SaxesParser: new () => SaxesLike };

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(input: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  let iterable = input;
  if (typeof input.pipe === 'function' && !(Symbol.asyncIterator in input)) {
    iterable = (input as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  }
  const parser = new SaxesParser();
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

const Module = require('node:module') as { new (id: string): NodeJS.Module };
const fixed = new Module(parseSaxPath);
fixed.filename = parseSaxPath;
fixed.loaded = true;
fixed.exports = parseSax;
require.cache[parseSaxPath] = fixed;

const ExcelJS = require('exceljs') as typeof ExcelJSModule;
export default ExcelJS;

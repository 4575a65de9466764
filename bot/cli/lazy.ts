/**
 * Loads a module of the command line when a command first needs it, so `--help` does not load
 * exceljs and `validate` does not load the chat SDK.
 *
 * The command line runs as ES modules, where this is import(). The test runner (mocha through tsx)
 * runs the same code as CommonJS, and there import() would load a second copy of modules that the
 * tests already hold through require() (two copies of bot/xlsx/exceljs.ts refuse to coexist), so
 * there it is require(): one copy, as with static imports.
 */
import { createRequire } from 'node:module';

const commonJs = typeof require === 'function';

/** `specifier` resolved against `base` (the caller's import.meta.url). */
export function lazy<T>(specifier: string, base: string): Promise<T> {
  return commonJs ? new Promise((resolve) => resolve(createRequire(base)(specifier) as T)) : (import(new URL(specifier, base).href) as Promise<T>);
}

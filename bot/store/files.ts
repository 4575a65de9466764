/**
 * Files under the data directory hold reports, invite and token hashes and the operator's log:
 * owner-only. Directories are created 0700 and files 0600 by explicit modes (never by changing the
 * process umask), and a file is written under a temp name created with its final mode and then
 * renamed, so it never exists half-written nor, even briefly, with a looser mode.
 */
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Temp files of an interrupted write: `.<name>.<pid>.<time>.<n>.tmp`, steno's `.<name>.tmp`, older `.<pid>.<time>.tmp`. */
export const TEMP_FILE = /^\..+\.tmp$/u;

let counter = 0;

export function tempFileFor(file: string): string {
  counter = (counter + 1) % 1_000_000;
  return join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.${counter}.tmp`);
}

/** Creates a directory (and missing parents) owner-only. */
export async function mkdirPrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
}

/** Writes a whole file owner-only: a fresh temp file (mode 0600 from its creation), then rename. */
export async function writePrivateFile(file: string, data: Buffer | string, temp: string = tempFileFor(file)): Promise<void> {
  await mkdirPrivate(dirname(file));
  // 'wx': never reuse an existing temp file, whose mode could be looser than ours.
  await writeFile(temp, data, { mode: FILE_MODE, flag: 'wx' });
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Narrows the mode of an existing file or directory to `mode`; returns the old mode when it changed. */
export async function tighten(path: string, mode: number): Promise<number | null> {
  let current: number;
  try {
    current = (await stat(path)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if ((current & ~mode) === 0) return null;
  await chmod(path, mode);
  return current;
}

export const octal = (mode: number): string => `0${mode.toString(8).padStart(3, '0')}`;

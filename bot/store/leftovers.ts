/**
 * What a crash (kill -9, power loss) leaves in the data directory: temp files of an interrupted
 * write, and the upload files of a version whose record was never saved (addSubmission writes the
 * files first, then the store). Removed when the store is opened, under its lock. A file a stored
 * record names (`file`, `history`) is never removed; files of other names are left alone.
 */
import type { Dirent } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_FILE } from './files.js';
import type { SubmissionRecord } from './types.js';

/** The names addSubmission gives: v3.xlsx, v3.json, v3.history.json. */
const VERSION_FILE = /^v\d+\.(?:xlsx|json|history\.json)$/u;

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export interface Leftovers {
  /** Removed, as paths relative to the data directory ('/'-separated). */
  removed: string[];
  /** Version files no record names, kept because there were no records to judge them by. */
  unreferenced: string[];
}

/**
 * Removes temp files (top level and under submissions/) and unreferenced version files under
 * submissions/. `records` is null when there is no store file or it holds no submission: then no
 * version file is removed, since an operator who moved a damaged store file away may still restore it.
 */
export async function removeLeftovers(dataDir: string, records: readonly SubmissionRecord[] | null): Promise<Leftovers> {
  const referenced = new Set<string>();
  for (const r of records ?? []) {
    referenced.add(r.file);
    if (r.history) referenced.add(r.history);
  }
  const result: Leftovers = { removed: [], unreferenced: [] };
  const remove = async (relativePath: string): Promise<void> => {
    await rm(join(dataDir, ...relativePath.split('/')), { force: true });
    result.removed.push(relativePath);
  };

  for (const e of await entries(dataDir)) {
    if (e.isFile() && TEMP_FILE.test(e.name)) await remove(e.name);
  }
  const walk = async (relativeDir: string): Promise<void> => {
    for (const e of await entries(join(dataDir, ...relativeDir.split('/')))) {
      const path = `${relativeDir}/${e.name}`;
      if (e.isDirectory()) await walk(path);
      else if (!e.isFile()) continue;
      else if (TEMP_FILE.test(e.name)) await remove(path);
      else if (VERSION_FILE.test(e.name) && !referenced.has(path)) {
        if (records === null) result.unreferenced.push(path);
        else await remove(path);
      }
    }
  };
  await walk('submissions');
  return result;
}

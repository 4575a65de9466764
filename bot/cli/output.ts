/**
 * Files the commands write (--out, --dir). A path the user cannot write to is the user's problem to
 * fix, so it becomes an InputError (exit 2) whose Chinese message says what is wrong with it; the
 * file is opened before any work starts, so a large sample is not generated for nothing.
 */
import { constants, statSync } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { InputError } from './inputs.js';

/** The Chinese reason for a file-system error on `path`, or null when it is not the user's to fix. */
export function pathProblem(err: unknown, path: string, what: '文件' | '文件夹' = '文件'): string | null {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const parent = dirname(path);
  switch (code) {
    case 'ENOENT':
      return `无法写入${what}“${path}”：文件夹“${parent}”不存在。请先建立该文件夹，或换一个位置。`;
    case 'ENOTDIR':
      return `无法写入${what}“${path}”：路径中的“${parent}”不是文件夹。`;
    case 'EISDIR':
      return `无法写入“${path}”：这是一个文件夹，请给出文件名（可带文件夹，如 文件夹/文件名）。`;
    case 'EACCES':
    case 'EPERM':
      return `无法写入${what}“${path}”：没有写入权限。请换一个有权限的位置，或请管理员开放权限。`;
    case 'EROFS':
      return `无法写入${what}“${path}”：所在磁盘是只读的。请换一个位置。`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `无法写入${what}“${path}”：磁盘空间不足。请清理磁盘或换一个位置。`;
    case 'ENAMETOOLONG':
      return `无法写入${what}“${path}”：文件名太长。`;
    default:
      return null;
  }
}

/** Turns the user's file-system problems into InputErrors; everything else passes through. */
function asInputError(err: unknown, path: string, what?: '文件' | '文件夹'): unknown {
  if (err instanceof InputError) return err;
  const problem = pathProblem(err, path, what);
  return problem ? new InputError(problem, { cause: err }) : err;
}

/** What is at `path` now: nothing, a folder, or something else ('none' when it cannot even be looked at: opening it then says why). */
function existing(path: string): 'none' | 'folder' | 'other' {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat === undefined ? 'none' : stat.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'none'; // ENOTDIR, EACCES…
  }
}

async function openNew(path: string, force: boolean): Promise<FileHandle> {
  try {
    if (existing(path) === 'folder') throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    // 'wx' fails when the file exists: the check and the creation are one step.
    return await open(path, force ? constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC : 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InputError(`文件“${path}”已存在。如需覆盖请加 --force，或用 --out 指定其他文件名。`);
    }
    throw asInputError(err, path);
  }
}

/**
 * Opens `path` for writing (refusing an existing file without `force`), runs `write` on a stream
 * to it, and closes it. A file this call created is removed again when writing fails.
 */
export async function writeOutput(path: string, force: boolean, write: (sink: Writable) => Promise<void>): Promise<void> {
  const existed = existing(path) !== 'none';
  const handle = await openNew(path, force);
  const sink = handle.createWriteStream();
  const finished = new Promise<void>((resolve, reject) => {
    sink.once('close', resolve);
    sink.once('error', reject);
  });
  try {
    await write(sink);
    if (!sink.writableEnded) sink.end();
    await finished;
  } catch (err) {
    sink.destroy();
    await finished.catch(() => undefined);
    if (!existed) await rm(path, { force: true }).catch(() => undefined);
    throw asInputError(err, path);
  }
}

/** Creates a folder the user named (--dir), with a Chinese message when it cannot be. */
export async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(`无法使用文件夹“${path}”：同名的文件已存在。`);
    throw asInputError(err, path, '文件夹');
  }
}

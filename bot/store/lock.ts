/**
 * One writer per data directory. The store file is rewritten whole on every change, so a second
 * process writing beside the server would silently undo the server's changes (and the other way
 * round). A lock file created with O_EXCL names the holder; a lock whose process is gone is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

export class StoreLockedError extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly file: string,
  ) {
    super(
      holder.purpose === 'server'
        ? `数据目录正被运行中的服务占用（进程 ${holder.pid}，自 ${holder.since} 起）。服务运行时，命令行不能修改数据：请在聊天中由督导员发送“邀请 泽州县 填报员”生成邀请码，或先停止服务（Ctrl+C）再运行本命令。`
        : `数据目录正被另一个命令占用（进程 ${holder.pid}：${holder.purpose}）。请等它结束后重试。`,
    );
    this.name = 'StoreLockedError';
  }
}

function alive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // cannot check another machine: assume it is running
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null; // unreadable or half-written: treated as stale below
  }
}

export interface Lock {
  release(): void;
}

export function acquireLock(file: string, purpose: string, now: Date): Lock {
  const holder: LockHolder = { pid: process.pid, host: hostname(), purpose, since: now.toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(holder));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (readHolder(file)?.pid === process.pid) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = readHolder(file);
      // This very process (a second open) or another live one: refuse. Otherwise the lock is stale.
      if (current && (current.pid === process.pid || alive(current))) throw new StoreLockedError(current, file);
      try {
        unlinkSync(file); // stale: its process has ended
      } catch {
        // someone else removed it first; try again
      }
    }
  }
  throw new Error(`could not acquire ${file}`);
}

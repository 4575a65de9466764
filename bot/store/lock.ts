/**
 * One writer per data directory. The store file is rewritten whole on every change, so a second
 * process writing beside the server would silently undo the server's changes (and the other way
 * round).
 *
 * The lock is a directory made with mkdir (atomic, proper-lockfile) whose modification time the
 * holder refreshes every `update` ms while it runs. A lock not refreshed for `stale` ms is left over
 * by a process that ended (kill -9, power loss) and is taken over. This does not depend on PIDs or
 * host names, which a restart reuses (PID 1 in every container) or changes. Who holds the lock
 * (pid, host, purpose, since) is kept in a small JSON file beside it, only to explain a refusal.
 */
import { shanghaiTime } from '../../shared/schedule/calendar.js';
import * as fs from 'node:fs';
import { readFile, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { lock as properLock } from 'proper-lockfile';
import { logError } from '../log.js';
import { DIR_MODE, writePrivateFile } from './files.js';

export interface LockHolder {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

/** A running holder refreshes its lock this often… */
export const LOCK_UPDATE_MS = 5_000;
/** …and a lock not refreshed for this long is taken over. */
export const LOCK_STALE_MS = 15_000;

export interface LockOptions {
  /** ms without a refresh after which a lock is stale (at least 2000, the library's minimum). */
  stale?: number;
  /** ms between refreshes while held (at least 1000, at most stale / 2). */
  update?: number;
  /** ms to keep retrying while the lock is live; default: stale + update for the server, 0 (refuse at once) otherwise. */
  wait?: number;
  /** Told once when a start has to wait for the lock; default: a line on stderr. */
  onWait?: (message: string) => void;
}


export interface LockState {
  /** From the holder file; null when it is missing or unreadable. */
  holder: LockHolder | null;
  /** ms since the holder last refreshed the lock; null when unknown. */
  refreshedAgo: number | null;
  stale: number;
  update: number;
}

export class StoreLockedError extends Error {
  readonly holder: LockHolder | null;

  constructor(
    readonly state: LockState,
    readonly file: string,
    /** Who asked for the lock: a second server gets server advice, a command the command line's. */
    requester = 'command',
  ) {
    const { holder, refreshedAgo, stale, update } = state;
    const seconds = (ms: number): number => Math.round(ms / 1000);
    const refreshed = refreshedAgo === null ? '' : `，锁最近一次刷新在 ${seconds(refreshedAgo)} 秒前`;
    const who = holder ? `进程 ${holder.pid}，主机 ${holder.host}，自 ${shanghaiTime(holder.since)} 起${refreshed}` : `持有者信息不可读${refreshed}`;
    const rule = `运行中的${holder?.purpose === 'server' ? '服务' : '进程'}每 ${seconds(update)} 秒刷新一次锁；超过 ${seconds(stale)} 秒未刷新的锁视为进程已退出的遗留锁，会被自动接管。`;
    const advice =
      requester === 'server'
        ? '同一数据目录只能运行一个服务：若另一个服务确实在运行，请先停止它或为本服务另设 JIENENG_DATA；若它已异常退出，本服务会在锁过期后自动接管。'
        : '服务运行时，命令行不能修改数据：请在聊天中由督导员发送“邀请 泽州县 填报员”生成邀请码，或先停止服务（Ctrl+C）再运行本命令。';
    super(
      holder?.purpose === 'server'
        ? `数据目录正被运行中的服务占用（${who}）。${rule}${advice}`
        : `数据目录正被另一个${holder ? `命令占用（${holder.purpose}，${who}）` : `进程占用（${who}）`}。请等它结束后重试。${rule}`,
    );
    this.name = 'StoreLockedError';
    this.holder = holder;
  }
}

export interface Lock {
  readonly holder: LockHolder;
  /** True once the lock could not be refreshed in time (another process may have taken it over). */
  readonly compromised: boolean;
  release(): Promise<void>;
}

/** mkdir with an explicit owner-only mode; everything else as node:fs. */
const lockFs = { ...fs, mkdir: (path: string, callback: (err: NodeJS.ErrnoException | null) => void) => fs.mkdir(path, { mode: DIR_MODE }, callback) };

/** Lock directories held by this process: a second open here is refused at once, never waited for. */
const heldHere = new Set<string>();

function readHolder(file: string): Promise<LockHolder | null> {
  return readFile(file, 'utf8')
    .then((text) => {
      const h = JSON.parse(text) as Partial<LockHolder>;
      return typeof h.pid === 'number' && typeof h.purpose === 'string' ? { pid: h.pid, host: String(h.host), purpose: h.purpose, since: String(h.since) } : null;
    })
    .catch(() => null); // missing, unreadable or half-written
}

const sameHolder = (a: LockHolder | null, b: LockHolder): boolean => a !== null && a.pid === b.pid && a.host === b.host && a.purpose === b.purpose && a.since === b.since;

async function lockState(lockPath: string, holderPath: string, stale: number, update: number): Promise<LockState> {
  let refreshedAgo: number | null = null;
  try {
    // The first mtime is set up to a second ahead (the library probes mtime precision).
    refreshedAgo = Math.max(0, Date.now() - (await stat(lockPath)).mtimeMs);
  } catch {
    // released meanwhile
  }
  const holder = (await readHolder(holderPath)) ?? (await readHolder(lockPath)); // a lock file of an older version held the holder itself
  return { holder, refreshedAgo, stale, update };
}

/**
 * Versions before the directory lock used a plain file that was never refreshed: it counts as live
 * for `stale` ms after it was written, like a directory lock, and is removed once stale.
 */
async function dropLegacyLockFile(lockPath: string, stale: number): Promise<void> {
  try {
    const s = await stat(lockPath);
    if (s.isFile() && s.mtimeMs < Date.now() - stale) await unlink(lockPath);
  } catch {
    // none, or removed meanwhile
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock directory `lockPath` (holder details in `holderPath`). Refuses with
 * StoreLockedError while another live process holds it, after waiting up to `options.wait` ms.
 */
export async function acquireLock(lockPath: string, holderPath: string, purpose: string, now: Date, options: LockOptions = {}): Promise<Lock> {
  const stale = Math.max(options.stale ?? LOCK_STALE_MS, 2000);
  const update = Math.max(Math.min(options.update ?? LOCK_UPDATE_MS, stale / 2), 1000);
  const wait = options.wait ?? (purpose === 'server' ? stale + update : 0);
  const deadline = Date.now() + wait;
  let compromised = false;
  let told = false;

  let unlock: () => Promise<void>;
  for (;;) {
    if (heldHere.has(lockPath)) throw new StoreLockedError(await lockState(lockPath, holderPath, stale, update), lockPath, purpose);
    await dropLegacyLockFile(lockPath, stale);
    try {
      unlock = await properLock(lockPath, {
        lockfilePath: lockPath,
        realpath: false,
        stale,
        update,
        retries: 0,
        fs: lockFs,
        onCompromised: (err) => {
          // Never crash the server over it, but say so loudly: two writers undo each other's changes.
          compromised = true;
          heldHere.delete(lockPath);
          const text = `严重：数据目录的锁 ${lockPath} 未能按时刷新（${err.message}），可能已被另一个进程接管。两个进程同时写数据会互相覆盖修改：请确认只有一个服务在运行，然后重启本服务。`;
          logError('store.lock', new Error(text, { cause: err }));
          process.stderr.write(`${text}\n`);
        },
      });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const state = await lockState(lockPath, holderPath, stale, update);
      if (Date.now() >= deadline) throw new StoreLockedError(state, lockPath, purpose);
      if (!told) {
        told = true;
        const message = `数据目录已被锁定，等待至多 ${Math.ceil((deadline - Date.now()) / 1000)} 秒（若是进程异常退出留下的锁，超过 ${Math.round(stale / 1000)} 秒未刷新后自动接管）：${new StoreLockedError(state, lockPath, purpose).message}`;
        (options.onWait ?? ((m: string) => process.stderr.write(`${m}\n`)))(message);
      }
      await sleep(Math.min(500, update / 2, Math.max(deadline - Date.now(), 10)));
    }
  }
  heldHere.add(lockPath);

  const holder: LockHolder = { pid: process.pid, host: hostname(), purpose, since: now.toISOString() };
  // The library removes the lock directory at exit; the holder file goes with it.
  const onExit = (): void => {
    try {
      const current = JSON.parse(fs.readFileSync(holderPath, 'utf8')) as LockHolder;
      if (sameHolder(current, holder)) fs.unlinkSync(holderPath);
    } catch {
      // already gone
    }
  };
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    heldHere.delete(lockPath);
    // Holder file first, while the lock is still ours; after a takeover, both belong to the new holder.
    if (!compromised && sameHolder(await readHolder(holderPath), holder)) await rm(holderPath, { force: true });
    await unlock().catch(() => undefined); // ERELEASED after a takeover: nothing of ours left
  };
  try {
    await writePrivateFile(holderPath, JSON.stringify(holder));
  } catch (err) {
    await release();
    throw err;
  }
  process.on('exit', onExit);
  return {
    holder,
    get compromised() {
      return compromised;
    },
    release,
  };
}

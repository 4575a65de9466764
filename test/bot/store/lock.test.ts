/**
 * The data-directory lock against real second processes, with short timings (stale 2 s, refreshed
 * every second): a live holder is refused by name and never taken over while it refreshes; a holder
 * killed with SIGKILL is taken over once its lock goes stale, even when its holder file names this
 * very PID and host (the cases that wedged the old PID-based lock); a process that exits without
 * closing releases the lock; a lock that cannot be refreshed is logged, not fatal.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sinon from 'sinon';
import { logFile } from '../../../bot/log.js';
import { StoreLockedError, type LockHolder } from '../../../bot/store/lock.js';
import { HOLDER_FILE, LOCK_FILE, openStore, STORE_FILE, StoreLockLostError } from '../../../bot/store/lowdb-store.js';
import type { Repository } from '../../../bot/store/types.js';
import { tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOLD = fileURLToPath(new URL('./fixtures/hold-store.ts', import.meta.url));
const FAST = { stale: 2000, update: 1000 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a process holding the store; resolves once it holds the lock, with the holder it wrote. */
async function holdInChild(dir: string, purpose: string, then: 'stay' | 'exit' = 'stay'): Promise<{ child: ChildProcess; holder: LockHolder }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD, dir, purpose, then], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const holder = await new Promise<LockHolder>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += String(d);
      const line = /READY (.*)\n/u.exec(text);
      if (line) resolve(JSON.parse(line[1]!) as LockHolder);
    });
    child.once('exit', (code) => reject(new Error(`holder exited ${code} before READY: ${text}`)));
  });
  return { child, holder };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('bot/store/lock (second processes, short timings)', function () {
  this.timeout(30_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  let child: ChildProcess | null = null;
  const open: Repository[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    child = null;
    while (open.length > 0) await open.pop()!.close();
    await cleanup();
  });

  it('refuses a live holder by pid, host and since, and never takes it over while it refreshes', async () => {
    const held = await holdInChild(dir, 'server');
    child = held.child;
    assert.equal(held.holder.pid, child.pid);
    // Command-line purposes refuse at once, for more than twice the stale time.
    const until = Date.now() + 5000;
    let refusals = 0;
    while (Date.now() < until) {
      const started = Date.now();
      await assert.rejects(openStore(dir, 'jieneng invite', new Date(), { lock: FAST }), (err: unknown) => {
        assert.ok(err instanceof StoreLockedError, String(err));
        assert.deepEqual(err.holder, held.holder);
        assert.match(err.message, new RegExp(`数据目录正被运行中的服务占用（进程 ${child!.pid}，主机 ${hostname()}，自 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d 起，锁最近一次刷新在 [0-2] 秒前）`, 'u'));
        assert.match(err.message, /运行中的服务每 1 秒刷新一次锁；超过 2 秒未刷新的锁视为进程已退出的遗留锁，会被自动接管。/u);
        assert.match(err.message, /先停止服务（Ctrl\+C）/u);
        return true;
      });
      assert.ok(Date.now() - started < 1000, 'a command does not wait');
      refusals++;
      await sleep(400);
    }
    assert.ok(refusals >= 8, `${refusals} refusals`);
    // A server start waits longer than the stale time, and still does not take over a live lock.
    const waits: string[] = [];
    const started = Date.now();
    await assert.rejects(openStore(dir, 'server', new Date(), { lock: { ...FAST, wait: 3000, onWait: (m) => waits.push(m) } }), (err: unknown) => {
      assert.ok(err instanceof StoreLockedError);
      assert.match(err.message, /同一数据目录只能运行一个服务/u, 'a second server gets server advice');
      assert.doesNotMatch(err.message, /命令行不能修改数据/u);
      return true;
    });
    assert.ok(Date.now() - started >= 3000, 'the server start waited');
    assert.equal(waits.length, 1);
    assert.match(waits[0]!, /等待至多 3 秒/u);
    assert.deepEqual(JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')), held.holder, 'the holder file is untouched');
    assert.equal(child.exitCode, null, 'the holder still runs');
  });

  for (const [label, rewrite] of [
    ['names this very PID and host (PID reuse after a restart)', (h: LockHolder) => ({ ...h, pid: process.pid, host: hostname() })],
    ['names another host (the hostname changed)', (h: LockHolder) => ({ ...h, pid: 1, host: 'container-before-restart' })],
  ] as const) {
    it(`takes over the lock of a holder killed with SIGKILL once stale, when its holder file ${label}`, async () => {
      const held = await holdInChild(dir, 'server');
      child = held.child;
      child.kill('SIGKILL');
      await exited(child);
      const stale = rewrite(held.holder);
      await writeFile(join(dir, HOLDER_FILE), JSON.stringify(stale));
      assert.ok(existsSync(join(dir, LOCK_FILE)), 'SIGKILL left the lock behind');

      // Right after the crash the lock is still fresh: a command is refused, naming the recorded holder…
      await assert.rejects(openStore(dir, 'jieneng invite', new Date(), { lock: FAST }), (err: unknown) => err instanceof StoreLockedError && err.message.includes(`进程 ${stale.pid}，主机 ${stale.host}`));
      // …and a server start waits for it to go stale, then takes it over.
      const started = Date.now();
      const repo = await openStore(dir, 'server', new Date(), { lock: { ...FAST, onWait: () => undefined } });
      open.push(repo);
      const waited = Date.now() - started;
      assert.ok(waited < 3500, `took over after ${waited} ms`);
      const holder = JSON.parse(await readFile(join(dir, HOLDER_FILE), 'utf8')) as LockHolder;
      assert.deepEqual([holder.pid, holder.host, holder.purpose], [process.pid, hostname(), 'server']);
      assert.notEqual(holder.since, stale.since);
      await repo.addCounties([{ name: '泽州县', code: '140525' }], 'test', new Date());
    });
  }

  it('a command also takes over a lock left by SIGKILL once it is stale', async () => {
    const held = await holdInChild(dir, 'jieneng token');
    child = held.child;
    child.kill('SIGKILL');
    await exited(child);
    // Stale `stale` ms after its last refresh; the first mtime is set up to a second ahead.
    await sleep(FAST.stale + 1500);
    open.push(await openStore(dir, 'jieneng invite', new Date(), { lock: FAST }));
  });

  it('a process that exits without closing the store releases the lock and the holder file', async () => {
    const held = await holdInChild(dir, 'jieneng invite', 'exit');
    child = held.child;
    await exited(child);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
    assert.equal(existsSync(join(dir, HOLDER_FILE)), false);
    open.push(await openStore(dir, 'jieneng invite', new Date(), { lock: FAST }));
  });

  it('logs a lock that could not be refreshed instead of crashing, and writes nothing more', async () => {
    const stderr = sinon.stub(process.stderr, 'write').returns(true);
    try {
      const repo = await openStore(dir, 'server', new Date(), { lock: FAST });
      open.push(repo);
      await rm(join(dir, LOCK_FILE), { recursive: true }); // as if another process had taken it over
      await sleep(FAST.update + 700);
      const warned = stderr.getCalls().map((c) => String(c.args[0])).join('');
      assert.match(warned, /严重：数据目录的锁 .* 未能按时刷新/u);
      assert.match(await readFile(logFile(), 'utf8'), /\[store\.lock\] Error: 严重：数据目录的锁/u);
      const before = await readFile(join(dir, STORE_FILE), 'utf8').catch(() => null);
      await assert.rejects(repo.addCounties([{ name: '泽州县', code: '140525' }], 'test', new Date()), StoreLockLostError);
      assert.equal(await readFile(join(dir, STORE_FILE), 'utf8').catch(() => null), before, 'nothing written after the lock was lost');
      assert.equal((await repo.counties()).length, 0, 'and nothing kept in memory');
    } finally {
      stderr.restore();
    }
  });
});

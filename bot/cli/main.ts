/** Entry point of the `jieneng` command line: runs one command and sets the exit code. */
import { readFileSync } from 'node:fs';
import { JINCHENG } from '../../shared/counties.js';
import { parseCommand, UsageError } from './cli.js';
import type { Io } from './commands.js';
import { lazy } from './lazy.js';
import type * as Inputs from './inputs.js';
import type * as Reader from '../xlsx/read.js';
import type * as Config from '../config.js';
import type * as Lock from '../store/lock.js';
import type * as LowdbStore from '../store/lowdb-store.js';
import type * as Commands from './commands.js';
import type * as Log from '../log.js';
import { MAIN_USAGE, USAGE } from './usage.js';

const load = <T>(specifier: string): Promise<T> => lazy<T>(specifier, import.meta.url);

function version(): string {
  // bot/cli/main.ts from source, dist/bot/cli/main.js when compiled.
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'jieneng' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

const consoleIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  now: () => new Date(),
};

/**
 * The message of an error the user can fix (a file, an option, the config, a running server),
 * or null for an internal error. The error classes are loaded only now: a command that went well
 * never loads the modules of the others.
 */
async function userMessage(err: unknown): Promise<string | null> {
  const [{ InputError }, { WorkbookReadError }, { ConfigError }, { StoreLockedError }, { StoreFormatError }] = await Promise.all([
    load<typeof Inputs>('./inputs.js'),
    load<typeof Reader>('../xlsx/read.js'),
    load<typeof Config>('../config.js'),
    load<typeof Lock>('../store/lock.js'),
    load<typeof LowdbStore>('../store/lowdb-store.js'),
  ]);
  const known = [InputError, WorkbookReadError, ConfigError, StoreLockedError, StoreFormatError];
  return known.some((kind) => err instanceof kind) ? (err as Error).message : null;
}

/** Runs the command line and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const region = JINCHENG;
  try {
    const cmd = parseCommand(argv, region);
    const { runCommand } = await load<typeof Commands>('./commands.js');
    return await runCommand(cmd, io, region, version());
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`错误：${err.message}\n`);
      io.err(err.topic && USAGE[err.topic] ? USAGE[err.topic]! : MAIN_USAGE);
      return 2;
    }
    try {
      const message = await userMessage(err);
      // A mistake the user can fix is said, not logged: the command line leaves no data/logs behind in the user's folder.
      if (message !== null) {
        io.err(`错误：${message}`);
        return 2;
      }
    } catch {
      // fall through: reported as an internal error with the original cause
    }
    const { logError } = await load<typeof Log>('../log.js');
    const log = logError('cli', err);
    io.err(
      log
        ? `内部错误：处理未能完成。详细信息已写入日志 ${log}，请将日志发给系统管理员。`
        : '内部错误：处理未能完成，详细信息也未能写入日志（数据目录不可写，可用环境变量 JIENENG_DATA 指定其他目录）。请联系系统管理员。',
    );
    return 3;
  }
}

/** Entry point of the `jieneng` command line: runs one command and sets the exit code. */
import { readFileSync } from 'node:fs';
import { JINCHENG } from '../../shared/counties.js';
import { logError } from '../log.js';
import { WorkbookReadError } from '../xlsx/read.js';
import { parseCommand, UsageError } from './cli.js';
import { runCommand, type Io } from './commands.js';
import { InputError } from './inputs.js';
import { ConfigError } from '../config.js';
import { StoreLockedError } from '../store/lock.js';
import { StoreFormatError } from '../store/lowdb-store.js';
import { MAIN_USAGE, USAGE } from './usage.js';

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

/** Runs the command line and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const region = JINCHENG;
  try {
    const cmd = parseCommand(argv, region);
    return await runCommand(cmd, io, region, version());
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`错误：${err.message}\n`);
      io.err(err.topic && USAGE[err.topic] ? USAGE[err.topic]! : MAIN_USAGE);
      return 2;
    }
    if (err instanceof StoreLockedError || err instanceof ConfigError || err instanceof StoreFormatError) {
      io.err(`错误：${err.message}`);
      return 2;
    }
    if (err instanceof WorkbookReadError || err instanceof InputError) {
      if ((err instanceof WorkbookReadError && err.detail) || err.cause) logError('cli', err instanceof WorkbookReadError ? err.detail : err.cause);
      io.err(`错误：${err.message}`);
      return 2;
    }
    const log = logError('cli', err);
    io.err(`内部错误：处理未能完成。${log ? `详细信息已写入日志 ${log}，` : ''}请将日志发给系统管理员。`);
    return 3;
  }
}

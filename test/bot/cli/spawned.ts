/**
 * The real command line in a child process: `node bin/jieneng.js …` on dist/, as users run it,
 * for what only a process shows (exit codes, pipes, files left in the working folder).
 */
import { execFile, spawn, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const bin = `${root}bin/jieneng.js`;

let built: Promise<void> | undefined;

/** Compiles dist/ once per test run (as `npm run jieneng` does before it runs). */
export function buildOnce(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // Type errors still emit: the entry point runs what compiled.
  built ??= promisify(execFile)(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { cwd: root }).then(
    () => undefined,
    () => undefined,
  );
  return built;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/jieneng.js args` in `cwd`; `env` replaces the environment (JIENENG_DATA stays unset unless given). */
export function jieneng(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number }): Promise<Ran> {
  const env = options.env ?? { PATH: process.env['PATH'] ?? '' };
  const spawnOptions: SpawnOptions = { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] };
  if (options.uid !== undefined) Object.assign(spawnOptions, { uid: options.uid, gid: options.gid });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], spawnOptions);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

#!/usr/bin/env node
// The `jieneng` command line. Runs the compiled code in dist/ (built by `npm install`).
import { existsSync } from 'node:fs';

// `npm run jieneng -- …` runs in the package root; file names the user typed are relative to
// where they typed them, which npm passes as INIT_CWD.
if (process.env.npm_lifecycle_event === 'jieneng' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

// A reader that goes away (`jieneng validate x.xlsx | head -1`) is no error: the rest of the output
// is dropped quietly and the command still ends with its own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    stream.destroy();
  });
}

const entry = new URL('../dist/bot/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('错误：尚未编译。请在项目目录运行 npm install（或 npm run build）后再试。\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));

/**
 * The operator's log: one-line entries, owner-only modes (also tightening an older 0644 log), and
 * rotation by size keeping three old files.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataDir, logError, logFile, logLine, setLogRotation } from '../../bot/log.js';
import { tempDir } from './helpers.js';

const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8);

describe('bot/log', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let previousData: string | undefined;
  let umask: number;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    previousData = process.env['JIENENG_DATA'];
    process.env['JIENENG_DATA'] = join(dir, 'data');
    umask = process.umask(0o000);
  });

  afterEach(async () => {
    process.umask(umask);
    if (previousData === undefined) delete process.env['JIENENG_DATA'];
    else process.env['JIENENG_DATA'] = previousData;
    await cleanup();
  });

  it('logLine appends one line with time and context; line breaks in the text become spaces', async () => {
    assert.equal(logLine('http.upload', 'client aborted\nafter 12 bytes\r\nfrom 10.0.0.1'), logFile());
    assert.equal(logLine('store', '第二行'), logFile());
    const text = await readFile(logFile(), 'utf8');
    const entries = text.split('\n').filter(Boolean);
    assert.equal(entries.length, 2, text);
    assert.match(entries[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[http\.upload\] client aborted after 12 bytes from 10\.0\.0\.1$/u);
    assert.match(entries[1]!, /\[store\] 第二行$/u);
  });

  it('creates the data and log directories 0700 and the log 0600, whatever the umask', async () => {
    logError('test', new Error('boom'));
    assert.equal(await mode(dataDir()), '700');
    assert.equal(await mode(join(dataDir(), 'logs')), '700');
    assert.equal(await mode(logFile()), '600');
  });

  it('tightens a log directory and log file left 0755 / 0644 by an older version', async () => {
    await mkdir(join(dataDir(), 'logs'), { recursive: true });
    await chmod(join(dataDir(), 'logs'), 0o755);
    await writeFile(logFile(), 'old entry\n', { mode: 0o644 });
    logLine('test', 'new entry');
    assert.equal(await mode(join(dataDir(), 'logs')), '700');
    assert.equal(await mode(logFile()), '600');
    assert.equal(await readFile(logFile(), 'utf8').then((t) => t.split('\n').length), 3);
  });

  it('rotates by size into jieneng.log.1 to .3, dropping older ones, each file 0600', async () => {
    const previous = setLogRotation({ maxBytes: 300 });
    try {
      for (let i = 0; i < 40; i++) logLine('test', `entry ${String(i).padStart(2, '0')} ${'x'.repeat(40)}`);
    } finally {
      setLogRotation(previous);
    }
    const file = logFile();
    for (const f of [file, `${file}.1`, `${file}.2`, `${file}.3`]) {
      assert.ok((await stat(f)).size <= 300, `${f} within the limit`);
      assert.equal(await mode(f), '600', f);
    }
    assert.equal(existsSync(`${file}.4`), false, 'three old files are kept');
    assert.match(await readFile(file, 'utf8'), /entry 39/u, 'the newest entry is in jieneng.log');
    assert.doesNotMatch(await readFile(`${file}.1`, 'utf8'), /entry 39/u);
    // Four files of three entries each (about 90 bytes an entry): the oldest entries are gone.
    assert.doesNotMatch(await readFile(`${file}.3`, 'utf8'), /entry 00/u);
  });
});

// Mocha root setup: every test process logs and writes data under a temp dir, never ./data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'jieneng-data-'));
process.env['JIENENG_DATA'] = dir;

export const mochaHooks = {
  afterAll(): void {
    rmSync(dir, { recursive: true, force: true });
  },
};

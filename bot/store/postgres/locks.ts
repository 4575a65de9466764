/**
 * Advisory locks of the PostgreSQL store. Each use has its own first key (the two-key form), so a
 * submission's short transaction lock can never wait behind a long-held job lock by a hash clash.
 */
import type { Pool } from 'pg';

export const LOCK_SPACE = {
  migrations: 0x6a6e_0001,
  submissions: 0x6a6e_0002,
  exclusive: 0x6a6e_0003,
} as const;

import type { ExclusiveResult } from '../types.js';

export type { ExclusiveResult };

/**
 * Runs `fn` only if no other process (or caller here) is running work of the same name: a
 * session-level pg_try_advisory_lock on a client held for the whole run. A holder that dies loses
 * its lock with its connection, so a crash never leaves the work locked.
 */
export async function runExclusive<T>(pool: Pool, name: string, fn: () => Promise<T>): Promise<ExclusiveResult<T>> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    let got: boolean;
    try {
      got = (await client.query<{ got: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as got', [LOCK_SPACE.exclusive, name])).rows[0]!.got;
    } catch (err) {
      broken = err as Error;
      throw err;
    }
    if (!got) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      try {
        await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE.exclusive, name]);
      } catch (err) {
        // Dropping the connection (release with an error) is what frees the lock then.
        broken = err as Error;
      }
    }
  } finally {
    client.release(broken);
  }
}

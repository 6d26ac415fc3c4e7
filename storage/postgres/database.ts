import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A connection pool on DATABASE_URL for the shared state (sessions, tokens, rate limits, audit log and
 * staff directory). Small: each web or worker process needs only a few at once.
 * A connection that breaks (the database restarted) is dropped from the pool and logged; the next
 * query opens a new one.
 */
export function openDatabase(url: string, log?: Logger, max = 8): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'council-posts',
  });
  pool.on('error', (error) => log?.warn({ err: error }, 'database connection lost; the pool opens another'));
  return pool;
}

/** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if not. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

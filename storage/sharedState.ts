import type pg from 'pg';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/auditLog.js';
import { jsonLinesAuditLog } from '../audit/jsonLinesAuditLog.js';
import type { Config } from '../config/index.js';
import { openFileDirectoryStore } from '../directory/fileDirectoryStore.js';
import { readDirectoryFile } from '../directory/readDirectoryFile.js';
import type { DirectoryStore } from '../directory/staffDirectory.js';
import type { IdempotencyStore } from '../idempotency/idempotencyStore.js';
import type { AuthStores } from '../web/auth/authServices.js';
import type { RateLimitStoreClass } from '../web/security/rateLimits.js';
import { openDatabase } from './postgres/database.js';
import { pgApiTokenStore } from './postgres/pgApiTokenStore.js';
import { pgAuditLog } from './postgres/pgAuditLog.js';
import { openPgDirectoryStore } from './postgres/pgDirectoryStore.js';
import { pgIdempotencyStore } from './postgres/pgIdempotencyStore.js';
import { pgRateLimitStore } from './postgres/pgRateLimitStore.js';
import { pgSessionStore } from './postgres/pgSessionStore.js';

/**
 * The state every web process (and the workers, for the directory) must see alike: the staff
 * directory, the audit log, sessions, API tokens, rate limits and first answers to Idempotency-Keys. With DATABASE_URL they are in
 * PostgreSQL, so any replica serves any request and none is lost with a process; without it, the
 * embedded default's files under .local/ (sessions and tokens through the auth services' own
 * defaults, rate limits in memory).
 */
export interface SharedState {
  /** Where it is kept, for the start-up log line. */
  where: string;
  directoryStore: DirectoryStore;
  audit: AuditLog;
  authStores: AuthStores;
  rateLimitStore?: RateLimitStoreClass;
  /** First answers to Idempotency-Keys; absent with files (the web app keeps its own file). */
  idempotency?: IdempotencyStore;
  /** Answers when the database does (for /health/ready); absent with files. */
  databaseAnswers?: () => Promise<unknown>;
  close(): Promise<void>;
}

export type SharedStateConfig = Pick<
  Config,
  'DATABASE_URL' | 'DIRECTORY_FILE' | 'DIRECTORY_SEED_FILE' | 'AUDIT_LOG_FILE'
>;

export async function openSharedState(config: SharedStateConfig, log?: Logger): Promise<SharedState> {
  if (!config.DATABASE_URL) {
    return {
      where: `files (${config.DIRECTORY_FILE}, ${config.AUDIT_LOG_FILE})`,
      directoryStore: await seeded(await openFileDirectoryStore(config.DIRECTORY_FILE), config),
      audit: jsonLinesAuditLog(config.AUDIT_LOG_FILE),
      authStores: {},
      close: async () => undefined,
    };
  }
  const pool: pg.Pool = openDatabase(config.DATABASE_URL, log);
  try {
    return {
      where: `postgresql (${redacted(config.DATABASE_URL)})`,
      directoryStore: await seeded(await openPgDirectoryStore(pool), config),
      audit: pgAuditLog(pool),
      authStores: { sessionStore: pgSessionStore(pool), apiTokenStore: pgApiTokenStore(pool) },
      rateLimitStore: pgRateLimitStore(pool),
      idempotency: pgIdempotencyStore(pool, `postgresql (${redacted(config.DATABASE_URL)}) idempotency_keys`),
      databaseAnswers: () => pool.query('select 1'),
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw new Error(
      `the database at ${redacted(config.DATABASE_URL)} is not ready (run \`npm run db -- migrate\`): ${(error as Error).message}`,
    );
  }
}

/**
 * An empty directory is first filled from DIRECTORY_SEED_FILE when that is set (the embedded default
 * sets examples/directory.csv, so the local sign-in page has people to offer); production loads its
 * directory with `npm run cli -- directory import`.
 */
async function seeded(store: DirectoryStore, config: SharedStateConfig): Promise<DirectoryStore> {
  if (store.people().length === 0 && config.DIRECTORY_SEED_FILE) {
    await store.replacePeople(await readDirectoryFile(config.DIRECTORY_SEED_FILE));
  }
  return store;
}

/** The URL without its password, for logs and messages. */
export function redacted(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

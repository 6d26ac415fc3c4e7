import type pg from 'pg';
import type { CandidateStore, SealedRecord } from '../../candidates/candidateStore.js';
import { type ErasureEntry, erasureEntry } from '../../candidates/erasureLog.js';
import { inTransaction } from './database.js';

/** Postgres's unique_violation: the candidate already has a data key. */
const uniqueViolation = '23505';

/**
 * The candidate register in PostgreSQL (tables of migration 002-candidate-register), so every web
 * process reads and erases the same candidates and none is lost with a process. An erasure deletes
 * the key's row in the transaction that logs it: no reader ever sees one without the other, and a
 * crash leaves neither or both (the file store needs a repair on opening for that).
 */
export function pgCandidateStore(pool: pg.Pool): CandidateStore {
  const erasureOf = async (db: pg.Pool | pg.PoolClient, ref: string) => {
    const { rows } = await db.query('select entry from candidate_erasures where candidate_ref = $1', [ref]);
    return rows[0] ? erasureEntry.parse(rows[0].entry) : undefined;
  };
  return {
    where: 'postgresql (candidate_records, candidate_data_keys, candidate_erasures)',
    records: {
      async append(record) {
        await pool.query(
          'insert into candidate_records (candidate_ref, sealed, saved_at) values ($1, $2, $3)',
          [record.candidateRef, record.sealed, record.savedAt],
        );
      },
      async versions(ref) {
        const { rows } = await pool.query<{ sealed: Buffer; saved_at: Date }>(
          'select sealed, saved_at from candidate_records where candidate_ref = $1 order by seq',
          [ref],
        );
        return rows.map(
          (row): SealedRecord => ({
            candidateRef: ref,
            sealed: row.sealed,
            savedAt: row.saved_at.toISOString(),
          }),
        );
      },
    },
    keys: {
      async create(ref, wrapped, createdAt) {
        try {
          await pool.query(
            'insert into candidate_data_keys (candidate_ref, wrapped, created_at) values ($1, $2, $3)',
            [ref, wrapped, createdAt],
          );
        } catch (error) {
          if ((error as { code?: string }).code !== uniqueViolation) throw error;
          throw new Error(`candidate ${ref} already has a data key`);
        }
      },
      async get(ref) {
        const { rows } = await pool.query<{ wrapped: Buffer }>(
          'select wrapped from candidate_data_keys where candidate_ref = $1',
          [ref],
        );
        return rows[0]?.wrapped;
      },
      async refs() {
        const { rows } = await pool.query<{ candidate_ref: string }>(
          'select candidate_ref from candidate_data_keys order by candidate_ref',
        );
        return rows.map((row) => row.candidate_ref);
      },
    },
    erasures: {
      async entries() {
        const { rows } = await pool.query('select entry from candidate_erasures order by seq');
        return rows.map((row) => erasureEntry.parse(row.entry));
      },
      find: (ref) => erasureOf(pool, ref),
    },
    erase: (entry) =>
      inTransaction(pool, async (client): Promise<ErasureEntry> => {
        const parsed = erasureEntry.parse(entry);
        const ref = parsed.candidateRef;
        // Two processes erasing at once: the second waits on the first's row, then inserts nothing.
        const logged = await client.query(
          'insert into candidate_erasures (candidate_ref, entry) values ($1, $2) on conflict do nothing',
          [ref, parsed],
        );
        if (logged.rowCount === 0) {
          const earlier = await erasureOf(client, ref);
          if (!earlier) throw new Error(`the erasure of candidate ${ref} conflicted with one not found`);
          return earlier;
        }
        await client.query('delete from candidate_data_keys where candidate_ref = $1', [ref]);
        return parsed;
      }),
    // The pool is its opener's to end (openCandidateRegister's close does), as it may serve others too.
    close: async () => undefined,
  };
}

/** Fails fast, naming the command to run, when the migration that makes the tables has not run. */
export async function checkCandidateTables(pool: pg.Pool): Promise<void> {
  try {
    await pool.query('select 1 from candidate_records, candidate_data_keys, candidate_erasures limit 0');
  } catch (error) {
    throw new Error(
      `the candidate register's tables are not in the database (run \`npm run db -- migrate\`): ${(error as Error).message}`,
    );
  }
}

import type pg from 'pg';
import {
  type IdempotencyRecord,
  type IdempotencyStore,
  idempotencyRecord,
} from '../../idempotency/idempotencyStore.js';

/** Expired keys are deleted, now and then, by whichever replica saves next. */
const SWEEP_EVERY_MILLIS = 5 * 60_000;

/**
 * First answers to Idempotency-Keys in PostgreSQL, so every web replica answers a retry alike. The
 * first answer saved under a key stays: a second replica racing to save the same key keeps the
 * first's (the Update id behind it already made the effect happen once).
 */
export function pgIdempotencyStore(pool: pg.Pool, where: string): IdempotencyStore {
  let sweptAt = 0;
  const sweep = (now: number) => {
    if (now - sweptAt < SWEEP_EVERY_MILLIS) return;
    sweptAt = now;
    pool.query('delete from idempotency_keys where expires_at < $1', [new Date(now)]).catch(() => {
      sweptAt = 0;
    });
  };
  return {
    location: where,
    async find(key, now) {
      const { rows } = await pool.query<{ record: unknown }>(
        'select record from idempotency_keys where key = $1 and expires_at > $2',
        [key, new Date(now)],
      );
      return rows[0] ? idempotencyRecord.parse(rows[0].record) : undefined;
    },
    async save(record: IdempotencyRecord) {
      const checked = idempotencyRecord.parse(record);
      sweep(checked.storedAt);
      // An expired row under the key is replaced; a live one is kept.
      await pool.query(
        `insert into idempotency_keys (key, record, expires_at) values ($1, $2, $3)
         on conflict (key) do update set record = excluded.record, expires_at = excluded.expires_at
           where idempotency_keys.expires_at <= $4`,
        [checked.key, checked, new Date(checked.expiresAt), new Date(checked.storedAt)],
      );
    },
  };
}

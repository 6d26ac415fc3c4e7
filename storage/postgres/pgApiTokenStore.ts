import type pg from 'pg';
import { type ApiTokenRecord, type ApiTokenStore, apiTokenRecord } from '../../auth/apiTokenStore.js';

/** Personal access tokens (their hashes) in PostgreSQL, shared by every web replica. */
export function pgApiTokenStore(pool: pg.Pool): ApiTokenStore {
  const parse = (row: { record: unknown }) => apiTokenRecord.parse(row.record);
  return {
    async findByHash(hash) {
      const { rows } = await pool.query('select record from api_tokens where hash = $1', [hash]);
      return rows[0] ? parse(rows[0]) : undefined;
    },
    async forUser(userId) {
      const { rows } = await pool.query('select record from api_tokens where user_id = $1', [userId]);
      return rows.map(parse);
    },
    async add(record) {
      await pool.query('insert into api_tokens (id, hash, user_id, record) values ($1, $2, $3, $4)', [
        record.id,
        record.hash,
        record.userId,
        apiTokenRecord.parse(record),
      ]);
    },
    async update(id, change) {
      await pool.query('update api_tokens set record = record || $2::jsonb where id = $1', [
        id,
        JSON.stringify(change),
      ]);
    },
    async remove(id) {
      await pool.query('delete from api_tokens where id = $1', [id]);
    },
    async removeWhere(test: (record: ApiTokenRecord) => boolean) {
      const { rows } = await pool.query('select record from api_tokens');
      const doomed = rows
        .map(parse)
        .filter(test)
        .map((record) => record.id);
      if (doomed.length > 0) await pool.query('delete from api_tokens where id = any($1::uuid[])', [doomed]);
      return doomed.length;
    },
  };
}

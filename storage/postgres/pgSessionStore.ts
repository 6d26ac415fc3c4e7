import type pg from 'pg';
import { type SessionRecord, type SessionStore, sessionRecord } from '../../auth/sessionStore.js';

/** Sessions in PostgreSQL: every web replica finds a session any of them started. */
export function pgSessionStore(pool: pg.Pool): SessionStore {
  const parse = (row: { record: unknown }) => sessionRecord.parse(row.record);
  return {
    async find(idHash) {
      const { rows } = await pool.query('select record from sessions where id_hash = $1', [idHash]);
      return rows[0] ? parse(rows[0]) : undefined;
    },
    async add(record) {
      await pool.query(
        `insert into sessions (id_hash, user_id, record) values ($1, $2, $3)
         on conflict (id_hash) do update set user_id = excluded.user_id, record = excluded.record`,
        [record.idHash, record.userId, sessionRecord.parse(record)],
      );
    },
    async touch(idHash, lastSeenAt) {
      await pool.query(
        `update sessions set record = jsonb_set(record, '{lastSeenAt}', to_jsonb($2::text)) where id_hash = $1`,
        [idHash, lastSeenAt],
      );
    },
    async remove(idHash) {
      await pool.query('delete from sessions where id_hash = $1', [idHash]);
    },
    async removeWhere(test: (record: SessionRecord) => boolean) {
      const { rows } = await pool.query('select record from sessions');
      const doomed = rows
        .map(parse)
        .filter(test)
        .map((record) => record.idHash);
      if (doomed.length > 0) await pool.query('delete from sessions where id_hash = any($1)', [doomed]);
      return doomed.length;
    },
  };
}

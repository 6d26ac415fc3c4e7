import type pg from 'pg';
import { auditEntry } from '../../audit/auditEntry.js';
import type { AuditLog } from '../../audit/auditLog.js';

/**
 * The audit log in PostgreSQL: one row an attempt, inserted and never changed, committed before
 * `record` resolves (so before the answer leaves). Every web replica writes to and reads the one log,
 * in the order the database committed the attempts.
 */
export function pgAuditLog(pool: pg.Pool, location = 'postgresql: audit_entries'): AuditLog {
  const parse = (rows: { entry: unknown }[]) => rows.map((row) => auditEntry.parse(row.entry));
  return {
    location,
    async record(entry) {
      const parsed = auditEntry.parse(entry);
      await pool.query('insert into audit_entries (post_id, entry) values ($1, $2)', [
        parsed.postId ?? null,
        parsed,
      ]);
    },
    async forPost(postId) {
      return parse(
        (await pool.query('select entry from audit_entries where post_id = $1 order by seq', [postId])).rows,
      );
    },
    async all() {
      return parse((await pool.query('select entry from audit_entries order by seq')).rows);
    },
  };
}

import { type AuditEntry, auditEntry } from './auditEntry.js';
import type { AuditLog } from './auditLog.js';

/** An audit log in memory, for tests: entries are checked against the schema as the file's are. */
export function memoryAuditLog(): AuditLog {
  const entries: AuditEntry[] = [];
  return {
    location: 'memory',
    async record(entry) {
      entries.push(auditEntry.parse(entry));
    },
    async forPost(postId) {
      return entries.filter((entry) => entry.postId === postId);
    },
    async all() {
      return [...entries];
    },
  };
}

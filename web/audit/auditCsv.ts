import type { AuditEntry } from '../../audit/auditEntry.js';
import { csvRows } from '../csv.js';

const header = [
  'When',
  'User',
  'Role',
  'Channel',
  'Command',
  'Target',
  'Post',
  'Proposal',
  'Idempotency key',
  'Authority',
  'Reason',
  'Outcome',
  'Status',
  'Refusal',
];

/** The audit log as CSV: a header row, then one row per command attempt, oldest first. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvRows([
    header,
    ...entries.map((entry) => [
      entry.at,
      entry.actor.id,
      entry.actor.role,
      entry.channel,
      entry.command,
      entry.target,
      entry.postId,
      entry.proposalId,
      entry.idempotencyKey,
      entry.authority,
      entry.reason,
      entry.outcome,
      entry.status,
      entry.refusal,
    ]),
  ]);
}

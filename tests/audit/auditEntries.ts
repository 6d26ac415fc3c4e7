import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../audit/auditEntry.js';

/** A valid audit entry: an accepted decision by the director, changed by `overrides`. */
export function auditEntryOf(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: randomUUID(),
    at: '2022-07-01T09:00:00.000Z',
    actor: { id: 'director.julie', role: 'director' },
    channel: 'api',
    command: 'decide',
    target: 'post',
    postId: 'seed-2022.L1.P1',
    idempotencyKey: randomUUID(),
    authority: 'director',
    reason: 'Within the allocation',
    outcome: 'accepted',
    status: 200,
    ...overrides,
  };
}

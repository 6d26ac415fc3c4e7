import { z } from 'zod';
import { isoInstant, role } from '../schemas/common.js';

/**
 * One command attempt, accepted or refused: who sent it, when, what, on what authority, and what
 * came of it. Free text from the request is kept only where it is the command's own why (a
 * decision's reason); everything else the person typed stays out.
 */
export const auditEntry = z.strictObject({
  id: z.uuid(),
  /** When the request arrived. */
  at: isoInstant,
  /** Who: the signed-in person (a bearer token's subject is not always a directory id). */
  actor: z.strictObject({ id: z.string().min(1).max(200), role }),
  channel: z.enum(['api', 'form']),
  /** What: the command's type (`decide`, `shortlist`), or `propose` for a proposal or vacancy. */
  command: z.string().min(1).max(100),
  /** What it was sent to: a post, the post's recruitment route, or a new proposal. */
  target: z.enum(['post', 'route', 'proposal', 'leave', 'directory', 'establishment']),
  postId: z.string().min(1).max(200).optional(),
  proposalId: z.string().min(1).max(200).optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
  /**
   * On what authority: the role the person acted in, or, for an accepted post command, the
   * authority the workflow recorded (`delegated by director.julie from … to …`).
   */
  authority: z.string().min(1).max(500),
  /** The command's own reason, as sent: the why of a decision, a hold, a withdrawal. */
  reason: z.string().max(2000).optional(),
  outcome: z.enum(['accepted', 'refused']),
  /** The HTTP status it was answered with: 200/201/303 accepted; 400, 403, 404, 409, 429 refused. */
  status: z.number().int().min(100).max(599),
  /** Why it was refused, in the words the person was shown. */
  refusal: z.string().max(2000).optional(),
});

export type AuditEntry = z.infer<typeof auditEntry>;

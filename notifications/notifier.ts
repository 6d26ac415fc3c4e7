import { z } from 'zod';
import { postId, proposalId } from '../schemas/common.js';

/** A line of a mail header must stay one line: a CR or LF would let text forge further headers. */
const oneLine = /^[^\r\n]*$/;

/**
 * One thing a person is told: a hand-off of a post to them (a decision waits, consultation concerns,
 * an advert closed), or their daily digest of such hand-offs.
 */
export const notification = z.object({
  /**
   * The dedup key. The workflow makes it once (deterministically) and every retry of the activity
   * carries the same one, so an adapter can refuse to tell the same person the same thing twice.
   */
  notificationId: z.uuid(),
  /** A role or a user id, e.g. `director` or `director.julie`; an adapter maps it to an address. */
  to: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a role or user id, e.g. director.julie'),
  subject: z.string().min(1).max(200).regex(oneLine, 'expected a single line'),
  body: z.string().min(1).max(20_000),
  /** Absent only on a daily digest, which covers several posts (see `postIds`). */
  postId: postId.optional(),
  proposalId: proposalId.optional(),
  /** The posts a daily digest covers. */
  postIds: z.array(postId).max(1_000).optional(),
  /** The page where the person acts, for channels that show it as a button (the webhook). */
  link: z.url().optional(),
});

export type Notification = z.infer<typeof notification>;

/** `duplicate`: this notificationId was already sent, so nothing went out this time. */
export type SendResult = 'sent' | 'duplicate';

/** The port through which activities tell people things (a test hands in a real or a fake one). */
export interface Notifier {
  send(n: Notification): Promise<SendResult>;
}

/**
 * A notification that no retry can deliver (e.g. nobody has the address of its recipient). Adapters
 * throw it so the activity can stop Temporal retrying; any other error is worth retrying.
 */
export class UndeliverableNotificationError extends Error {
  override readonly name = 'UndeliverableNotificationError';
}

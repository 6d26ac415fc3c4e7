import { z } from 'zod';
import { actor, isoInstant, postId, proposalId } from './common.js';

/**
 * Every change of a post's state is one of these events, published to Kafka keyed by post id.
 * Events only ever gain optional fields; a breaking change is a new `version` with an upcaster.
 * Candidates' personal data is never in an event: people are referenced by id.
 */
export const eventEnvelope = z.object({
  /** Unique per event; consumers deduplicate on it. Generated deterministically in the workflow. */
  eventId: z.uuid(),
  postId,
  proposalId,
  occurredAt: isoInstant,
  actor,
});

function postEvent<const Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return eventEnvelope.extend({ type: z.literal(type), version: z.literal(1), data });
}

export const postProposed = postEvent(
  'PostProposed',
  z.object({
    serviceArea: z.string().min(1),
    jobTitle: z.string().min(1),
    grade: z.string().min(1),
    annualCostPence: z.number().int().nonnegative(),
    fte: z.number().gt(0).lte(1),
  }),
);

export const approvalReminderSent = postEvent(
  'ApprovalReminderSent',
  z.object({ to: z.string().min(1), workingDaysWaiting: z.number().int().nonnegative() }),
);

export const postApproved = postEvent('PostApproved', z.object({ reason: z.string().min(1) }));

export const postEventSchemas = [postProposed, approvalReminderSent, postApproved] as const;

export const postEventSchema = z.discriminatedUnion('type', postEventSchemas);
export type PostEvent = z.infer<typeof postEventSchema>;
export type PostEventType = PostEvent['type'];

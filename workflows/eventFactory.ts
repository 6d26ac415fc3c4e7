import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../schemas/common.js';
import type { PostEventOf, PostEventType } from '../schemas/postEvents.js';
import { workflowInstant } from './workflowClock.js';

/**
 * Builds an event inside workflow code. The id comes from the workflow's seeded random source and
 * the time from workflow time, so a replay or an activity retry publishes the very same event,
 * which consumers deduplicate by id.
 */
export function postEvent<T extends PostEventType>(
  ids: { postId: string; proposalId: string },
  type: T,
  actor: Actor,
  data: PostEventOf<T>['data'],
): PostEventOf<T> {
  return {
    eventId: uuid4(),
    postId: ids.postId,
    proposalId: ids.proposalId,
    type,
    version: 1,
    occurredAt: workflowInstant(),
    actor,
    data,
  } as PostEventOf<T>;
}

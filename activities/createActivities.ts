import { activityInfo } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { PostEventPublisher } from '../kafka/postEventPublisher.js';
import { type PostEvent, postEventSchema } from '../schemas/postEvents.js';

export interface ActivityDependencies {
  events: PostEventPublisher;
  log: Logger;
}

/**
 * All I/O of the post workflows. Built from its ports so tests can hand in real or fake ones
 * (samples-typescript: activities-dependency-injection).
 */
export function createActivities({ events, log }: ActivityDependencies) {
  return {
    /** Publishes a post's events; retried by Temporal, deduplicated downstream by event id. */
    async publishPostEvents(batch: PostEvent[]): Promise<void> {
      const valid = batch.map((event) => postEventSchema.parse(event));
      await events.publish(valid);
      const workflowId = activityInfo().workflowExecution?.workflowId;
      for (const event of valid) {
        log.info(
          { postId: event.postId, workflowId, eventId: event.eventId, type: event.type },
          'post event published',
        );
      }
    },
  };
}

export type PostActivities = ReturnType<typeof createActivities>;

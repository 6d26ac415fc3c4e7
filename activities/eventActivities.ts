import { activityInfo } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { PostEventPublisher } from '../kafka/postEventPublisher.js';
import { type PostEvent, postEventSchema } from '../schemas/postEvents.js';

export interface EventActivityDependencies {
  events: PostEventPublisher;
  log: Logger;
}

export function createEventActivities({ events, log }: EventActivityDependencies) {
  return {
    /** Publishes a post's events in order; retried by Temporal, deduplicated downstream by event id. */
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

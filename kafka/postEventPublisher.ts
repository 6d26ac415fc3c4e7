import type { Producer } from 'kafkajs';
import { type PostEvent, postEventSchema } from '../schemas/postEvents.js';

/** The port through which activities publish a post's events (a test hands in a fake). */
export interface PostEventPublisher {
  publish(events: PostEvent[]): Promise<void>;
}

/**
 * Publishes to the post events topic with an idempotent producer: key = post id so one post's
 * events stay in order on one partition; the event id travels as a header for consumers to dedup.
 */
export function kafkaPostEventPublisher(producer: Producer, topic: string): PostEventPublisher {
  return {
    async publish(events) {
      if (events.length === 0) return;
      await producer.send({
        topic,
        acks: -1,
        messages: events.map((event) => {
          const valid = postEventSchema.parse(event);
          return {
            key: valid.postId,
            value: JSON.stringify(valid),
            headers: { eventId: valid.eventId, type: valid.type, version: String(valid.version) },
          };
        }),
      });
    },
  };
}

/** An idempotent producer: broker-side dedup of retried sends, in order per partition. */
export function createPostEventProducer(kafka: import('kafkajs').Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}

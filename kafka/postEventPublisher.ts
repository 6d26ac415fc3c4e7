import { SpanKind } from '@opentelemetry/api';
import type { Message, Producer } from 'kafkajs';
import { inSpan, traceHeaders } from '../observability/tracing.js';
import { type PostEvent, postEventSchema } from '../schemas/postEvents.js';

/** An event as a message on the topic: keyed by post; id, type and version also as headers. */
export function postEventMessage(event: PostEvent): Message {
  return {
    key: event.postId,
    value: JSON.stringify(event),
    headers: { eventId: event.eventId, type: event.type, version: String(event.version) },
  };
}

/** The port through which activities publish a post's events (a test hands in a fake). */
export interface PostEventPublisher {
  publish(events: PostEvent[]): Promise<void>;
}

interface Waiting {
  messages: Message[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Most events sent in one request when many posts publish at once (the broker's limit is 1 MiB). */
const maxEventsPerRequest = 500;

/**
 * Publishes to the post events topic with an idempotent producer: key = post id so one post's
 * events stay in order on one partition; the event id travels as a header for consumers to dedup.
 *
 * The idempotent producer has one request in flight at a time, so calls made while a request is on
 * its way wait and then go together in the next one: one round trip for many posts' events under
 * load, none added when idle. Each call resolves only when its own events are acknowledged, and a
 * failed request fails every call in it (their activities retry). One post never has two calls in
 * flight (its outbox waits for each), so its events keep their order.
 */
export function kafkaPostEventPublisher(producer: Producer, topic: string): PostEventPublisher {
  const queue: Waiting[] = [];
  let sending = false;

  async function drain(): Promise<void> {
    sending = true;
    try {
      while (queue.length > 0) {
        const batch: Waiting[] = [];
        let size = 0;
        while (
          queue.length > 0 &&
          (batch.length === 0 || size + (queue[0] as Waiting).messages.length <= maxEventsPerRequest)
        ) {
          const next = queue.shift() as Waiting;
          size += next.messages.length;
          batch.push(next);
        }
        try {
          await producer.send({ topic, acks: -1, messages: batch.flatMap((waiting) => waiting.messages) });
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      sending = false;
    }
  }

  return {
    async publish(events) {
      if (events.length === 0) return;
      // Validated before queueing: a bad event fails its own call, never a request it shares.
      const valid = events.map((event) => postEventSchema.parse(event));
      await inSpan(`publish ${topic}`, SpanKind.PRODUCER, async (span) => {
        span.setAttributes({
          'messaging.destination.name': topic,
          'council_posts.post_id': valid[0]?.postId ?? '',
        });
        // The command's trace travels with each event, so its projection joins the same trace.
        const trace = traceHeaders();
        const messages = valid.map((event) => {
          const message = postEventMessage(event);
          return { ...message, headers: { ...message.headers, ...trace } };
        });
        await new Promise<void>((resolve, reject) => {
          queue.push({ messages, resolve, reject });
          if (!sending) void drain();
        });
      });
    },
  };
}

/** An idempotent producer: broker-side dedup of retried sends, in order per partition. */
export function createPostEventProducer(kafka: import('kafkajs').Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}

import { Histogram, type Registry } from 'prom-client';
import type { BaselinePublisher } from '../kafka/establishmentPublisher.js';
import type { PostEventPublisher } from '../kafka/postEventPublisher.js';

/** How long a publish to Kafka takes until every in-sync replica has it (acks=all), by topic and outcome. */
export function publishLatencyHistogram(registry: Registry) {
  return new Histogram({
    name: 'council_posts_publish_seconds',
    help: 'Publishes to Kafka, from send to acknowledgement by every in-sync replica, by topic and outcome',
    labelNames: ['topic', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

export type PublishLatency = ReturnType<typeof publishLatencyHistogram>;

/** Times one publish, a failed one too (a broker that is down shows as slow failures). */
export async function timed<T>(histogram: PublishLatency, topic: string, send: () => Promise<T>): Promise<T> {
  const end = histogram.startTimer({ topic });
  try {
    const result = await send();
    end({ outcome: 'acknowledged' });
    return result;
  } catch (error) {
    end({ outcome: 'failed' });
    throw error;
  }
}

/** The post event publisher, each publish timed. */
export function timedPostEventPublisher(
  publisher: PostEventPublisher,
  histogram: PublishLatency,
  topic: string,
): PostEventPublisher {
  return { publish: (events) => timed(histogram, topic, () => publisher.publish(events)) };
}

/** The establishment baseline publisher (the web process's one producer), each publish timed. */
export function timedBaselinePublisher(
  publisher: BaselinePublisher,
  histogram: PublishLatency,
  topic: string,
): BaselinePublisher {
  return { publish: (event) => timed(histogram, topic, () => publisher.publish(event)) };
}

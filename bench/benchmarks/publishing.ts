import {
  createPostEventProducer,
  kafkaPostEventPublisher,
  postEventMessage,
} from '../../kafka/postEventPublisher.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import type { BenchContext } from '../benchContext.js';
import type { Figure } from '../figures.js';
import { inPool, timed } from '../measure.js';
import { manyLifecycles } from '../sampleEvents.js';

/**
 * 4. Events per second through the product's publisher (validation, idempotent producer, acks=all),
 * against a raw kafkajs producer sending the same messages with its defaults. Both send one post's
 * lifecycle per call, several calls in flight, as the worker's activities do.
 */
export async function publishingBenchmark(context: BenchContext, sample: PostEvent[]): Promise<Figure[]> {
  const { kafka, runId, quick } = context;
  const posts = quick ? 100 : 10_000;
  const concurrency = 16;
  const productTopic = await context.topic(`${runId}.publish-product`);
  const rawTopic = await context.topic(`${runId}.publish-raw`);
  const batches = manyLifecycles(sample, `${runId}-pub`, posts);
  const events = posts * sample.length;

  const producer = createPostEventProducer(kafka);
  await producer.connect();
  const publisher = kafkaPostEventPublisher(producer, productTopic);
  const productSeconds = await timed(() => inPool(batches, concurrency, (batch) => publisher.publish(batch)));
  await producer.disconnect();

  const raw = kafka.producer();
  await raw.connect();
  const rawSeconds = await timed(() =>
    inPool(batches, concurrency, (batch) =>
      raw.send({ topic: rawTopic, messages: batch.map(postEventMessage) }),
    ),
  );
  await raw.disconnect();

  const product = events / productSeconds;
  const baseline = events / rawSeconds;
  return [
    {
      bench: '4. publishing',
      measure: `events published per second (${events.toLocaleString('en-GB')} events, ${sample.length} per send, ${concurrency} sends in flight)`,
      product,
      baseline,
      unit: 'events/s',
      ratio: product / baseline,
      ratioMeaning: 'share of raw kafkajs',
      goal: { text: '≥ 0.8', met: product / baseline >= 0.8 },
    },
  ];
}

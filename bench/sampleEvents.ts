import { randomUUID } from 'node:crypto';
import { type PostEvent, postEventSchema } from '../schemas/postEvents.js';
import type { BenchContext } from './benchContext.js';
import { benchPostInput, driveLifecycle, startPost } from './benchPosts.js';
import { until } from './measure.js';

/** The events of one real post, proposal to filled, as the worker published them in this run. */
export async function sampleLifecycleEvents(context: BenchContext): Promise<PostEvent[]> {
  const { client, config, kafka, runId } = context;
  const input = benchPostInput(`${runId}-sample`, 0, `Sample ${runId}`);
  await driveLifecycle(client, await startPost(client, config.TEMPORAL_TASK_QUEUE, input));
  const events: PostEvent[] = [];
  const consumer = kafka.consumer({ groupId: `${runId}.sample`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: config.POST_EVENTS_TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key?.toString() === input.postId && message.value) {
        events.push(postEventSchema.parse(JSON.parse(message.value.toString())));
      }
    },
  });
  await until(async () => events.at(-1)?.type === 'PostFilled', 30_000, 'the sample post’s events').finally(
    () => consumer.disconnect(),
  );
  return events;
}

/** `posts` copies of the sample lifecycle, each a post of its own with fresh event ids. */
export function manyLifecycles(sample: readonly PostEvent[], prefix: string, posts: number): PostEvent[][] {
  return Array.from({ length: posts }, (_, i) =>
    sample.map((event) => ({ ...event, postId: `${prefix}-${i}`, eventId: randomUUID() })),
  );
}

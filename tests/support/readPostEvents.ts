import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface ReadMessage {
  key: string;
  value: unknown;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  /** The value exactly as it was on the topic, for searching the bytes themselves. */
  raw: Buffer;
}

/**
 * Reads a topic from the beginning with a fresh consumer group until `enough` says stop or the
 * time runs out, keeping only the messages `keep` selects. A real consumer, as a dashboard would be.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  options: {
    keep: (message: ReadMessage) => boolean;
    enough: (kept: ReadMessage[]) => boolean;
    timeoutMillis?: number;
  },
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const kept: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${kept.length} matching messages from ${topic} before the timeout`)),
        options.timeoutMillis ?? 30_000,
      );
      consumer
        .run({
          eachMessage: async ({ message, partition }) => {
            const read: ReadMessage = {
              key: message.key?.toString() ?? '',
              value: JSON.parse(message.value?.toString() ?? 'null'),
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
              ),
              partition,
              offset: message.offset,
              raw: message.value ?? Buffer.alloc(0),
            };
            if (options.keep(read)) kept.push(read);
            if (options.enough(kept)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return kept;
}

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { loadConfig } from '../../config/index.js';
import { createKafka } from '../../kafka/client.js';
import { ensureTopics } from '../../kafka/topics.js';
import { deadLetterTopicOf } from '../../projections/projectionConsumer.js';
import type { PostEvent } from '../../schemas/postEvents.js';

export const silent = pino({ level: 'silent' });

/** A client of the real broker, and topics of the test's own, deleted at the end. */
export async function brokerHarness() {
  const kafka = createKafka(loadConfig(), silent);
  const admin = kafka.admin();
  await admin.connect();
  const topics: string[] = [];
  const directories: string[] = [];
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return {
    kafka,
    admin,
    async freshTopic(partitions: number): Promise<string> {
      const topic = `test-post-events-${randomUUID()}`;
      await ensureTopics(admin, [{ topic, numPartitions: partitions }]);
      topics.push(topic, deadLetterTopicOf(topic));
      return topic;
    },
    async scratchDirectory(): Promise<string> {
      const directory = await mkdtemp(join(tmpdir(), 'projection-'));
      directories.push(directory);
      return directory;
    },
    /** Publishes as kafka/postEventPublisher.ts does: keyed by post id, the event id as a header. */
    async publishEvents(topic: string, events: PostEvent[]): Promise<void> {
      await producer.send({
        topic,
        acks: -1,
        messages: events.map((event) => ({
          key: event.postId,
          value: JSON.stringify(event),
          headers: { eventId: event.eventId, type: event.type, version: String(event.version) },
        })),
      });
    },
    async publishRaw(topic: string, key: string, value: string): Promise<void> {
      await producer.send({ topic, acks: -1, messages: [{ key, value }] });
    },
    async stop(): Promise<void> {
      await producer.disconnect();
      const existing = new Set(await admin.listTopics());
      const ours = topics.filter((topic) => existing.has(topic));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect();
      for (const directory of directories) await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface RawMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

/** Reads `count` messages from the start of a topic, as they are (not necessarily JSON). */
export async function readRaw(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMillis = 30_000,
): Promise<RawMessage[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const read: RawMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${read.length} of ${count} messages from ${topic}`)),
        timeoutMillis,
      );
      consumer
        .run({
          eachMessage: async ({ message }: { message: KafkaMessage }) => {
            read.push({
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? '',
              headers: headersOf(message.headers),
            });
            if (read.length >= count) {
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
  return read;
}

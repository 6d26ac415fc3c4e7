import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { readVersions } from '../../infra/paths.js';
import { createKafka } from '../../kafka/client.js';
import { ensureTopics } from '../../kafka/topics.js';
import { readTopic } from '../support/readPostEvents.js';

// Kafka 4 removed old protocol versions (KIP-896). These prove kafkajs 2.2.4 still negotiates every
// API the product uses against the pinned broker: admin, idempotent produce, consumer groups, offsets.
const config = loadConfig();
const kafka = createKafka(config, pino({ level: 'silent' }));

describe(`kafkajs against the local Kafka ${readVersions().KAFKA_VERSION} broker`, () => {
  it('creates topics through the admin API, and creating them again changes nothing', async () => {
    const topic = `compat-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await ensureTopics(admin, [{ topic, numPartitions: 3 }])).toEqual([topic]);
      expect(await ensureTopics(admin, [{ topic, numPartitions: 3 }])).toEqual([]);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('produces idempotently and reads back through a consumer group that commits its offsets', async () => {
    const topic = `compat-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 2 }]);
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: ['first', 'second', 'third'].map((word) => ({
          key: 'post-1',
          value: JSON.stringify(word),
        })),
      });
      const read = await readTopic(kafka, topic, { keep: () => true, enough: (kept) => kept.length === 3 });
      expect(read.map((message) => message.value)).toEqual(['first', 'second', 'third']);

      const groups = await admin.listGroups();
      expect(groups.groups.some((group) => group.groupId.startsWith('test-reader-'))).toBe(true);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});

import { Connection } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import { ensureTopics } from '../kafka/topics.js';

/** The Temporal frontend answers and knows the namespace. */
export async function temporalAnswers(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

export const healthTopic = 'council-posts.health';

/**
 * The broker accepts a produce (acks from all in-sync replicas) on a topic of its own; on a cluster,
 * a topic with `replicationFactor` copies (and two of them in sync), so the write proves the cluster.
 */
export async function kafkaAcceptsProduce(
  kafka: Kafka,
  { replicationFactor = 1 }: { replicationFactor?: number } = {},
): Promise<boolean> {
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await admin.connect();
  try {
    await ensureTopics(admin, [
      {
        topic: healthTopic,
        numPartitions: 1,
        replicationFactor,
        ...(replicationFactor >= 3 ? { configEntries: [{ name: 'min.insync.replicas', value: '2' }] } : {}),
      },
    ]);
    await producer.connect();
    await producer.send({ topic: healthTopic, acks: -1, messages: [{ value: new Date().toISOString() }] });
    return true;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

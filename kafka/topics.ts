import type { Admin } from 'kafkajs';
import type { Config } from '../config/index.js';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor?: number;
  configEntries?: { name: string; value: string }[];
}

/**
 * With three or more copies an acknowledged write (acks=all) must be on at least two brokers, so one
 * broker lost loses nothing and one broker down stops nothing.
 */
export function replicationSettings(
  config: Pick<Config, 'KAFKA_REPLICATION_FACTOR'>,
): Pick<TopicSpec, 'replicationFactor' | 'configEntries'> {
  const replicationFactor = config.KAFKA_REPLICATION_FACTOR;
  return {
    replicationFactor,
    configEntries:
      replicationFactor >= 3 ? [{ name: 'min.insync.replicas', value: String(replicationFactor - 1) }] : [],
  };
}

/** The topics the product owns; the broker never auto-creates topics. */
export function productTopics(
  config: Pick<Config, 'POST_EVENTS_TOPIC' | 'POST_EVENTS_PARTITIONS'> &
    Partial<Pick<Config, 'KAFKA_REPLICATION_FACTOR'>>,
): TopicSpec[] {
  const replication = replicationSettings({ KAFKA_REPLICATION_FACTOR: config.KAFKA_REPLICATION_FACTOR ?? 1 });
  return [
    {
      topic: config.POST_EVENTS_TOPIC,
      numPartitions: config.POST_EVENTS_PARTITIONS,
      replicationFactor: replication.replicationFactor ?? 1,
      // The topic is the system of record for dashboards: keep every event.
      configEntries: [{ name: 'retention.ms', value: '-1' }, ...(replication.configEntries ?? [])],
    },
  ];
}

/** Creates whichever of the topics are missing; harmless to call on every start. */
export async function ensureTopics(admin: Admin, topics: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((spec) => spec.topic);
}

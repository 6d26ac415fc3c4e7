import type { Admin } from 'kafkajs';
import type { Config } from '../config/index.js';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries?: { name: string; value: string }[];
}

/** The topics the product owns; the broker never auto-creates topics. */
export function productTopics(
  config: Pick<Config, 'POST_EVENTS_TOPIC' | 'POST_EVENTS_PARTITIONS'>,
): TopicSpec[] {
  return [
    {
      topic: config.POST_EVENTS_TOPIC,
      numPartitions: config.POST_EVENTS_PARTITIONS,
      // The topic is the system of record for dashboards: keep every event.
      configEntries: [{ name: 'retention.ms', value: '-1' }],
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

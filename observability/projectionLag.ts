/** What the lag of one projection is measured from: the offsets its stored model has reached. */
export interface LaggingProjection {
  offsets(): Record<string, string>;
}

/** The topic's end offsets, by partition (kafkajs's `admin.fetchTopicOffsets` answers `high`). */
export type TopicEnds = () => Promise<{ partition: number; high: string }[]>;

/** The messages on the topic a projection's stored model has not yet seen, summed over partitions. */
export function lagOf(ends: { partition: number; high: string }[], offsets: Record<string, string>): number {
  return ends.reduce((sum, { partition, high }) => {
    const behind = BigInt(high) - BigInt(offsets[String(partition)] ?? '0');
    return sum + (behind > 0n ? Number(behind) : 0);
  }, 0);
}

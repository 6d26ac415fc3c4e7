import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { type DashboardFigures, dashboardFigures } from './dashboardFigures.js';
import { type DashboardSettings, emptyDashboard } from './dashboardModel.js';
import { applyMessage } from './postEventMessage.js';
import { defaultProjectionGroup, loadState, snapshotOf } from './projectionState.js';
import type { SnapshotStore } from './snapshotStore.js';

export interface RebuildProgress {
  /** Messages read so far. */
  events: number;
  /** Messages on the topic when the rebuild began: it reads up to these end offsets and no further. */
  total: number;
  partitionsDone: number;
  partitions: number;
}

export interface RebuildOptions {
  kafka: Kafka;
  topic: string;
  store: SnapshotStore;
  log: Logger;
  /** The live consumer's group: refused while it has members, and its offsets set to the rebuilt ones. */
  groupId?: string;
  settings?: DashboardSettings;
  onProgress?: (progress: RebuildProgress) => void;
  timeoutMillis?: number;
}

/**
 * Replays the topic from offset 0 into a fresh model, up to the end offsets it finds at the start,
 * with a throwaway consumer group, then stores the model with those offsets: the live consumer
 * carries on from there. Malformed messages are counted but not dead-lettered again (the live run
 * did that). Waiting lists are carried over from the stored snapshot: no event records them yet.
 */
export async function rebuild(options: RebuildOptions): Promise<DashboardFigures> {
  const { kafka, topic, store, log } = options;
  const groupId = options.groupId ?? defaultProjectionGroup;
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Three independent reads at once: each is a round trip (describing a group takes about 0.25 s).
    const [groups, ends, previous] = await Promise.all([
      admin.describeGroups([groupId]),
      admin.fetchTopicOffsets(topic),
      loadState(store, topic, options.settings ?? {}, log).catch(() => undefined),
    ]);
    const [live] = groups.groups;
    if (live && live.members.length > 0) {
      throw new Error(`the ${groupId} consumer is running (${live.members.length} members): stop it first`);
    }
    const end = new Map(ends.map(({ partition, high }) => [partition, Number(high)]));
    const total = ends.reduce((sum, { high, low }) => sum + Number(BigInt(high) - BigInt(low)), 0);
    const done = new Set(ends.filter(({ high, low }) => high === low).map(({ partition }) => partition));
    const progress = (events: number) =>
      options.onProgress?.({ events, total, partitionsDone: done.size, partitions: ends.length });

    const model = emptyDashboard(options.settings);
    model.waitingLists = previous?.model.waitingLists ?? [];
    let events = 0;
    progress(events);

    // The throwaway consumer leaves and its group is deleted while the snapshot is written.
    let closing: Promise<unknown> = Promise.resolve();
    if (done.size < ends.length) {
      const rebuildGroup = `${groupId}.rebuild.${randomUUID()}`;
      // A short fetch wait: at the end of the topic a fetch would otherwise hold the consumer (and its
      // disconnect) for kafkajs's default 5 s; bigger fetches read the topic in fewer round trips.
      const consumer = kafka.consumer({
        groupId: rebuildGroup,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 100,
        maxBytesPerPartition: 8 * 1024 * 1024,
        maxBytes: 64 * 1024 * 1024,
      });
      const close = () =>
        consumer.disconnect().then(() => admin.deleteGroups([rebuildGroup]).catch(() => undefined));
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`the rebuild read ${events} of ${total} messages before the timeout`)),
            options.timeoutMillis ?? 600_000,
          );
          consumer
            .run({
              autoCommit: false,
              eachBatch: async ({ batch }) => {
                // Offsets as numbers, not BigInt: exact below 2^53, and cheaper per message.
                const last = end.get(batch.partition) ?? 0;
                for (const message of batch.messages) {
                  const offset = Number(message.offset);
                  if (offset >= last) break;
                  applyMessage(model, message.value);
                  events += 1;
                  if (offset + 1 >= last) done.add(batch.partition);
                }
                progress(events);
                if (done.size === ends.length) {
                  clearTimeout(timer);
                  resolve();
                }
              },
            })
            .catch(reject);
        });
      } catch (error) {
        await close();
        throw error;
      }
      closing = close();
    }

    const offsets = Object.fromEntries(ends.map(({ partition, high }) => [String(partition), high]));
    await Promise.all([store.save(snapshotOf(topic, { model, offsets })), closing]);
    // Only for lag dashboards: the live consumer seeks to the stored offsets whatever the group says.
    // A group that has never run has nothing to show (and kafkajs spends seconds finding it): skip.
    if (live?.state !== 'Dead')
      await admin
        .setOffsets({
          groupId,
          topic,
          partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
        })
        .catch((error: Error) => log.warn({ err: error, groupId }, 'could not set the group offsets'));
    log.info({ topic, events, total, store: store.location }, 'dashboard projection rebuilt');
    return dashboardFigures(model);
  } finally {
    await admin.disconnect();
  }
}

import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { type DashboardModel, type DashboardSettings, emptyDashboard } from './dashboardModel.js';
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
 * Returns the model it stored; the dashboard's figures are the caller's to compute from it.
 */
export async function rebuild(options: RebuildOptions): Promise<DashboardModel> {
  const { kafka, topic, store, log } = options;
  const groupId = options.groupId ?? defaultProjectionGroup;
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Describing the live group takes a few hundred milliseconds, about as long as joining the
    // throwaway group: the two run at once, and nothing is stored until the live group is known to be
    // stopped. Reading the topic meanwhile changes nothing.
    const liveGroup = admin.describeGroups([groupId]).then(({ groups: [live] }) => {
      if (live && live.members.length > 0) {
        throw new Error(`the ${groupId} consumer is running (${live.members.length} members): stop it first`);
      }
      return live;
    });
    liveGroup.catch(() => undefined);
    const [ends, previous] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      loadState(store, topic, options.settings ?? {}, log).catch(() => undefined),
    ]);
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
      let timer: NodeJS.Timeout | undefined;
      try {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        const reading = new Promise<void>((resolve, reject) => {
          timer = setTimeout(
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
                if (done.size === ends.length) resolve();
              },
            })
            .catch(reject);
        });
        await Promise.all([reading, liveGroup]);
      } catch (error) {
        await close();
        throw error;
      } finally {
        clearTimeout(timer);
      }
      closing = close();
    }

    const live = await liveGroup;
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
    return model;
  } finally {
    await admin.disconnect();
  }
}

import type { Admin, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { ensureTopics } from '../kafka/topics.js';
import { recordConsumerSpan } from '../observability/tracing.js';
import { type DashboardFilter, dashboardFigures } from './dashboardFigures.js';
import { type DashboardModel, type DashboardSettings, recordWaitingList } from './dashboardModel.js';
import type { MessageOutcome } from './postEventMessage.js';
import type { Projection } from './projection.js';
import {
  dashboardProjection,
  deadLetterTopicOf,
  defaultProjectionGroup,
  loadProjectionState,
  type ProjectionState,
  snapshotOf,
} from './projectionState.js';
import type { SnapshotStore } from './snapshotStore.js';

export { deadLetterTopicOf, defaultProjectionGroup } from './projectionState.js';
export { type RebuildProgress, rebuild } from './rebuildProjection.js';

export interface ProjectorOptions<M extends { modelVersion: number }> {
  kafka: Kafka;
  topic: string;
  store: SnapshotStore<M>;
  log: Logger;
  projection: Projection<M>;
  groupId: string;
  deadLetterTopic?: string;
  /**
   * Stores (and commits) at most this often; 0 stores after every batch. A large model (every post's
   * record) is written less often: after a crash its events since the last store are read again,
   * which changes nothing (they are deduplicated by event id).
   */
  storeEveryMillis?: number;
  /** The consumer stopped for good (kafkajs gave up); the process should exit and be restarted. */
  onCrash?: (error: Error) => void;
}

/** A projection kept up to date from the topic by a consumer group of its own. */
export interface Projector<M> {
  start(): Promise<void>;
  stop(): Promise<void>;
  model(): M;
  /** Per partition, the next offset the stored model has not seen. */
  offsets(): Record<string, string>;
  /** Messages read, applied or skipped since this process started, and those dead-lettered. */
  stats(): { read: number; deadLettered: number; snapshots: number };
  /** Resolves once the model has seen every message that was on the topic when it was called. */
  caughtUp(timeoutMillis?: number): Promise<void>;
  /** Changes the model outside the stream (a figure typed in by hand) and stores it at once. */
  update(change: (model: M) => void): Promise<void>;
}

export interface ProjectionConsumerOptions
  extends Omit<ProjectorOptions<DashboardModel>, 'projection' | 'groupId'> {
  groupId?: string;
  settings?: DashboardSettings;
}

export interface ProjectionConsumer extends Projector<DashboardModel> {
  figures(filter?: DashboardFilter): ReturnType<typeof dashboardFigures>;
  recordWaitingList(
    serviceArea: string,
    figures: { children: number; outOfTimescale: number },
  ): Promise<void>;
}

/** The dashboards' consumer: the projector of the dashboard model, with its figures. */
export function createProjectionConsumer(options: ProjectionConsumerOptions): ProjectionConsumer {
  const projector = createProjector({
    ...options,
    groupId: options.groupId ?? defaultProjectionGroup,
    projection: dashboardProjection(options.settings ?? {}),
  });
  return {
    ...projector,
    figures: (filter) => dashboardFigures(projector.model(), filter),
    recordWaitingList: (serviceArea, figures) =>
      projector.update((model) => recordWaitingList(model, serviceArea, figures)),
  };
}

function deadLetter(
  message: KafkaMessage,
  origin: { topic: string; partition: number; groupId: string },
  outcome: Extract<MessageOutcome, { kind: 'malformed' }>,
): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      'dead-letter-reason': outcome.reason,
      'dead-letter-detail': outcome.detail.slice(0, 2_000),
      'original-topic': origin.topic,
      'original-partition': String(origin.partition),
      'original-offset': message.offset,
      'dead-lettered-by': origin.groupId,
    },
  };
}

/**
 * A projection's consumer. At-least-once in, exactly-once effect: a batch is applied to the model
 * in memory, malformed messages are sent to the dead-letter topic, then the model and the offsets it
 * has reached are written together to the store (atomically), and only then are the offsets
 * committed to Kafka. On every partition assignment the consumer seeks to the stored offsets, so
 * after a crash it resumes exactly where the stored model ends, whatever Kafka's committed offsets
 * say; an event that is on the topic twice (same event id) has no effect the second time.
 *
 * Run one consumer per store: the model is of the whole topic, so one process owns every partition.
 */
export function createProjector<M extends { modelVersion: number }>(
  options: ProjectorOptions<M>,
): Projector<M> {
  const { kafka, topic, store, log, projection, groupId } = options;
  const deadLetterTopic = options.deadLetterTopic ?? deadLetterTopicOf(topic);
  const storeEveryMillis = options.storeEveryMillis ?? 0;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let state: ProjectionState<M> = { model: projection.empty(), offsets: {} };
  /** Offsets the model in memory has reached but the store has not yet (when storing is throttled). */
  let unstored: Record<string, string> | undefined;
  let storedAt = 0;
  const reload = () => loadProjectionState(store, topic, projection, log);
  const stats = { read: 0, deadLettered: 0, snapshots: 0 };
  /** Callers of caughtUp(), told after every snapshot and when the consumer stops. */
  const waiters = new Set<{ saved(): void; stopped(): void }>();
  let starting: Promise<void> | undefined;

  // Batches and hand-recorded figures change the state one at a time, so a snapshot never holds
  // half a batch.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Stores the model with these offsets, and only then makes them the consumer's offsets. */
  async function save(offsets: Record<string, string>): Promise<void> {
    await store.save(snapshotOf(topic, { model: state.model, offsets }));
    state.offsets = offsets;
    unstored = undefined;
    storedAt = Date.now();
    stats.snapshots += 1;
    for (const waiter of waiters) waiter.saved();
  }

  /** With throttled storing, what was applied is stored once the interval is up, batches or not. */
  let storeTimer: NodeJS.Timeout | undefined;
  function scheduleStore(): void {
    if (storeTimer) return;
    storeTimer = setTimeout(
      () => {
        storeTimer = undefined;
        void exclusive(async () => {
          const pending = unstored;
          if (!pending) return;
          await save(pending);
          // Kafka's committed offsets catch up at the next batch; the store is what the consumer seeks to.
        }).catch((error: unknown) =>
          log.warn({ err: error }, `could not store the ${projection.name} projection`),
        );
      },
      Math.max(0, storeEveryMillis - (Date.now() - storedAt)),
    );
    storeTimer.unref();
  }

  function seekToStored(partitions: number[]): void {
    for (const partition of partitions) {
      consumer.seek({ topic, partition, offset: state.offsets[String(partition)] ?? '0' });
    }
  }

  /** One log line per message that is not simply applied; the key is the post id. */
  function report(outcome: MessageOutcome, message: KafkaMessage, partition: number): void {
    const at = { postId: message.key?.toString(), partition, offset: message.offset };
    switch (outcome.kind) {
      case 'applied':
        if (outcome.unknownFields.length > 0) {
          log.info(
            { ...at, type: outcome.event.type, fields: outcome.unknownFields },
            'applied an event with fields this consumer does not know',
          );
        }
        return;
      case 'duplicate':
        log.debug({ ...at, eventId: outcome.eventId }, 'duplicate event ignored');
        return;
      case 'unknown-type':
        log.warn({ type: outcome.type, ...at }, 'event of an unknown type counted and skipped');
        return;
      case 'newer-version':
        log.warn(
          { type: outcome.type, version: outcome.version, ...at },
          'event of a newer version counted and skipped',
        );
        return;
      case 'malformed':
        log.warn(
          { reason: outcome.reason, detail: outcome.detail, ...at },
          'malformed message dead-lettered',
        );
        return;
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const partition = String(batch.partition);
    await exclusive(async () => {
      const reached = unstored ?? state.offsets;
      const from = BigInt(reached[partition] ?? '0');
      const deadLetters: Message[] = [];
      let next: bigint | undefined;
      let lastSeen: string | undefined;
      try {
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          lastSeen = message.offset;
          // Already in the stored model: Kafka's committed offset lagged the snapshot.
          if (BigInt(message.offset) < from) continue;
          const { outcome } = projection.applyMessage(state.model, message.value);
          // The last step of the command's trace, when the event carried one (observability/tracing.ts).
          recordConsumerSpan(`project ${topic}`, message.headers, {
            'messaging.kafka.offset': message.offset,
            'council_posts.outcome': outcome.kind,
          });
          stats.read += 1;
          report(outcome, message, batch.partition);
          if (outcome.kind === 'malformed') {
            deadLetters.push(deadLetter(message, { topic, partition: batch.partition, groupId }, outcome));
          }
          next = BigInt(message.offset) + 1n;
        }
        if (next !== undefined) {
          // Dead letters first: a crash before the snapshot sends them again (at least once), never loses them.
          if (deadLetters.length > 0) {
            await producer?.send({ topic: deadLetterTopic, acks: -1, messages: deadLetters });
            stats.deadLettered += deadLetters.length;
          }
          const offsets = { ...reached, [partition]: next.toString() };
          // A throttled store waits for the next batch after the interval, or the stop.
          if (Date.now() - storedAt >= storeEveryMillis || deadLetters.length > 0) await save(offsets);
          else {
            unstored = offsets;
            scheduleStore();
            for (const waiter of waiters) waiter.saved();
          }
        }
      } catch (error) {
        // The model in memory is ahead of the store: go back to the store and read from there again.
        log.error({ err: error, partition: batch.partition }, 'batch not stored; resuming from the snapshot');
        state = await reload();
        unstored = undefined;
        seekToStored(Object.keys(state.offsets).map(Number).concat(batch.partition));
        throw error;
      }
      if (lastSeen !== undefined) resolveOffset(lastSeen);
      // Kafka's offsets follow the store, never lead it.
      if (next === undefined || unstored) return;
      try {
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition: batch.partition, offset: next.toString() }] }],
        });
      } catch (error) {
        // Harmless: the snapshot holds the offsets, and the consumer seeks to them on every assignment.
        log.warn({ err: error, partition: batch.partition }, 'offsets stored but not committed to Kafka');
      }
      await heartbeat();
    });
  }

  return {
    start() {
      starting ??= begin();
      return starting;
    },

    async stop() {
      // Leaving a group while kafkajs is still joining it leaves the consumer restarting on its own.
      await starting?.catch(() => undefined);
      await consumer.disconnect();
      await queue;
      if (storeTimer) clearTimeout(storeTimer);
      const pending = unstored;
      if (pending)
        await exclusive(() => save(pending)).catch((error: unknown) =>
          log.warn({ err: error }, 'could not store the projection on stopping'),
        );
      await producer?.disconnect();
      await admin?.disconnect();
      for (const waiter of waiters) waiter.stopped();
    },

    model: () => state.model,
    offsets: () => ({ ...state.offsets }),
    stats: () => ({ ...stats }),

    async caughtUp(timeoutMillis = 60_000) {
      if (!admin) throw new Error('the projection consumer is not started');
      const ends = await admin.fetchTopicOffsets(topic);
      // The model in memory has seen what it applied, stored yet or not.
      const reached = () =>
        ends.every(
          ({ partition, high }) =>
            BigInt((unstored ?? state.offsets)[String(partition)] ?? '0') >= BigInt(high),
        );
      if (reached()) return;
      await new Promise<void>((resolve, reject) => {
        const settle = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        };
        const waiter = {
          saved: () => {
            if (reached()) settle();
          },
          stopped: () => settle(new Error('the projection consumer stopped before it caught up')),
        };
        const timer = setTimeout(
          () => settle(new Error(`the projection did not reach the end of ${topic} in ${timeoutMillis} ms`)),
          timeoutMillis,
        );
        waiters.add(waiter);
      });
    },

    update(change) {
      return exclusive(async () => {
        change(state.model);
        try {
          await save(unstored ?? state.offsets);
        } catch (error) {
          state = await reload();
          unstored = undefined;
          throw error;
        }
      });
    },
  };

  async function begin(): Promise<void> {
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { topic: deadLetterTopic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
    ]);
    state = await reload();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      seekToStored(payload.memberAssignment[topic] ?? []);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      log.fatal({ err: payload.error, groupId }, 'the projection consumer stopped');
      options.onCrash?.(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
    log.info(
      { topic, groupId, deadLetterTopic, store: store.location, offsets: state.offsets },
      `${projection.name} projection started from the stored offsets`,
    );
  }
}

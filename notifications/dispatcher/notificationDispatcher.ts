import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { readPostEventMessage } from '../../projections/postEventMessage.js';
import { isPostEvent } from '../../schemas/topicEvents.js';
import { type Channels, DeliveryQueue, type DispatchSettings, type DispatchStats } from './deliveryQueue.js';
import { type BatchOutcome, type DispatcherConsumer, startDispatcherConsumer } from './dispatcherConsumer.js';
import { type DispatcherState, type DispatcherStateStore, emptyState } from './dispatcherState.js';
import type { SentLog } from './sentLog.js';

export interface NotificationDispatcherOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  store: DispatcherStateStore;
  sentLog: SentLog;
  directory: StaffDirectory;
  channels: Channels;
  settings: DispatchSettings;
  log: Logger;
  /** How often due sends and digests are looked for. */
  tickMillis?: number;
  /** How long a stop waits for sends in flight before leaving them queued for the next start. */
  stopGraceMillis?: number;
  now?: () => number;
}

export interface NotificationDispatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): DispatchStats & { queueLength: number };
  /** Resolves once every message on the topic when called has been read and its hand-offs queued. */
  caughtUp(timeoutMillis?: number): Promise<void>;
  /** Resolves once nothing is queued or in flight (every hand-off sent, or dropped for good). */
  idle(timeoutMillis?: number): Promise<void>;
}

async function until(done: () => boolean, timeoutMillis: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`the notification dispatcher did not ${what} in ${timeoutMillis} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Tells people of hand-offs by reading the post events (the event-sourced dispatcher): its own
 * consumer group on the topic, its own state (per-post facts, the retry queue, digests, offsets) in
 * one atomically written file, and a sent-log of every delivery. Nothing here is on a post's path:
 * the workflows publish and move on, and mail that cannot go yet waits in the queue.
 */
export function createNotificationDispatcher(options: NotificationDispatcherOptions): NotificationDispatcher {
  const { kafka, topic, store, sentLog, log } = options;
  const now = options.now ?? Date.now;
  let admin: Admin | undefined;
  let queue: DeliveryQueue | undefined;
  let consumer: DispatcherConsumer | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let lastSaved = 0;
  let stopping = false;

  // Batches, ticks and saves take turns, so a save never holds half a batch.
  let turn: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  }

  function running(): DeliveryQueue {
    if (!queue) throw new Error('the notification dispatcher is not started');
    return queue;
  }

  async function save(): Promise<void> {
    const current = running();
    current.dirty = false;
    try {
      await store.save(current.state);
      lastSaved = now();
    } catch (error) {
      current.dirty = true;
      throw error;
    }
  }

  /** The stored state, or a new one when there is none or it is of another topic or Kafka cluster. */
  async function loadState(clusterId: string): Promise<DispatcherState> {
    const stored = await store.load();
    if (stored && stored.topic === topic && stored.clusterId === clusterId) {
      // Deliveries that ended after the queue was last saved leave it now.
      stored.queue = stored.queue.filter((delivery) => sentLog.outcomeOf(delivery.key) === undefined);
      return stored;
    }
    if (stored) {
      log.warn(
        {
          store: store.location,
          stored: { topic: stored.topic, clusterId: stored.clusterId },
          topic,
          clusterId,
        },
        'the dispatcher state is of another topic or Kafka cluster: starting afresh (the sent-log is kept)',
      );
    }
    return emptyState(topic, clusterId, now());
  }

  async function handleBatch(
    partition: number,
    messages: KafkaMessage[],
    isRunning: () => boolean,
  ): Promise<BatchOutcome> {
    return exclusive(async () => {
      const current = running();
      const key = String(partition);
      const from = BigInt(current.state.offsets[key] ?? '0');
      let next: bigint | undefined;
      let lastSeen: string | undefined;
      try {
        for (const message of messages) {
          if (!isRunning()) break;
          lastSeen = message.offset;
          if (BigInt(message.offset) < from) continue;
          const read = readPostEventMessage(message.value);
          const at = { postId: message.key?.toString(), partition, offset: message.offset };
          // The establishment's baselines share the topic; nobody is told of them.
          if (read.kind === 'event') {
            if (isPostEvent(read.event)) current.accept(read.event);
          } else if (read.kind === 'malformed')
            log.warn({ ...at, reason: read.reason }, 'malformed message skipped');
          else log.info({ ...at, type: read.type }, 'event this dispatcher does not know skipped');
          next = BigInt(message.offset) + 1n;
        }
        if (next === undefined) return lastSeen === undefined ? {} : { lastSeen };
        current.state.offsets[key] = next.toString();
        await save();
        // The batch's hand-offs are stored: send them now rather than at the next tick.
        setImmediate(tick);
        return { next: next.toString(), ...(lastSeen === undefined ? {} : { lastSeen }) };
      } catch (error) {
        // The state in memory is ahead of the store: go back to what is stored.
        current.state = await loadState(current.state.clusterId);
        throw error;
      }
    });
  }

  function tick(): void {
    void exclusive(async () => {
      const current = queue;
      if (!current || stopping) return;
      current.tick();
      if (current.dirty && now() - lastSaved >= 1_000) await save();
    }).catch((error: unknown) =>
      log.error({ err: error }, 'notification dispatcher state not saved; will try again'),
    );
  }

  return {
    async start() {
      admin = kafka.admin();
      await admin.connect();
      const { clusterId } = await admin.describeCluster();
      const state = await loadState(clusterId);
      queue = new DeliveryQueue({ ...options, state, ...(options.now ? { now: options.now } : {}) });
      // Stored at once, so a state made now keeps its start time (events before it are not told).
      await save();
      ticker = setInterval(tick, options.tickMillis ?? 1_000);
      ticker.unref();
      consumer = startDispatcherConsumer({
        kafka,
        topic,
        groupId: options.groupId,
        log,
        offsetOf: (partition) => running().state.offsets[String(partition)] ?? '0',
        handleBatch,
      });
      await consumer.started;
      log.info(
        {
          topic,
          groupId: options.groupId,
          store: store.location,
          sentLog: sentLog.location,
          offsets: state.offsets,
          queued: state.queue.length,
          sendFrom: state.sendFrom,
        },
        'notification dispatcher started from its stored state',
      );
    },

    async stop() {
      stopping = true;
      clearInterval(ticker);
      const current = queue;
      // Sends that do not finish in time stay queued, and are sent at the next start.
      const sendsEnded = Promise.race([
        current?.settled(),
        new Promise((resolve) => setTimeout(resolve, options.stopGraceMillis ?? 3_000).unref()),
      ]);
      await Promise.all([consumer?.stop(), sendsEnded]);
      if (current) {
        await exclusive(save).catch((error: unknown) =>
          log.error({ err: error }, 'notification dispatcher state not saved at stop'),
        );
      }
      await admin?.disconnect().catch(() => undefined);
      log.info(
        current ? { ...current.stats, queued: current.state.queue.length } : {},
        'notification dispatcher stopped',
      );
    },

    stats() {
      const current = running();
      return { ...current.stats, queueLength: current.state.queue.length };
    },

    async caughtUp(timeoutMillis = 60_000) {
      if (!admin) throw new Error('the notification dispatcher is not started');
      const ends = await admin.fetchTopicOffsets(topic);
      await until(
        () =>
          ends.every(
            ({ partition, high }) =>
              BigInt(running().state.offsets[String(partition)] ?? '0') >= BigInt(high),
          ),
        timeoutMillis,
        'reach the end of the topic',
      );
    },

    async idle(timeoutMillis = 60_000) {
      await until(() => running().idle, timeoutMillis, 'send everything queued');
    },
  };
}

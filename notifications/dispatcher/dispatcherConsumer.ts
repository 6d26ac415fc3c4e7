import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';

export interface BatchOutcome {
  /** The next offset not yet read, now stored with the state; undefined if nothing was read. */
  next?: string;
  /** The last offset looked at (read, or skipped as already stored). */
  lastSeen?: string;
}

export interface DispatcherConsumerOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  log: Logger;
  /** Where to read a partition from: the stored state's offset, whatever Kafka has committed. */
  offsetOf(partition: number): string;
  /** Applies a batch and stores the state with its offsets; throws if it could not be stored. */
  handleBatch(partition: number, messages: KafkaMessage[], running: () => boolean): Promise<BatchOutcome>;
  /** The first wait before the consumer is made again after it stopped for good (doubling to a minute). */
  restartDelayMillis?: number;
}

export interface DispatcherConsumer {
  /** Resolves once the first attempt to join the group has been made (joined, or a retry scheduled). */
  readonly started: Promise<void>;
  stop(): Promise<void>;
}

const maxRestartDelay = 60_000;

/**
 * The dispatcher's consumer group, after the dashboards' (projections/projectionConsumer.ts): offsets
 * committed to Kafka only after the state holding them is stored, and on every assignment a seek to
 * the stored offsets, so a restart resumes exactly where the stored state ends.
 *
 * Unlike the dashboards' it never ends its process: when kafkajs gives up (a broker gone for minutes)
 * it is made again after a pause, so the worker that hosts it keeps running posts meanwhile.
 */
export function startDispatcherConsumer(options: DispatcherConsumerOptions): DispatcherConsumer {
  const { kafka, topic, groupId, log } = options;
  const firstDelay = options.restartDelayMillis ?? 1_000;
  let consumer: Consumer | undefined;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    let outcome: BatchOutcome;
    try {
      outcome = await options.handleBatch(batch.partition, batch.messages, () => isRunning() && !isStale());
    } catch (error) {
      log.error(
        { err: error, partition: batch.partition },
        'batch not stored; reading again from the stored offset',
      );
      consumer?.seek({ topic, partition: batch.partition, offset: options.offsetOf(batch.partition) });
      throw error;
    }
    if (outcome.lastSeen !== undefined) resolveOffset(outcome.lastSeen);
    if (outcome.next !== undefined) {
      try {
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition: batch.partition, offset: outcome.next }] }],
        });
      } catch (error) {
        // Harmless: the state holds the offsets, and the consumer seeks to them on every assignment.
        log.warn({ err: error, partition: batch.partition }, 'offsets stored but not committed to Kafka');
      }
    }
    await heartbeat();
  }

  function restartLater(error: unknown): void {
    if (stopped) return;
    failures += 1;
    const delay = Math.min(maxRestartDelay, firstDelay * 2 ** (failures - 1));
    log.error(
      { err: error, groupId, restartInMillis: delay },
      'the notification dispatcher’s consumer stopped; starting it again',
    );
    const old = consumer;
    consumer = undefined;
    restarting = (old?.disconnect() ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (stopped) return;
        timer = setTimeout(() => void begin(), delay);
        timer.unref();
      });
  }

  async function begin(): Promise<void> {
    if (stopped) return;
    const next = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    consumer = next;
    next.on(next.events.GROUP_JOIN, ({ payload }) => {
      failures = 0;
      for (const partition of payload.memberAssignment[topic] ?? []) {
        next.seek({ topic, partition, offset: options.offsetOf(partition) });
      }
    });
    next.on(next.events.CRASH, ({ payload }) => {
      if (!payload.restart) restartLater(payload.error);
    });
    try {
      await next.connect();
      await next.subscribe({ topic, fromBeginning: true });
      await next.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
    } catch (error) {
      restartLater(error);
    }
  }

  const started = begin();
  return {
    started,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await started;
      await restarting;
      // A broker that does not answer must not hold the worker's stop open.
      await Promise.race([
        consumer?.disconnect(),
        new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
      ]);
    },
  };
}

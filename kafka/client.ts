import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';

// kafkajs warns about its v2 partitioner change on every producer; we always key by post id and
// have never used the legacy partitioner, so the warning says nothing to us.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Broker answers kafkajs retries by itself (Kafka's retriable error codes, in their words). */
const retriableErrors =
  /coordinator is loading|not the correct coordinator|coordinator is not available|leader.*not available|not leader|rebalance in progress|request timed out/i;

/** A kafkajs client whose own logs go through pino instead of the console. */
export function createKafka(config: Pick<Config, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>, log?: Logger): Kafka {
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, namespace, log: entry }: LogEntry) => {
        if (!log) return;
        const { message, ...rest } = entry;
        // kafkajs logs a retriable broker answer as an error before it retries (a coordinator still
        // loading at start, a leader moving): a warning, since nothing has failed yet.
        const retriable = level === logLevel.ERROR && retriableErrors.test(String(rest.error ?? message));
        log[retriable ? 'warn' : (levelNames[level] ?? 'info')]({ kafka: namespace, ...rest }, message);
      },
  });
}

import { createRequire } from 'node:module';
import type { Client } from '@temporalio/client';
import {
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/createActivities.js';
import { dataConverterFor, describePayloadEncryption } from '../codec/dataConverter.js';
import type { Config } from '../config/index.js';
import type { PostEventPublisher } from '../kafka/postEventPublisher.js';
import type { Notifier } from '../notifications/notifier.js';

const require = createRequire(import.meta.url);

export interface PostWorkerOptions {
  config: Pick<
    Config,
    | 'TEMPORAL_ADDRESS'
    | 'TEMPORAL_NAMESPACE'
    | 'TEMPORAL_TASK_QUEUE'
    | 'PAYLOAD_KEYS'
    | 'PAYLOAD_KEY_ID'
    | 'WORKER_MAX_CACHED_WORKFLOWS'
  >;
  events: PostEventPublisher;
  notifier: Notifier;
  /** The client the ledger activities use to reach the budget and cap workflows. */
  client: Client;
  log: Logger;
  /** A prebuilt bundle (production); without one the worker bundles workflows/index.ts at start. */
  workflowBundle?: { code: string };
  connection?: NativeConnection;
  /** Another workflow entry point (the benchmarks add their bare baselines to the product's). */
  workflowsPath?: string;
  /** Activities besides the product's (the benchmarks' no-op baseline). */
  extraActivities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

/** The worker that runs every workflow of the product and its activities on the task queue. */
export async function createPostWorker(options: PostWorkerOptions): Promise<Worker> {
  const { config, events, notifier, client, log } = options;
  const connection =
    options.connection ?? (await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }));
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: options.workflowsPath ?? require.resolve('../workflows/index.ts') };
  const { message, ...encryption } = describePayloadEncryption(config);
  if (encryption.payloadEncryption === 'off') log.warn(encryption, message);
  else log.info(encryption, message);
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    // The same codec as the clients' (temporal/connection.ts): the worker decrypts what they encrypt.
    dataConverter: dataConverterFor(config),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    ...workflowSource,
    activities: {
      ...createActivities({ events, notifier, client, taskQueue: config.TEMPORAL_TASK_QUEUE, log }),
      ...options.extraActivities,
    },
  });
}

/** Routes the Temporal SDK's own logs through pino, once per process. */
export function installTemporalLogging(log: Logger): void {
  Runtime.install({
    logger: {
      log: (level, message, meta) =>
        log[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')](meta ?? {}, message),
      trace: (message, meta) => log.trace(meta ?? {}, message),
      debug: (message, meta) => log.debug(meta ?? {}, message),
      info: (message, meta) => log.info(meta ?? {}, message),
      warn: (message, meta) => log.warn(meta ?? {}, message),
      error: (message, meta) => log.error(meta ?? {}, message),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
}

import { createRequire } from 'node:module';
import type { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { OpenTelemetryActivityInboundInterceptor } from '@temporalio/interceptors-opentelemetry';
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
import { workflowBundleOptions, workflowInterceptorModules } from './workflowBundleOptions.js';

const require = createRequire(import.meta.url);

/**
 * On SIGTERM the worker stops polling, then gives running activities this long to finish before
 * cancelling them; whatever is still running after the force time is abandoned (Temporal retries it
 * on another worker), so a deployment or an operator never waits minutes for a stop.
 */
export const SHUTDOWN_GRACE = '5 seconds';
export const SHUTDOWN_FORCE = '10 seconds';

export interface PostWorkerOptions {
  config: Pick<
    Config,
    | 'TEMPORAL_ADDRESS'
    | 'TEMPORAL_NAMESPACE'
    | 'TEMPORAL_TASK_QUEUE'
    | 'PAYLOAD_KEYS'
    | 'PAYLOAD_KEY_ID'
    | 'WORKER_MAX_CACHED_WORKFLOWS'
    | 'WORKER_MAX_CACHED_LEDGERS'
  >;
  events: PostEventPublisher;
  notifier: Notifier;
  /** The client the ledger activities use to reach the budget and cap workflows. */
  client: Client;
  log: Logger;
  /** A prebuilt bundle (production); without one the worker bundles workflows/index.ts at start. */
  workflowBundle?: { code: string };
  /** A prebuilt bundle of workflows/ledgers.ts; without one the ledgers' worker bundles it at start. */
  ledgerBundle?: { code: string };
  connection?: NativeConnection;
  /** Another workflow entry point (the benchmarks add their bare baselines to the product's). */
  workflowsPath?: string;
  /** Activities besides the product's (the benchmarks' no-op baseline). */
  extraActivities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

/** The task queue of the ledger entity workflows: beside the posts' queue, with a worker of its own. */
export function ledgerTaskQueue(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>): string {
  return `${config.TEMPORAL_TASK_QUEUE}.ledgers`;
}

/** The two workers of a worker process, run and stopped together. */
export interface PostWorkers {
  /** Posts, proposals, routes and every activity, on TEMPORAL_TASK_QUEUE. */
  posts: Worker;
  /** The budget ledgers and the cap on international recruits, on `ledgerTaskQueue(config)`. */
  ledgers: Worker;
  /** Runs both until shutdown (SIGINT/SIGTERM, or `shutdown()`); rejects if either fails. */
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * The workers that run every workflow of the product and its activities. The ledgers, which many
 * posts message at once, run on a task queue of their own, served by a worker whose cache holds
 * every open ledger (WORKER_MAX_CACHED_LEDGERS): behind the posts' bounded cache a ledger would be
 * evicted between nearly every task under a burst and replay its whole history each time.
 */
export async function createPostWorker(options: PostWorkerOptions): Promise<PostWorkers> {
  const { config, events, notifier, client, log } = options;
  const connection =
    options.connection ?? (await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }));
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> =
    options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : {
          workflowsPath: options.workflowsPath ?? require.resolve('../workflows/index.ts'),
          bundlerOptions: workflowBundleOptions,
        };
  const { message, ...encryption } = describePayloadEncryption(config);
  if (encryption.payloadEncryption === 'off') log.warn(encryption, message);
  else log.info(encryption, message);
  const common = {
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    // The same codec as the clients' (temporal/connection.ts): the worker decrypts what they encrypt.
    dataConverter: dataConverterFor(config),
    shutdownGraceTime: SHUTDOWN_GRACE,
    shutdownForceTime: SHUTDOWN_FORCE,
    interceptors: {
      // Each activity runs in a span that continues its caller's trace (observability/tracing.ts);
      // the workflow modules pass that trace from the Update to the activity (prebuilt bundles carry
      // them already: workers/bundleWorkflows.ts).
      activity: [(ctx: Context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) })],
      workflowModules: workflowInterceptorModules,
    },
  };
  const posts = await Worker.create({
    ...common,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    ...workflowSource,
    activities: {
      ...createActivities({ events, notifier, client, ledgerTaskQueue: ledgerTaskQueue(config), log }),
      ...options.extraActivities,
    },
  });
  const ledgers = await Worker.create({
    ...common,
    taskQueue: ledgerTaskQueue(config),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_LEDGERS,
    ...(options.ledgerBundle
      ? { workflowBundle: options.ledgerBundle }
      : { workflowsPath: require.resolve('../workflows/ledgers.ts'), bundlerOptions: workflowBundleOptions }),
  });
  return {
    posts,
    ledgers,
    async run() {
      const running = [posts.run(), ledgers.run()];
      // One failing stops the other, so the process ends instead of running half a worker.
      await Promise.all(
        running.map((run) =>
          run.catch((error: unknown) => {
            posts.getState() === 'RUNNING' && posts.shutdown();
            ledgers.getState() === 'RUNNING' && ledgers.shutdown();
            throw error;
          }),
        ),
      );
    },
    shutdown() {
      if (posts.getState() === 'RUNNING') posts.shutdown();
      if (ledgers.getState() === 'RUNNING') ledgers.shutdown();
    },
  };
}

/**
 * Routes the Temporal SDK's own logs through pino, once per process; with `metricsAddress`, the SDK's
 * own metrics (workflow and activity task latencies, sticky cache, slots, polls) are served there by
 * its core in Prometheus text at /metrics (TEMPORAL_SDK_METRICS_ADDRESS).
 */
export function installTemporalLogging(
  log: Logger,
  { metricsAddress }: { metricsAddress?: string } = {},
): void {
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
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) },
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
    },
  });
}

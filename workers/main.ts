/**
 * The worker process: runs every post workflow and activity on the configured task queue, and the
 * notification dispatcher (NOTIFY_DISPATCHER=on), which tells people of hand-offs from the events.
 * With WORKFLOW_BUNDLE=path it loads a bundle made by workers/bundleWorkflows.ts (production);
 * otherwise it bundles the workflow code at start (development).
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/index.js';
import { StaffDirectory } from '../directory/staffDirectory.js';
import { createKafka } from '../kafka/client.js';
import { createPostEventProducer, kafkaPostEventPublisher } from '../kafka/postEventPublisher.js';
import { ensureTopics, productTopics } from '../kafka/topics.js';
import { createLogger } from '../logging/logger.js';
import { createNotifier } from '../notifications/createNotifier.js';
import {
  addressFromDirectory,
  createDispatcherFromConfig,
} from '../notifications/dispatcher/createDispatcher.js';
import type { NotificationDispatcher } from '../notifications/dispatcher/notificationDispatcher.js';
import { timedPostEventPublisher } from '../observability/publishMetrics.js';
import { startTracing } from '../observability/tracing.js';
import { createWorkerMetrics } from '../observability/workerMetrics.js';
import { openSharedState } from '../storage/sharedState.js';
import { connectClient } from '../temporal/connection.js';
import { createPostWorker, installTemporalLogging } from './createPostWorker.js';
import { watchForStuckWorkflows } from './stuckWorkflowWatch.js';
import { startWorkerHttp } from './workerHttp.js';

const config = loadConfig();
// Before any client or worker is made: their interceptors read the global tracer.
const tracing = startTracing('worker');
const log = createLogger('worker', config.LOG_LEVEL);
installTemporalLogging(log, {
  ...(config.TEMPORAL_SDK_METRICS_ADDRESS ? { metricsAddress: config.TEMPORAL_SDK_METRICS_ADDRESS } : {}),
});

const kafka = createKafka(config, log);
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, productTopics(config));
await admin.disconnect();

const producer = createPostEventProducer(kafka);
await producer.connect();

const metrics = createWorkerMetrics();
const bundlePath = process.env.WORKFLOW_BUNDLE;
const ledgerBundlePath = process.env.LEDGER_WORKFLOW_BUNDLE;
const client = await connectClient(config);
// The directory is in PostgreSQL with DATABASE_URL (shared with the web replicas), else in its file.
const sharedState = await openSharedState(config, log);
const directory = new StaffDirectory(sharedState.directoryStore);
// Posts started before the dispatcher still mail from their workflow (patched): the same channel.
const mail = createNotifier(config, { resolveAddress: addressFromDirectory(directory) });
const worker = await createPostWorker({
  config,
  events: timedPostEventPublisher(
    kafkaPostEventPublisher(producer, config.POST_EVENTS_TOPIC),
    metrics.publishSeconds,
    config.POST_EVENTS_TOPIC,
  ),
  notifier: mail,
  client,
  log,
  ...(bundlePath ? { workflowBundle: { code: await readFile(bundlePath, 'utf8') } } : {}),
  ...(ledgerBundlePath ? { ledgerBundle: { code: await readFile(ledgerBundlePath, 'utf8') } } : {}),
});

// Started beside the worker, not before it: posts run whether or not notifications can go.
const notStarted = (error: unknown) => {
  log.error({ err: error }, 'notification dispatcher not started: the worker runs on without it');
  return undefined;
};
const dispatcher: NotificationDispatcher | undefined =
  config.NOTIFY_DISPATCHER === 'on'
    ? await createDispatcherFromConfig(config, { kafka, directory, email: mail, log }).catch(notStarted)
    : undefined;
const dispatching = dispatcher?.start().then(
  () => true,
  (error: unknown) => notStarted(error) ?? false,
);
let stoppingDispatcher: Promise<void> | undefined;
function stopDispatcher(): Promise<void> {
  stoppingDispatcher ??= (async () => {
    if (await dispatching) await dispatcher?.stop();
  })().catch((error: unknown) => log.error({ err: error }, 'notification dispatcher did not stop cleanly'));
  return stoppingDispatcher;
}
// Stopped beside the worker's own drain, so the two grace periods do not add up.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopDispatcher());

const watch = watchForStuckWorkflows(client, log, metrics);
const readinessAdmin = kafka.admin();
const http = await startWorkerHttp({
  host: config.HTTP_HOST,
  port: config.WORKER_HTTP_PORT,
  registry: metrics.registry,
  readiness: {
    temporal: () => client.workflowService.getSystemInfo({}),
    ...(sharedState.databaseAnswers ? { database: sharedState.databaseAnswers } : {}),
    kafka: async () => {
      await readinessAdmin.connect();
      await readinessAdmin.describeCluster();
    },
  },
});

log.info(
  {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    health: `http://${config.HTTP_HOST}:${(http.address() as AddressInfo).port}/health/ready`,
  },
  'worker started',
);
try {
  // Runs until SIGINT/SIGTERM (the SDK installs the handlers), then drains in-flight tasks.
  await worker.run();
} finally {
  await stopDispatcher();
  watch.stop();
  http.close();
  await readinessAdmin.disconnect().catch(() => undefined);
  // A broker that does not answer must not hold the stop open either.
  await Promise.race([producer.disconnect(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  await client.connection.close();
  await sharedState.close();
  await tracing.shutdown().catch((error: unknown) => log.warn({ err: error }, 'traces not all exported'));
  log.info('worker stopped');
}
// Everything is stopped and stored. A mail server that never answered would still hold a socket open
// until its greeting times out (30 s); that mail is queued and goes at the next start.
process.exit(process.exitCode ?? 0);

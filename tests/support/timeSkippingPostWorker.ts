import { createRequire } from 'node:module';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pino from 'pino';
import { createActivities } from '../../activities/createActivities.js';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';
import { capturingNotifier } from './capturingNotifier.js';
import { capturingPublisher } from './capturingPublisher.js';
import { createTimeSkippingEnv } from './timeSkipping.js';

const require = createRequire(import.meta.url);

export interface TimeSkippingPosts {
  env: TestWorkflowEnvironment;
  /**
   * A plain client on the test server. `env.client` lets time skip while it waits for a result,
   * and with long-lived ledger workflows open that jumps the clock to their ten-year execution
   * timeout; these tests move time only with `env.sleep`.
   */
  client: Client;
  taskQueue: string;
  published: ReturnType<typeof capturingPublisher>;
  notifier: ReturnType<typeof capturingNotifier>;
  /** Event types published for one post, in order. */
  eventTypes(postId: string): string[];
  /** A London date some working days after the test server's current time. */
  workingDaysFromNow(days: number): Promise<string>;
  /** The test server's current London date. */
  today(): Promise<string>;
  stop(): Promise<void>;
}

/** The product's real workflows and activities on the time-skipping server, with fake Kafka and mail. */
export async function startTimeSkippingPosts(taskQueue: string): Promise<TimeSkippingPosts> {
  const env = await createTimeSkippingEnv();
  const published = capturingPublisher();
  const notifier = capturingNotifier();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows/index.ts'),
    bundlerOptions: workflowBundleOptions,
    activities: createActivities({
      events: published,
      notifier,
      client: env.client,
      // One worker serves both here: the product's bundle holds the ledger workflows too.
      ledgerTaskQueue: taskQueue,
      log: pino({ level: 'silent' }),
    }),
  });
  const running = worker.run();
  return {
    env,
    client: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
    taskQueue,
    published,
    notifier,
    eventTypes: (postId) =>
      published.events.filter((event) => event.postId === postId).map((event) => event.type),
    workingDaysFromNow: async (days) => addWorkingDays(londonDateOf(await env.currentTimeMs()), days),
    today: async () => londonDateOf(await env.currentTimeMs()),
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

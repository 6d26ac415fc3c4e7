/**
 * A minimal reproduction of the sdk-core stall the budget ledger met (bench/sdkStall/README.md):
 * a worker with a small workflow cache, a few entity workflows each taking a burst of concurrent
 * Updates, and short workflows keeping the cache full. Run against any Temporal server:
 *   npx tsx bench/sdkStall/reproduce.ts [--address 127.0.0.1:7233] [--namespace default]
 * It prints whether every Update completed, and for each counter that did not, its pending workflow
 * task's attempt (a stalled run's task times out on every attempt).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  Worker,
} from '@temporalio/worker';
import { Command } from 'commander';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';
import { addUpdate } from './workflows.js';

const options = new Command('reproduce')
  .option('--address <host:port>', 'Temporal frontend', '127.0.0.1:7233')
  .option('--namespace <name>', 'namespace', 'default')
  .option('--cache <n>', 'the worker’s maxCachedWorkflows', '10')
  .option('--counters <n>', 'entity workflows', '10')
  .option('--updates <n>', 'concurrent Updates per entity', '50')
  .option('--fillers <n>', 'short workflows keeping the cache full', '300')
  .option('--wait <seconds>', 'how long to wait for every Update', '90')
  .parse()
  .opts<Record<string, string>>();
const number = (name: string) => Number(options[name]);

const seen: string[] = [];
Runtime.install({
  logger: new DefaultLogger('WARN', (entry) => {
    if (/buffered|timed out|in-flight/i.test(entry.message)) seen.push(entry.message);
  }),
  // sdk-core's own lines (where "Extra buffered run…" is logged) come through the logger above.
  telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } },
});

const taskQueue = `sdk-stall-${randomUUID()}`;
const connection = await NativeConnection.connect({ address: options.address });
const worker = await Worker.create({
  connection,
  namespace: options.namespace,
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  bundlerOptions: workflowBundleOptions,
  maxCachedWorkflows: number('cache'),
});
const running = worker.run();
const client = new Client({
  connection: await Connection.connect({ address: options.address }),
  namespace: options.namespace,
});

const counters = await Promise.all(
  Array.from({ length: number('counters') }, (_, i) =>
    client.workflow.start('counterWorkflow', { taskQueue, workflowId: `${taskQueue}-counter-${i}` }),
  ),
);
// Started, not awaited: a result long-poll per filler would run into the server's poller limit.
const fillers = Array.from({ length: number('fillers') }, (_, i) =>
  client.workflow.start('fillerWorkflow', { taskQueue, workflowId: `${taskQueue}-filler-${i}` }),
);
const updates = counters.flatMap((counter) =>
  Array.from({ length: number('updates') }, (_, i) =>
    counter.executeUpdate(addUpdate, { args: [1], updateId: `${counter.workflowId}-${i}` }).then(
      () => 'done' as const,
      (error: Error) => `failed: ${error.message}`,
    ),
  ),
);
const deadline = new Promise<'timeout'>((resolve) =>
  setTimeout(() => resolve('timeout'), number('wait') * 1000),
);
const outcome = await Promise.race([Promise.all(updates).then(() => 'settled' as const), deadline]);
await Promise.allSettled(fillers);

let stalled = 0;
for (const counter of counters) {
  const description = await counter.describe();
  const pending = description.raw.pendingWorkflowTask;
  if (pending && (pending.attempt ?? 0) > 1) {
    stalled += 1;
    process.stdout.write(`${counter.workflowId}: workflow task attempt ${pending.attempt}\n`);
  }
  await counter.terminate('reproduction over').catch(() => undefined);
}
const failed = (await Promise.all(updates.map((u) => Promise.race([u, Promise.resolve('pending')])))).filter(
  (result) => result !== 'done',
);
process.stdout.write(
  `updates: ${updates.length - failed.length} of ${updates.length} completed (${outcome}); counters with a failing workflow task: ${stalled}\n`,
);
for (const message of [...new Set(seen)]) process.stdout.write(`worker logged: ${message}\n`);
worker.shutdown();
await running;
await connection.close();
process.exit(stalled > 0 || outcome === 'timeout' ? 1 : 0);

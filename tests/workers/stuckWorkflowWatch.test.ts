import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createWorkerMetrics } from '../../observability/workerMetrics.js';
import { connectClient } from '../../temporal/connection.js';
import { watchForStuckWorkflows } from '../../workers/stuckWorkflowWatch.js';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';

const workflowsPath = fileURLToPath(new URL('../workflows/ledgerWorkflowsEntry.ts', import.meta.url));
const taskQueue = `stuck-${randomUUID()}`;
let client: Client;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  const config = loadConfig();
  client = await connectClient(config);
  connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath, ...workflowBundleOptions }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await client?.connection.close();
});

describe('the stuck-workflow watch', () => {
  it('names a workflow whose task keeps failing, in an error line and the gauge', async () => {
    const workflowId = `stuck-${randomUUID()}`;
    const handle = await client.workflow.start('stuckTaskWorkflow', { taskQueue, workflowId });
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
    const metrics = createWorkerMetrics();
    const watch = watchForStuckWorkflows(client, log, metrics, { types: ['stuckTaskWorkflow'] });
    watch.stop();
    let stuck = await watch.sweep();
    for (let tries = 0; tries < 60 && !stuck.some((s) => s.workflowId === workflowId); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      stuck = await watch.sweep();
    }
    expect(stuck.find((s) => s.workflowId === workflowId)?.attempt).toBeGreaterThanOrEqual(3);
    expect(lines.some((line) => line.level === 50 && line.workflowId === workflowId)).toBe(true);
    const gauge = await metrics.stuckWorkflows.get();
    expect(
      gauge.values.find((v) => v.labels.workflow_type === 'stuckTaskWorkflow')?.value,
    ).toBeGreaterThanOrEqual(1);
    await handle.terminate('test over');
  });
});

import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerActivities, type LedgerAddress } from '../../activities/ledgerActivities.js';
import { loadConfig } from '../../config/index.js';
import { closeLedgerSignal, ledgerRequestSignal, ledgerViewQuery } from '../../contract/ledgerMessages.js';
import { connectClient } from '../../temporal/connection.js';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';
import type { budgetAllocationWorkflow } from '../../workflows/budgetAllocationWorkflow.js';
import type { LedgerAsk, LedgerAskOutcome, ledgerAskWorkflow } from './ledgerWorkflowsEntry.js';

// On the real dev server: the burst is about the server's limits (in-flight Updates per workflow)
// and the worker's cache evicting workflows, which the time-skipping server does not reproduce.
const workflowsPath = fileURLToPath(new URL('./ledgerWorkflowsEntry.ts', import.meta.url));
const taskQueue = `ledger-requests-${randomUUID()}`;

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
    activities: createLedgerActivities({ client, taskQueue }),
    // A small cache, evicting all the time, as a worker bounding its memory does under a burst.
    maxCachedWorkflows: 10,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await client?.connection.close();
});

function budgetAddress(capacity: number, continueAsNewAfter?: number): LedgerAddress {
  const workflowId = `budget-${randomUUID()}`;
  return {
    workflowType: 'budgetAllocationWorkflow',
    workflowId,
    start: { ledgerId: workflowId, capacity, ...(continueAsNewAfter ? { continueAsNewAfter } : {}) },
  };
}

function ask(asks: LedgerAsk[]): Promise<LedgerAskOutcome[]> {
  return Promise.all(
    asks.map((one) =>
      client.workflow.execute<typeof ledgerAskWorkflow>('ledgerAskWorkflow', {
        args: [one],
        taskQueue,
        workflowId: `asker-${one.postId}-${randomUUID()}`,
      }),
    ),
  );
}

function viewOf(workflowId: string) {
  return client.workflow.getHandle<typeof budgetAllocationWorkflow>(workflowId).query(ledgerViewQuery);
}

describe('ledger requests by signal, under a burst', () => {
  it('answers 300 posts asking at once, with a cache of 10, never over-committing: 120 fit, 180 held', async () => {
    const amount = 5_000_000;
    const ledger = budgetAddress(120 * amount, 50);
    const asks = Array.from({ length: 300 }, (_, i) => ({ ledger, postId: `burst-${i}`, amount }));
    const outcomes = await ask(asks);
    const reserved = outcomes.filter((o) => o.ok && o.reserve.status === 'reserved');
    const held = outcomes.filter((o) => o.ok && o.reserve.status === 'shortfall');
    expect(reserved).toHaveLength(120);
    expect(held).toHaveLength(180);
    const view = await viewOf(ledger.workflowId);
    expect(view.committed).toBe(120 * amount);
    expect(Object.keys(view.reservations)).toHaveLength(120);
    // 300 requests with a threshold of 50: the ledger continued as new and carried everything over.
    const description = await client.workflow.getHandle(ledger.workflowId).describe();
    expect(description.runId).not.toBe(description.raw.workflowExecutionInfo?.firstRunId ?? '');
    await client.workflow.getHandle(ledger.workflowId).signal(closeLedgerSignal);
  });

  it('gives released money to nobody twice: 50 posts reserve and release, the ledger ends at 0', async () => {
    const ledger = budgetAddress(1_000_000);
    const asks = Array.from({ length: 50 }, (_, i) => ({
      ledger,
      postId: `released-${i}`,
      amount: 10_000,
      releaseReason: 'withdrawn',
    }));
    const outcomes = await ask(asks);
    expect(outcomes.every((o) => o.ok && o.release?.released === 10_000)).toBe(true);
    expect((await viewOf(ledger.workflowId)).committed).toBe(0);
    await client.workflow.getHandle(ledger.workflowId).signal(closeLedgerSignal);
  });

  it('refuses a malformed amount, naming it, and leaves the ledger unchanged', async () => {
    const ledger = budgetAddress(100);
    const [good, bad] = await ask([
      { ledger, postId: 'p-1', amount: 10 },
      { ledger, postId: 'p-2', amount: 2.5 },
    ]);
    expect(good).toEqual({
      ok: true,
      reserve: { status: 'reserved', amount: 10, capacity: 100, committed: 10 },
    });
    expect(bad).toEqual({
      ok: false,
      type: 'LedgerRequestRejected',
      message: 'amount must be a whole number (got 2.5)',
    });
    expect((await viewOf(ledger.workflowId)).committed).toBe(10);
    await client.workflow.getHandle(ledger.workflowId).signal(closeLedgerSignal);
  });

  it('refuses a reservation on a closed ledger without starting it again empty', async () => {
    const ledger = budgetAddress(100);
    await ask([{ ledger, postId: 'p-1', amount: 10 }]);
    const handle = client.workflow.getHandle<typeof budgetAllocationWorkflow>(ledger.workflowId);
    await handle.signal(closeLedgerSignal);
    expect((await handle.result()).committed).toBe(10);
    const [late] = await ask([{ ledger, postId: 'p-2', amount: 10 }]);
    expect(late).toMatchObject({ ok: false, type: 'LedgerClosed' });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('drops a signalled request that names nobody to answer, and goes on answering others', async () => {
    const ledger = budgetAddress(100);
    await ask([{ ledger, postId: 'p-1', amount: 10 }]);
    const handle = client.workflow.getHandle(ledger.workflowId);
    await handle.signal(ledgerRequestSignal, { kind: 'reserve', postId: 'p-x', amount: 10 } as never);
    const [next] = await ask([{ ledger, postId: 'p-2', amount: 10 }]);
    expect(next).toMatchObject({ ok: true, reserve: { status: 'reserved', committed: 20 } });
    await handle.signal(closeLedgerSignal);
  });
});

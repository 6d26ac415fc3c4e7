import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerActivities, type LedgerActivities } from '../../activities/ledgerActivities.js';
import { loadConfig } from '../../config/index.js';
import {
  closeLedgerSignal,
  ledgerViewQuery,
  releaseUpdate,
  reserveUpdate,
} from '../../contract/ledgerMessages.js';
import { type PostSpec, postsFromLines } from '../../domain/proposalPosts.js';
import { connectClient } from '../../temporal/connection.js';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';
import type { budgetAllocationWorkflow } from '../../workflows/budgetAllocationWorkflow.js';
import type { internationalCapWorkflow } from '../../workflows/internationalCapWorkflow.js';
import { seedAllocationPence, seedPlanLines } from '../fixtures/seedProposal.js';
import { createTimeSkippingEnv } from '../support/timeSkipping.js';
import type { LedgerCall, LedgerCallOutcome, ledgerCallsWorkflow } from './ledgerWorkflowsEntry.js';

const workflowsPath = fileURLToPath(new URL('./ledgerWorkflowsEntry.ts', import.meta.url));
const taskQueue = `ledger-workflows-${randomUUID()}`;

let bundle: { code: string };
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let ledger: LedgerActivities;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath, ...workflowBundleOptions });
  env = await createTimeSkippingEnv();
  ledger = createLedgerActivities({ client: env.client, taskQueue });
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    activities: ledger,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** The whole plan: the 8 lines of the cost table and the Safe project, 31 posts. */
const seedPosts = postsFromLines('icf-2022', seedPlanLines);
const planCostPence = seedPosts.reduce((sum, post) => sum + post.details.annualCostPence, 0);

function reserveCall(budgetWorkflowId: string, post: PostSpec, attempt = 1): LedgerCall {
  return {
    activity: 'reserveBudget',
    request: {
      budgetWorkflowId,
      allocationPence: seedAllocationPence,
      postId: post.postId,
      amountPence: post.details.annualCostPence,
      requestId: `${post.postId}:reserve:${attempt}`,
    },
  };
}

/** Runs activity calls through the worker, from a workflow, as a post workflow makes them. */
async function callThroughWorker(
  client: Client,
  queue: string,
  calls: LedgerCall[],
): Promise<LedgerCallOutcome[]> {
  return client.workflow.execute<typeof ledgerCallsWorkflow>('ledgerCallsWorkflow', {
    args: [calls],
    taskQueue: queue,
    workflowId: `ledger-calls-${randomUUID()}`,
  });
}

function viewOf(client: Client, workflowId: string) {
  return client.workflow.getHandle(workflowId).query(ledgerViewQuery);
}

describe('the budget allocation ledger, through the ledger activities', () => {
  it('fits the seed plan’s 31 posts, reserved one by one, exactly: £1,493,366 of £1,500,000', async () => {
    const budget = `budget-${randomUUID()}`;
    const outcomes = await callThroughWorker(
      env.client,
      taskQueue,
      seedPosts.map((post) => reserveCall(budget, post)),
    );
    expect(outcomes).toHaveLength(31);
    expect(
      outcomes.every(
        (outcome) => outcome.ok && 'status' in outcome.result && outcome.result.status === 'reserved',
      ),
    ).toBe(true);
    const view = await viewOf(env.client, budget);
    expect(view).toMatchObject({
      ledgerId: budget,
      kind: 'budget',
      capacity: 150_000_000,
      committed: 149_336_600,
    });
    expect(Object.keys(view.reservations)).toHaveLength(31);
    expect(view.reservations['icf-2022.L6.P1']).toBe(6_233_500);
  });

  it('holds one more PO6 post with its shortfall stated, committing nothing for it', async () => {
    const budget = `budget-${randomUUID()}`;
    await callThroughWorker(
      env.client,
      taskQueue,
      seedPosts.map((post) => reserveCall(budget, post)),
    );
    const left = seedAllocationPence - planCostPence; // 663,400 pence
    const extraManagerPence = 6_233_500;
    const result = await ledger.reserveBudget({
      budgetWorkflowId: budget,
      allocationPence: seedAllocationPence,
      postId: 'icf-2022.extra-po6',
      amountPence: extraManagerPence,
      requestId: 'icf-2022.extra-po6:reserve:1',
    });
    expect(left).toBe(663_400);
    expect(result).toEqual({
      status: 'shortfall',
      amount: 6_233_500,
      capacity: 150_000_000,
      committed: 149_336_600,
      shortfall: extraManagerPence - left,
    });
    expect(extraManagerPence - left).toBe(5_570_100);
    expect((await viewOf(env.client, budget)).reservations).not.toHaveProperty('icf-2022.extra-po6');
  });

  it('frees a released post’s amount, so the held PO6 post then fits; a second release frees nothing', async () => {
    const budget = `budget-${randomUUID()}`;
    const advancedPractitioner = seedPosts.find((post) => post.details.grade === 'PO5');
    if (!advancedPractitioner) throw new Error('the plan has advanced practitioners');
    const outcomes = await callThroughWorker(env.client, taskQueue, [
      ...seedPosts.map((post) => reserveCall(budget, post)),
      {
        activity: 'releaseBudget',
        request: {
          budgetWorkflowId: budget,
          postId: advancedPractitioner.postId,
          reason: 'withdrawn',
          requestId: `${advancedPractitioner.postId}:release:1`,
        },
      },
      {
        activity: 'releaseBudget',
        request: {
          budgetWorkflowId: budget,
          postId: advancedPractitioner.postId,
          reason: 'withdrawn again',
          requestId: `${advancedPractitioner.postId}:release:2`,
        },
      },
      {
        activity: 'reserveBudget',
        request: {
          budgetWorkflowId: budget,
          allocationPence: seedAllocationPence,
          postId: 'icf-2022.extra-po6',
          amountPence: 6_233_500,
          requestId: 'icf-2022.extra-po6:reserve:1',
        },
      },
    ]);
    expect(outcomes.slice(31)).toEqual([
      { ok: true, result: { released: 5_964_100, committed: 149_336_600 - 5_964_100 } },
      { ok: true, result: { released: 0, committed: 149_336_600 - 5_964_100 } },
      {
        ok: true,
        result: {
          status: 'reserved',
          amount: 6_233_500,
          capacity: 150_000_000,
          committed: 149_336_600 - 5_964_100 + 6_233_500,
        },
      },
    ]);
  });

  it('never over-commits under 40 concurrent reservations: 33 PO1 posts fit, 7 are held', async () => {
    const budget = `budget-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        ledger.reserveBudget({
          budgetWorkflowId: budget,
          allocationPence: seedAllocationPence,
          postId: `duty-${index + 1}`,
          amountPence: 4_458_100,
          requestId: `duty-${index + 1}:reserve:1`,
        }),
      ),
    );
    const reserved = results.filter((result) => result.status === 'reserved');
    expect(reserved).toHaveLength(33); // 33 × £44,581 = £1,471,173; a 34th would pass £1.5m
    expect(results.filter((result) => result.status === 'shortfall')).toHaveLength(7);
    for (const result of results) expect(result.committed).toBeLessThanOrEqual(150_000_000);
    const view = await viewOf(env.client, budget);
    expect(view.committed).toBe(33 * 4_458_100);
    expect(Object.keys(view.reservations)).toHaveLength(33);
  });

  it('answers a retried request with its first result instead of applying it again (Update id)', async () => {
    const budget = `budget-${randomUUID()}`;
    const request = {
      budgetWorkflowId: budget,
      allocationPence: seedAllocationPence,
      postId: 'ot-1',
      amountPence: 4_458_100,
      requestId: 'ot-1:reserve:1',
    };
    const first = await ledger.reserveBudget(request);
    await ledger.releaseBudget({
      budgetWorkflowId: budget,
      postId: 'ot-1',
      reason: 'revised',
      requestId: 'r-1',
    });
    // The same request id again, as an activity retry would send it: deduplicated by the server.
    expect(await ledger.reserveBudget(request)).toEqual(first);
    expect((await viewOf(env.client, budget)).committed).toBe(0);
  });

  it('keeps every reservation across continue-as-new', async () => {
    const budget = `budget-${randomUUID()}`;
    const handle = await env.client.workflow.start<typeof budgetAllocationWorkflow>(
      'budgetAllocationWorkflow',
      {
        workflowId: budget,
        taskQueue,
        args: [{ ledgerId: budget, capacity: seedAllocationPence, continueAsNewAfter: 5 }],
      },
    );
    const firstRunId = handle.firstExecutionRunId;
    const outcomes = await callThroughWorker(
      env.client,
      taskQueue,
      seedPosts.slice(0, 12).map((post) => reserveCall(budget, post)),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const description = await env.client.workflow.getHandle(budget).describe();
    expect(description.runId).not.toBe(firstRunId);
    const view = await viewOf(env.client, budget);
    expect(Object.keys(view.reservations)).toEqual(seedPosts.slice(0, 12).map((post) => post.postId));
    expect(view.committed).toBe(
      seedPosts.slice(0, 12).reduce((sum, post) => sum + post.details.annualCostPence, 0),
    );
  });

  it('returns the final ledger when closed, and refuses any later reservation without retrying', async () => {
    const budget = `budget-${randomUUID()}`;
    const [post] = seedPosts;
    if (!post) throw new Error('the plan has posts');
    await ledger.reserveBudget({
      budgetWorkflowId: budget,
      allocationPence: seedAllocationPence,
      postId: post.postId,
      amountPence: post.details.annualCostPence,
      requestId: 'r-1',
    });
    const handle = env.client.workflow.getHandle<typeof budgetAllocationWorkflow>(budget);
    await handle.signal(closeLedgerSignal);
    expect(await handle.result()).toMatchObject({
      committed: 4_458_100,
      reservations: { [post.postId]: 4_458_100 },
    });
    const late = ledger.reserveBudget({
      budgetWorkflowId: budget,
      allocationPence: seedAllocationPence,
      postId: 'late',
      amountPence: 1,
      requestId: 'r-2',
    });
    await expect(late).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(late).rejects.toMatchObject({ type: 'LedgerClosed', nonRetryable: true });
  });

  it('releases nothing for a ledger that was never started', async () => {
    expect(
      await ledger.releaseBudget({
        budgetWorkflowId: `budget-${randomUUID()}`,
        postId: 'p',
        reason: 'withdrawn',
        requestId: 'r-1',
      }),
    ).toEqual({ released: 0, committed: 0 });
  });
});

describe('the cap on international recruits, through the ledger activities', () => {
  it('with 13 of 20 recruited accepts 7 more and refuses the 8th', async () => {
    const cap = `international-cap-${randomUUID()}`;
    const calls: LedgerCall[] = Array.from({ length: 8 }, (_, index) => ({
      activity: 'reserveInternationalRecruit',
      request: {
        capWorkflowId: cap,
        cap: 20,
        alreadyRecruited: 13,
        postId: `intl-${index + 1}`,
        requestId: `intl-${index + 1}:reserve:1`,
      },
    }));
    const outcomes = await callThroughWorker(env.client, taskQueue, calls);
    const results = outcomes.map((outcome) => (outcome.ok ? outcome.result : outcome));
    expect(results.slice(0, 7).map((result) => 'committed' in result && result.committed)).toEqual([
      14, 15, 16, 17, 18, 19, 20,
    ]);
    expect(results[7]).toEqual({ status: 'shortfall', amount: 1, capacity: 20, committed: 20, shortfall: 1 });
    expect(await viewOf(env.client, cap)).toMatchObject({ kind: 'international-recruits', committed: 20 });
  });

  it('gives a released place to the next post', async () => {
    const cap = `international-cap-${randomUUID()}`;
    // A post asking again (not an activity retry) uses a new request id: the old one would be
    // answered with its first result.
    const reserve = (postId: string, attempt: number) =>
      ledger.reserveInternationalRecruit({
        capWorkflowId: cap,
        cap: 20,
        alreadyRecruited: 19,
        postId,
        requestId: `${postId}:reserve:${attempt}`,
      });
    expect((await reserve('intl-a', 1)).status).toBe('reserved');
    expect((await reserve('intl-b', 1)).status).toBe('shortfall');
    expect(
      await ledger.releaseInternationalRecruit({
        capWorkflowId: cap,
        postId: 'intl-a',
        reason: 'route changed to standard',
        requestId: 'intl-a:release:1',
      }),
    ).toEqual({ released: 1, committed: 19 });
    expect(await reserve('intl-b', 2)).toMatchObject({ status: 'reserved', committed: 20 });
  });

  it('keeps its reservations and its recruits already in post across continue-as-new', async () => {
    const cap = `international-cap-${randomUUID()}`;
    const handle = await env.client.workflow.start<typeof internationalCapWorkflow>(
      'internationalCapWorkflow',
      {
        workflowId: cap,
        taskQueue,
        args: [{ ledgerId: cap, capacity: 20, alreadyRecruited: 13, continueAsNewAfter: 3 }],
      },
    );
    for (let index = 1; index <= 7; index += 1) {
      await ledger.reserveInternationalRecruit({
        capWorkflowId: cap,
        cap: 20,
        alreadyRecruited: 13,
        postId: `intl-${index}`,
        requestId: `intl-${index}:reserve:1`,
      });
    }
    expect((await env.client.workflow.getHandle(cap).describe()).runId).not.toBe(handle.firstExecutionRunId);
    const view = await viewOf(env.client, cap);
    expect(view.committed).toBe(20);
    expect(Object.keys(view.reservations)).toHaveLength(7);
  });
});

// On the local dev server: the Java time-skipping server stops answering an Update rejected by a
// validator once earlier Updates have completed (see README, "Known limits"), and these need no timers.
describe('malformed ledger requests, on the dev server', () => {
  let client: Client;
  let devWorker: Worker;
  let devRunning: Promise<void>;
  let connection: NativeConnection;
  const devQueue = `ledger-workflows-dev-${randomUUID()}`;

  beforeAll(async () => {
    const config = loadConfig();
    client = await connectClient(config);
    connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    devWorker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: devQueue,
      workflowBundle: bundle,
      activities: createLedgerActivities({ client, taskQueue: devQueue }),
    });
    devRunning = devWorker.run();
  });

  afterAll(async () => {
    devWorker?.shutdown();
    await devRunning;
    await connection?.close();
    await client?.connection.close();
  });

  async function budgetWithOneReservation() {
    const budget = `budget-${randomUUID()}`;
    const handle = await client.workflow.start<typeof budgetAllocationWorkflow>('budgetAllocationWorkflow', {
      workflowId: budget,
      taskQueue: devQueue,
      args: [{ ledgerId: budget, capacity: seedAllocationPence }],
    });
    await handle.executeUpdate(reserveUpdate, { args: [{ postId: 'ot-1', amount: 4_458_100 }] });
    return handle;
  }

  it.each([
    [{ postId: '', amount: 100 }, 'postId must be a non-empty string'],
    [{ postId: 'p', amount: -100 }, 'amount must not be negative (got -100)'],
    [{ postId: 'p', amount: 100.5 }, 'amount must be a whole number (got 100.5)'],
  ])(
    'rejects the reservation %j, naming the field, and leaves the ledger unchanged',
    async (request, message) => {
      const handle = await budgetWithOneReservation();
      const attempt = handle.executeUpdate(reserveUpdate, { args: [request] });
      await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(attempt).rejects.toHaveProperty('cause.message', message);
      expect(await handle.query(ledgerViewQuery)).toMatchObject({
        committed: 4_458_100,
        reservations: { 'ot-1': 4_458_100 },
      });
      await handle.terminate('test over');
    },
  );

  it('rejects a release without a post id or a reason', async () => {
    const handle = await budgetWithOneReservation();
    await expect(
      handle.executeUpdate(releaseUpdate, { args: [{ postId: '', reason: 'withdrawn' }] }),
    ).rejects.toHaveProperty('cause.message', 'postId must be a non-empty string');
    await expect(
      handle.executeUpdate(releaseUpdate, { args: [{ postId: 'ot-1', reason: '' }] }),
    ).rejects.toHaveProperty('cause.message', 'reason must be a non-empty string');
    expect((await handle.query(ledgerViewQuery)).committed).toBe(4_458_100);
    await handle.terminate('test over');
  });

  it('rejects a reservation of more than one place under the cap on international recruits', async () => {
    const cap = `international-cap-${randomUUID()}`;
    const handle = await client.workflow.start<typeof internationalCapWorkflow>('internationalCapWorkflow', {
      workflowId: cap,
      taskQueue: devQueue,
      args: [{ ledgerId: cap, capacity: 20, alreadyRecruited: 13 }],
    });
    await handle.executeUpdate(reserveUpdate, { args: [{ postId: 'intl-1', amount: 1 }] });
    await expect(
      handle.executeUpdate(reserveUpdate, { args: [{ postId: 'intl-2', amount: 2 }] }),
    ).rejects.toHaveProperty('cause.message', 'amount must be 1: a post is one recruit (got 2)');
    expect((await handle.query(ledgerViewQuery)).committed).toBe(14);
    await handle.terminate('test over');
  });

  it('fails the activity without retrying when the ledger rejects its request', async () => {
    const budget = `budget-${randomUUID()}`;
    const outcomes = await callThroughWorker(client, devQueue, [
      {
        activity: 'reserveBudget',
        request: {
          budgetWorkflowId: budget,
          allocationPence: 100,
          postId: 'p-1',
          amountPence: 10,
          requestId: 'r-1',
        },
      },
      {
        activity: 'reserveBudget',
        request: {
          budgetWorkflowId: budget,
          allocationPence: 100,
          postId: 'p-2',
          amountPence: 2.5,
          requestId: 'r-2',
        },
      },
    ]);
    expect(outcomes).toEqual([
      { ok: true, result: { status: 'reserved', amount: 10, capacity: 100, committed: 10 } },
      {
        ok: false,
        type: 'LedgerRequestRejected',
        message: 'amount must be a whole number (got 2.5)',
        nonRetryable: true,
      },
    ]);
    await client.workflow.getHandle(budget).terminate('test over');
  });
});

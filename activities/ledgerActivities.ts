import { Context } from '@temporalio/activity';
import {
  type Client,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type {
  LedgerActivities,
  LedgerDelivery,
  ReleaseBudgetRequest,
  ReleaseInternationalRecruitRequest,
  ReserveBudgetRequest,
  ReserveInternationalRecruitRequest,
  SendLedgerRequest,
} from '../contract/activities.js';
import {
  type BudgetAllocationInput,
  type InternationalCapInput,
  type LedgerRequest,
  ledgerRequestSignal,
  type ReleaseRequest,
  type ReleaseResult,
  type ReserveRequest,
  type ReserveResult,
  releaseUpdate,
  reserveUpdate,
} from '../contract/ledgerMessages.js';
import type { budgetAllocationWorkflow } from '../workflows/budgetAllocationWorkflow.js';
import type { internationalCapWorkflow } from '../workflows/internationalCapWorkflow.js';

export interface LedgerActivityDependencies {
  client: Client;
  /** The task queue the ledger workflows run on when an activity has to start one. */
  taskQueue: string;
}

export type {
  LedgerActivities,
  LedgerAddress,
  LedgerDelivery,
  ReleaseBudgetRequest,
  ReleaseInternationalRecruitRequest,
  ReserveBudgetRequest,
  ReserveInternationalRecruitRequest,
  SendLedgerRequest,
} from '../contract/activities.js';

/** The ledger workflows by type name: referenced by name, so this module loads no workflow code. */
interface LedgerWorkflows {
  budgetAllocationWorkflow: typeof budgetAllocationWorkflow;
  internationalCapWorkflow: typeof internationalCapWorkflow;
}
type LedgerWorkflow = LedgerWorkflows[keyof LedgerWorkflows];

/**
 * Runs a client call that ends when the activity is cancelled (the worker shutting down, say): the
 * gRPC call is aborted instead of holding the worker's shutdown open. Outside an activity (tests
 * calling these functions directly) the call simply runs.
 */
function cancellable<R>(client: Client, call: () => Promise<R>): Promise<R> {
  let signal: AbortSignal | undefined;
  try {
    signal = Context.current().cancellationSignal;
  } catch {
    signal = undefined;
  }
  return signal ? client.withAbortSignal(signal, call) : call();
}

/** A ledger that has ended (closed, or failed) takes no more reservations; retrying cannot help. */
function ledgerClosed(workflowId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`ledger ${workflowId} has ended`, 'LedgerClosed');
}

/**
 * The activities through which post workflows reserve and release against the two ledger entity
 * workflows. Each call is an Update with `updateId: requestId`, so the server answers a retried
 * activity with the first attempt's result instead of applying it twice; and the ledger's rules are
 * per post anyway (reserving again replaces, releasing twice releases 0), so even a retry that lands
 * on a new run after continue-as-new changes nothing.
 */
export function createLedgerActivities({ client, taskQueue }: LedgerActivityDependencies): LedgerActivities {
  /**
   * Starts the ledger unless it runs already. USE_EXISTING makes "start or join" one call;
   * REJECT_DUPLICATE stops a ledger that has ended from being started again empty, which would
   * forget its reservations and let posts over-commit the allocation.
   */
  async function ensureLedger<N extends keyof LedgerWorkflows>(
    workflowType: N,
    workflowId: string,
    input: Parameters<LedgerWorkflows[N]>[0],
  ): Promise<WorkflowHandle<LedgerWorkflows[N]>> {
    try {
      await client.workflow.start<LedgerWorkflow>(workflowType, {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      // Thrown for an ended ledger (REJECT_DUPLICATE), or by a server that ignores the conflict policy.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    // No run id: an Update goes to the ledger's current run, following continue-as-new.
    return client.workflow.getHandle<LedgerWorkflows[N]>(workflowId);
  }

  async function isRunning(handle: WorkflowHandle): Promise<boolean | 'missing'> {
    try {
      return (await handle.describe()).status.name === 'RUNNING';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'missing';
      throw error;
    }
  }

  async function reserveOn(
    handle: WorkflowHandle<LedgerWorkflow>,
    request: ReserveRequest,
    requestId: string,
  ): Promise<ReserveResult> {
    try {
      return await handle.executeUpdate(reserveUpdate, { args: [request], updateId: requestId });
    } catch (error) {
      const failure = await asActivityFailure(handle, error);
      throw failure === 'missing' ? ledgerClosed(handle.workflowId) : failure;
    }
  }

  async function releaseOn(
    handle: WorkflowHandle<LedgerWorkflow>,
    request: ReleaseRequest,
    requestId: string,
  ): Promise<ReleaseResult> {
    try {
      return await handle.executeUpdate(releaseUpdate, { args: [request], updateId: requestId });
    } catch (error) {
      const failure = await asActivityFailure(handle, error);
      // No ledger was ever started, so the post holds nothing: nothing to release.
      if (failure === 'missing') return { released: 0, committed: 0 };
      throw failure;
    }
  }

  /**
   * Which failures retrying can fix: a rejected request or an ended ledger never can. 'missing' when
   * no ledger of that id has ever run.
   */
  async function asActivityFailure(handle: WorkflowHandle, error: unknown): Promise<unknown> {
    if (error instanceof WorkflowUpdateFailedError) {
      return ApplicationFailure.nonRetryable(
        error.cause?.message ?? error.message,
        'LedgerRequestRejected',
        handle.workflowId,
      );
    }
    if (!(error instanceof WorkflowNotFoundError)) return error;
    // The run asked has closed: ended for good, or continued as new (then a retry reaches the new run).
    const running = await isRunning(handle);
    if (running === 'missing') return 'missing';
    return running ? error : ledgerClosed(handle.workflowId);
  }

  const activities: LedgerActivities = {
    /**
     * Delivers a post's request to a ledger as a signal and returns at once: the ledger answers by
     * signalling the post. A reservation starts the ledger if it has never run (signal-with-start);
     * REJECT_DUPLICATE stops an ended ledger from being started again empty, which would forget its
     * reservations. A retried delivery is harmless: the ledger's rules are per post and the post takes
     * the first answer to its request id.
     */
    async sendLedgerRequest({ ledger, request }: SendLedgerRequest): Promise<LedgerDelivery> {
      const handle = client.workflow.getHandle(ledger.workflowId);
      const signal = async (): Promise<LedgerDelivery> => {
        try {
          await handle.signal(ledgerRequestSignal, request);
          return 'delivered';
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          return (await isRunning(handle)) === 'missing' ? 'missing' : 'ended';
        }
      };
      if (request.kind !== 'reserve') return signal();
      try {
        await client.workflow.signalWithStart<LedgerWorkflow, [LedgerRequest]>(ledger.workflowType, {
          workflowId: ledger.workflowId,
          taskQueue,
          args: [ledger.start as never],
          signal: ledgerRequestSignal,
          signalArgs: [request],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        return 'delivered';
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        // An ended ledger refuses a new start. So, on some servers, does a ledger that another post
        // started a moment ago: a plain signal tells the two apart.
        return signal();
      }
    },

    /** Reserves a post's annual cost against its proposal's allocation. */
    async reserveBudget(request: ReserveBudgetRequest): Promise<ReserveResult> {
      const input: BudgetAllocationInput = {
        ledgerId: request.budgetWorkflowId,
        capacity: request.allocationPence,
      };
      const handle = await ensureLedger('budgetAllocationWorkflow', request.budgetWorkflowId, input);
      return reserveOn(handle, { postId: request.postId, amount: request.amountPence }, request.requestId);
    },

    /** Releases whatever a post holds against its allocation (rejected, withdrawn, revised). */
    async releaseBudget(request: ReleaseBudgetRequest): Promise<ReleaseResult> {
      const handle = client.workflow.getHandle<typeof budgetAllocationWorkflow>(request.budgetWorkflowId);
      return releaseOn(handle, { postId: request.postId, reason: request.reason }, request.requestId);
    },

    /** Reserves one place under the cap on international recruits for a post. */
    async reserveInternationalRecruit(request: ReserveInternationalRecruitRequest): Promise<ReserveResult> {
      const input: InternationalCapInput = {
        ledgerId: request.capWorkflowId,
        capacity: request.cap,
        alreadyRecruited: request.alreadyRecruited,
      };
      const handle = await ensureLedger('internationalCapWorkflow', request.capWorkflowId, input);
      return reserveOn(handle, { postId: request.postId, amount: 1 }, request.requestId);
    },

    /** Gives a post's place under the cap back (route changed, post ended unfilled). */
    async releaseInternationalRecruit(request: ReleaseInternationalRecruitRequest): Promise<ReleaseResult> {
      const handle = client.workflow.getHandle<typeof internationalCapWorkflow>(request.capWorkflowId);
      return releaseOn(handle, { postId: request.postId, reason: request.reason }, request.requestId);
    },
  };
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      (request: never) => cancellable(client, () => (activity as (r: never) => Promise<unknown>)(request)),
    ]),
  ) as unknown as LedgerActivities;
}

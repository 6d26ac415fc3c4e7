import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  amountProblem,
  committed,
  type Ledger,
  openLedger,
  postIdProblem,
  release,
  reserve,
} from '../domain/ledger.js';
import {
  closeLedgerSignal,
  type LedgerView,
  ledgerViewQuery,
  type ReleaseRequest,
  type ReleaseResult,
  type ReserveRequest,
  type ReserveResult,
  releaseUpdate,
  reserveUpdate,
} from './ledgerMessages.js';

/** Updates one run handles before it continues as new, so that its history stays short. */
export const CONTINUE_AS_NEW_AFTER = 1_000;

/** What the budget and the cap workflows tell the one ledger implementation they share. */
export interface LedgerRun {
  ledgerId: string;
  kind: LedgerView['kind'];
  capacity: number;
  /** Committed outside the reservations: the cap's recruits already in post; 0 for a budget. */
  baseline: number;
  reservations?: Record<string, number> | undefined;
  /** Updates before continuing as new; tests lower it, otherwise CONTINUE_AS_NEW_AFTER. */
  continueAsNewAfter?: number | undefined;
  /** A rule on the amount beyond "a non-negative whole number" (the cap: one recruit per post). */
  amountRule?: ((amount: number) => string | undefined) | undefined;
  /** Continues as new with the same input but these reservations; the workflow's own type checks it. */
  continueAsNew(reservations: Record<string, number>): Promise<never>;
}

function rejectRequest(problem: string | undefined): void {
  if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidLedgerRequest');
}

function openRunLedger(run: LedgerRun): Ledger {
  try {
    return openLedger({
      capacity: run.capacity,
      baseline: run.baseline,
      reservations: run.reservations ?? {},
    });
  } catch (error) {
    // A plain error would fail the workflow task and retry it for ever; bad input fails the workflow.
    throw ApplicationFailure.nonRetryable(
      `ledger ${run.ledgerId}: ${error instanceof Error ? error.message : String(error)}`,
      'InvalidLedgerInput',
    );
  }
}

/**
 * An entity workflow holding one ledger. Reserve and release are Updates with synchronous handlers,
 * so Temporal runs them one at a time and no two can interleave: the ledger is never over-committed.
 * Validators reject malformed requests before they reach the history. It runs until
 * `closeLedgerSignal`, continuing as new (carrying the reservations) when its history grows long.
 */
export async function runLedger(run: LedgerRun): Promise<LedgerView> {
  let ledger = openRunLedger(run);
  const threshold = run.continueAsNewAfter ?? CONTINUE_AS_NEW_AFTER;
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw ApplicationFailure.nonRetryable(
      `ledger ${run.ledgerId}: continueAsNewAfter must be a positive whole number`,
      'InvalidLedgerInput',
    );
  }
  let handled = 0;
  let closed = false;

  const view = (): LedgerView => ({
    ledgerId: run.ledgerId,
    kind: run.kind,
    capacity: ledger.capacity,
    committed: committed(ledger),
    reservations: { ...ledger.reservations },
  });

  const validateOpenRequest = (request: unknown): void => {
    if (closed) rejectRequest(`ledger ${run.ledgerId} is closed`);
    if (typeof request !== 'object' || request === null) rejectRequest('the request must be an object');
    rejectRequest(postIdProblem((request as { postId?: unknown }).postId));
  };

  setHandler(
    reserveUpdate,
    (request: ReserveRequest): ReserveResult => {
      const next = reserve(ledger, request);
      ledger = next.ledger;
      handled += 1;
      return next.result;
    },
    {
      validator: (request: ReserveRequest): void => {
        validateOpenRequest(request);
        rejectRequest(amountProblem(request.amount));
        rejectRequest(run.amountRule?.(request.amount));
      },
    },
  );

  setHandler(
    releaseUpdate,
    (request: ReleaseRequest): ReleaseResult => {
      const next = release(ledger, request);
      ledger = next.ledger;
      handled += 1;
      return next.result;
    },
    {
      validator: (request: ReleaseRequest): void => {
        validateOpenRequest(request);
        if (typeof request.reason !== 'string' || request.reason.trim() === '') {
          rejectRequest('reason must be a non-empty string');
        }
      },
    },
  );

  setHandler(ledgerViewQuery, view);
  setHandler(closeLedgerSignal, () => {
    closed = true;
  });

  await condition(() => closed || handled >= threshold || workflowInfo().continueAsNewSuggested);
  // Handlers are synchronous, so this holds at once; it guards any handler made async later.
  await condition(allHandlersFinished);
  if (closed) return view();
  return run.continueAsNew({ ...ledger.reservations });
}

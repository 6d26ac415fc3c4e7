import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { ledgerFailure } from '../contract/failureTypes.js';
import {
  closeLedgerSignal,
  type LedgerAnswer,
  type LedgerRequest,
  type LedgerView,
  ledgerAnswerSignal,
  ledgerRequestSignal,
  ledgerViewQuery,
  type ReleaseRequest,
  type ReleaseResult,
  type ReserveRequest,
  type ReserveResult,
  releaseUpdate,
  reserveUpdate,
} from '../contract/ledgerMessages.js';
import {
  amountProblem,
  committed,
  type Ledger,
  openLedger,
  postIdProblem,
  release,
  reserve,
} from '../domain/ledger.js';

/** Requests one run handles before it continues as new, so that its history stays short. */
export const CONTINUE_AS_NEW_AFTER = 1_000;

/**
 * Requests answered per round: each answer is a signal the ledger sends and waits for, and the server
 * allows a workflow a bounded number of those in flight (2,000 by default). The rest wait in the queue.
 */
export const ANSWERS_PER_ROUND = 200;

/** What the budget and the cap workflows tell the one ledger implementation they share. */
export interface LedgerRun {
  ledgerId: string;
  kind: LedgerView['kind'];
  capacity: number;
  /** Committed outside the reservations: the cap's recruits already in post; 0 for a budget. */
  baseline: number;
  reservations?: Record<string, number> | undefined;
  /** Requests received by an earlier run and not yet answered. */
  pending?: LedgerRequest[] | undefined;
  /** Requests before continuing as new; tests lower it, otherwise CONTINUE_AS_NEW_AFTER. */
  continueAsNewAfter?: number | undefined;
  /** A rule on the amount beyond "a non-negative whole number" (the cap: one recruit per post). */
  amountRule?: ((amount: number) => string | undefined) | undefined;
  /** Continues as new with the same input but this state; the workflow's own type checks it. */
  continueAsNew(carried: { reservations: Record<string, number>; pending: LedgerRequest[] }): Promise<never>;
}

function rejectRequest(problem: string | undefined): void {
  if (problem) throw ApplicationFailure.nonRetryable(problem, ledgerFailure.InvalidLedgerRequest);
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
      ledgerFailure.InvalidLedgerInput,
    );
  }
}

/** Why a request cannot be answered with an outcome, or undefined when it can. */
function requestProblem(run: LedgerRun, request: LedgerRequest): string | undefined {
  const idProblem = postIdProblem(request.postId);
  if (idProblem) return idProblem;
  if (request.kind === 'reserve') return amountProblem(request.amount) ?? run.amountRule?.(request.amount);
  if (typeof request.reason !== 'string' || request.reason.trim() === '') {
    return 'reason must be a non-empty string';
  }
  return undefined;
}

/** A signal carries whatever its sender put in it: keep only requests that can be answered at all. */
function isAnswerable(request: unknown): request is LedgerRequest {
  if (typeof request !== 'object' || request === null) return false;
  const { kind, requestId, replyTo } = request as Partial<LedgerRequest>;
  return (
    (kind === 'reserve' || kind === 'release') &&
    typeof requestId === 'string' &&
    typeof replyTo === 'string' &&
    replyTo !== ''
  );
}

/**
 * An entity workflow holding one ledger. Posts send requests as signals; the ledger queues them and
 * answers them in order, a round at a time, by signalling each post back. One loop applies every
 * request, so no two can interleave and the ledger is never over-committed, however many posts ask
 * at once. Reserve and release Updates (synchronous handlers, serialised by Temporal) remain for
 * posts started before requests became signals. It runs until `closeLedgerSignal`, continuing as new
 * (carrying the reservations and unanswered requests) when its history grows long.
 */
export async function runLedger(run: LedgerRun): Promise<LedgerView> {
  let ledger = openRunLedger(run);
  const threshold = run.continueAsNewAfter ?? CONTINUE_AS_NEW_AFTER;
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw ApplicationFailure.nonRetryable(
      `ledger ${run.ledgerId}: continueAsNewAfter must be a positive whole number`,
      ledgerFailure.InvalidLedgerInput,
    );
  }
  let handled = 0;
  let closed = false;
  const queue: LedgerRequest[] = [...(run.pending ?? [])];

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

  /** Applies one signalled request to the ledger and says what came of it. */
  const answer = (request: LedgerRequest): LedgerAnswer => {
    const { requestId } = request;
    if (closed) {
      return { requestId, kind: 'rejected', problem: `ledger ${run.ledgerId} is closed`, closed: true };
    }
    const problem = requestProblem(run, request);
    if (problem) return { requestId, kind: 'rejected', problem, closed: false };
    handled += 1;
    if (request.kind === 'reserve') {
      const next = reserve(ledger, request);
      ledger = next.ledger;
      return { requestId, kind: 'reserve', outcome: next.result };
    }
    const next = release(ledger, request);
    ledger = next.ledger;
    return { requestId, kind: 'release', outcome: next.result };
  };

  /** Answers one round of queued requests and waits until every answer is delivered or undeliverable. */
  const answerRound = async (): Promise<void> => {
    const round = queue.splice(0, ANSWERS_PER_ROUND);
    await Promise.all(
      round.map((request) =>
        getExternalWorkflowHandle(request.replyTo)
          .signal(ledgerAnswerSignal, answer(request))
          // The post has ended since it asked (withdrawn meanwhile): there is nobody to tell.
          .catch(() => undefined),
      ),
    );
  };

  setHandler(ledgerRequestSignal, (request: LedgerRequest) => {
    // A request nobody can be told about is dropped; a signal handler must never throw.
    if (isAnswerable(request)) queue.push(request);
  });

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

  const continueAsNewDue = () => handled >= threshold || workflowInfo().continueAsNewSuggested;
  for (;;) {
    await condition(() => queue.length > 0 || closed || continueAsNewDue());
    // Requests queued before the close are answered (as refused) so that no post waits for ever;
    // when the history is long, the queue is carried over to the next run instead.
    if (queue.length > 0 && (closed || !continueAsNewDue())) {
      await answerRound();
      continue;
    }
    // Handlers are synchronous, so this holds at once; it guards any handler made async later.
    await condition(allHandlersFinished);
    if (closed) return view();
    return run.continueAsNew({ reservations: { ...ledger.reservations }, pending: [...queue] });
  }
}

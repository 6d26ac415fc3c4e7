import {
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { LedgerActivities, LedgerAddress } from '../contract/activities.js';
import { ledgerFailure } from '../contract/failureTypes.js';
import { type LedgerAnswer, type LedgerRequest, ledgerAnswerSignal } from '../contract/ledgerMessages.js';
import type { ReleaseOutcome, ReserveOutcome } from '../domain/ledger.js';

const { sendLedgerRequest } = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** How long a post waits for a ledger's answer before it says so in the log, and then how often. */
const FIRST_WAIT_MS = 60_000;
const LONGEST_WAIT_MS = 15 * 60_000;

type Ask =
  | { kind: 'reserve'; postId: string; amount: number }
  | { kind: 'release'; postId: string; reason: string };

/**
 * A workflow's side of the ledger protocol (contract/ledgerMessages.ts): it sends a request through
 * an activity and waits for the ledger's answer signal. Create it once, at the start of the workflow,
 * so the answer handler is in place before any answer can arrive.
 */
export class LedgerRequests {
  private readonly answers = new Map<string, LedgerAnswer>();

  constructor() {
    setHandler(ledgerAnswerSignal, (answer: LedgerAnswer) => {
      // A duplicate answer (the request was sent twice) changes nothing: the first one stands.
      if (!this.answers.has(answer.requestId)) this.answers.set(answer.requestId, answer);
    });
  }

  async reserve(ledger: LedgerAddress, postId: string, amount: number): Promise<ReserveOutcome> {
    const answer = await this.ask(ledger, { kind: 'reserve', postId, amount });
    // A reservation starts a ledger that never ran, so 'nothing-held' cannot come back for one.
    if (answer === 'nothing-held' || answer.kind !== 'reserve') throw refused(ledger, answer);
    return answer.outcome;
  }

  /** Releases what the post holds; a ledger that never ran, or has ended, holds nothing for it. */
  async release(ledger: LedgerAddress, postId: string, reason: string): Promise<ReleaseOutcome> {
    const answer = await this.ask(ledger, { kind: 'release', postId, reason });
    if (answer === 'nothing-held' || (answer.kind === 'rejected' && answer.closed)) {
      return { released: 0, committed: 0 };
    }
    if (answer.kind !== 'release') throw refused(ledger, answer);
    return answer.outcome;
  }

  private async ask(ledger: LedgerAddress, ask: Ask): Promise<LedgerAnswer | 'nothing-held'> {
    const request = { ...ask, requestId: uuid4(), replyTo: workflowInfo().workflowId } as LedgerRequest;
    // Delivered once: a signal is not lost, and the ledger answers every request it queued (or
    // carries it over when it continues as new). Asking again would only add a second answer.
    const delivery = await sendLedgerRequest({ ledger, request });
    if (delivery === 'missing') return 'nothing-held';
    if (delivery === 'ended') {
      return {
        requestId: request.requestId,
        kind: 'rejected',
        problem: 'the ledger has ended',
        closed: true,
      };
    }
    let waitMs = FIRST_WAIT_MS;
    while (!(await condition(() => this.answers.has(request.requestId), waitMs))) {
      // A ledger that does not answer is stuck (its tasks failing or timing out): say which. The
      // worker's stuck-workflow watch reports the ledger too (workers/stuckWorkflowWatch.ts).
      log.warn('ledger has not answered a request yet', {
        ledgerWorkflowId: ledger.workflowId,
        requestId: request.requestId,
        postId: ask.postId,
        waitedSeconds: waitMs / 1000,
      });
      waitMs = Math.min(waitMs * 2, LONGEST_WAIT_MS);
    }
    return this.answers.get(request.requestId) as LedgerAnswer;
  }
}

function refused(ledger: LedgerAddress, answer: LedgerAnswer | 'nothing-held'): ApplicationFailure {
  if (answer === 'nothing-held' || (answer.kind === 'rejected' && answer.closed)) {
    return ApplicationFailure.nonRetryable(
      `ledger ${ledger.workflowId} has ended`,
      ledgerFailure.LedgerClosed,
    );
  }
  const problem = answer.kind === 'rejected' ? answer.problem : `unexpected answer ${answer.kind}`;
  return ApplicationFailure.nonRetryable(problem, ledgerFailure.LedgerRequestRejected, ledger.workflowId);
}

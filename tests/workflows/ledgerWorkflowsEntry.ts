// The workflows the ledger tests run: the two ledger entity workflows and a test-only caller of
// their activities. Kept apart from workflows/index.ts so the tests bundle only what they need.
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { LedgerActivities, LedgerAddress } from '../../activities/ledgerActivities.js';
import type { ReleaseOutcome, ReserveOutcome } from '../../domain/ledger.js';
import { LedgerRequests } from '../../workflows/ledgerRequests.js';

export { budgetAllocationWorkflow } from '../../workflows/budgetAllocationWorkflow.js';
export { internationalCapWorkflow } from '../../workflows/internationalCapWorkflow.js';

/** The activities that reach a ledger by Update and return its answer (posts started before signals). */
type UpdateActivities = Omit<LedgerActivities, 'sendLedgerRequest'>;

/** One activity call, named as the activity is. */
export type LedgerCall = {
  [Name in keyof UpdateActivities]: { activity: Name; request: Parameters<UpdateActivities[Name]>[0] };
}[keyof UpdateActivities];

export type LedgerCallOutcome =
  | { ok: true; result: Awaited<ReturnType<UpdateActivities[keyof UpdateActivities]>> }
  | { ok: false; type: string | undefined; message: string; nonRetryable: boolean };

const activities = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '100 ms' },
});

/**
 * Calls the ledger activities one after another, as post workflows will, and reports each outcome
 * (a failed activity is reported, not thrown, so a test can see why it failed).
 */
export async function ledgerCallsWorkflow(calls: LedgerCall[]): Promise<LedgerCallOutcome[]> {
  const outcomes: LedgerCallOutcome[] = [];
  for (const call of calls) {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the union of calls is matched to its activity by name.
      const result = await (activities[call.activity] as (request: any) => Promise<any>)(call.request);
      outcomes.push({ ok: true, result });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      const cause = error.cause;
      outcomes.push({
        ok: false,
        type: cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined,
        message: cause?.message ?? error.message,
        nonRetryable: cause instanceof ApplicationFailure && cause.nonRetryable === true,
      });
    }
  }
  return outcomes;
}

/** What one post-like requester asks of a ledger through the signal protocol, and what came back. */
export interface LedgerAsk {
  ledger: LedgerAddress;
  postId: string;
  /** Reserve this amount, then (if set) release with this reason. */
  amount: number;
  releaseReason?: string;
}

export type LedgerAskOutcome =
  | { ok: true; reserve: ReserveOutcome; release?: ReleaseOutcome }
  | { ok: false; type: string | undefined; message: string };

/**
 * Asks a ledger as a post workflow does (workflows/ledgerRequests.ts): a request by signal, the
 * answer by signal. One workflow per requester, so a test can start hundreds at once as a burst.
 */
export async function ledgerAskWorkflow(ask: LedgerAsk): Promise<LedgerAskOutcome> {
  const ledgers = new LedgerRequests();
  try {
    const reserve = await ledgers.reserve(ask.ledger, ask.postId, ask.amount);
    if (ask.releaseReason === undefined) return { ok: true, reserve };
    const release = await ledgers.release(ask.ledger, ask.postId, ask.releaseReason);
    return { ok: true, reserve, release };
  } catch (error) {
    if (!(error instanceof ApplicationFailure)) throw error;
    return { ok: false, type: error.type ?? undefined, message: error.message };
  }
}

/** A workflow whose every workflow task fails (a plain Error is a task failure, retried for ever). */
export async function stuckTaskWorkflow(): Promise<void> {
  throw new Error('this workflow task always fails');
}

// The workflows the ledger tests run: the two ledger entity workflows and a test-only caller of
// their activities. Kept apart from workflows/index.ts so the tests bundle only what they need.
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { LedgerActivities } from '../../activities/ledgerActivities.js';

export { budgetAllocationWorkflow } from '../../workflows/budgetAllocationWorkflow.js';
export { internationalCapWorkflow } from '../../workflows/internationalCapWorkflow.js';

/** One activity call, named as the activity is. */
export type LedgerCall = {
  [Name in keyof LedgerActivities]: { activity: Name; request: Parameters<LedgerActivities[Name]>[0] };
}[keyof LedgerActivities];

export type LedgerCallOutcome =
  | { ok: true; result: Awaited<ReturnType<LedgerActivities[keyof LedgerActivities]>> }
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

import { continueAsNew } from '@temporalio/workflow';
import type { InternationalCapInput, LedgerView } from '../contract/ledgerMessages.js';
import { runLedger } from './ledgerWorkflow.js';

export interface InternationalCapWorkflowInput extends InternationalCapInput {
  /** Requests one run handles before continuing as new (default 1,000); tests lower it. */
  continueAsNewAfter?: number;
}

/**
 * The service's cap on international recruits (the seed: provision for 20, 13 already recruited).
 * The recruits already in post count against the cap from the start; each post on the international
 * route reserves one place and releases it if the route is abandoned or the post ends unfilled.
 */
export async function internationalCapWorkflow(input: InternationalCapWorkflowInput): Promise<LedgerView> {
  return runLedger({
    ledgerId: input.ledgerId,
    kind: 'international-recruits',
    capacity: input.capacity,
    baseline: input.alreadyRecruited,
    reservations: input.reservations,
    pending: input.pending,
    continueAsNewAfter: input.continueAsNewAfter,
    amountRule: (amount) =>
      amount === 1 ? undefined : `amount must be 1: a post is one recruit (got ${amount})`,
    continueAsNew: ({ reservations, pending }) =>
      continueAsNew<typeof internationalCapWorkflow>({ ...input, reservations, pending }),
  });
}

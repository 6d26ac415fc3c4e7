import { continueAsNew } from '@temporalio/workflow';
import type { BudgetAllocationInput, LedgerView } from '../contract/ledgerMessages.js';
import { runLedger } from './ledgerWorkflow.js';

export interface BudgetAllocationWorkflowInput extends BudgetAllocationInput {
  /** Requests one run handles before continuing as new (default 1,000); tests lower it. */
  continueAsNewAfter?: number;
}

/**
 * The budget allocation of one proposal, in pence: posts reserve their annual cost against it and
 * release it when they are rejected or withdrawn. Returns the final ledger once closed.
 */
export async function budgetAllocationWorkflow(input: BudgetAllocationWorkflowInput): Promise<LedgerView> {
  return runLedger({
    ledgerId: input.ledgerId,
    kind: 'budget',
    capacity: input.capacity,
    baseline: 0,
    reservations: input.reservations,
    pending: input.pending,
    continueAsNewAfter: input.continueAsNewAfter,
    continueAsNew: ({ reservations, pending }) =>
      continueAsNew<typeof budgetAllocationWorkflow>({ ...input, reservations, pending }),
  });
}

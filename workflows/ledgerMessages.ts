import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReleaseOutcome, ReserveOutcome } from '../domain/ledger.js';

/**
 * Messages of the two ledger entity workflows: the budget allocation of a proposal (pence) and the
 * service's cap on international recruits (people). Both reserve and release per post, serialised
 * by the workflow, never over-committed; a post reserving again replaces its own reservation.
 */
export interface ReserveRequest {
  postId: string;
  amount: number;
}

/** The ledger's answer to a reservation: domain/ledger.ts decides it. */
export type ReserveResult = ReserveOutcome;

export interface ReleaseRequest {
  postId: string;
  reason: string;
}

export type ReleaseResult = ReleaseOutcome;

export interface LedgerView {
  ledgerId: string;
  kind: 'budget' | 'international-recruits';
  capacity: number;
  committed: number;
  reservations: Record<string, number>;
}

export const reserveUpdate = defineUpdate<ReserveResult, [ReserveRequest]>('reserve');
export const releaseUpdate = defineUpdate<ReleaseResult, [ReleaseRequest]>('release');
export const ledgerViewQuery = defineQuery<LedgerView>('ledgerView');
/** Ends the ledger once nothing can reserve against it any more (all of a proposal's posts ended). */
export const closeLedgerSignal = defineSignal('closeLedger');

export interface BudgetAllocationInput {
  ledgerId: string;
  /** The money the proposal may commit, in pence. */
  capacity: number;
  /** Carried over by continue-as-new. */
  reservations?: Record<string, number>;
}

export interface InternationalCapInput {
  ledgerId: string;
  /** How many international recruits the service may have in all (the seed: 20). */
  capacity: number;
  /** Recruits already in post before this system (the seed: 13), counted against the cap. */
  alreadyRecruited: number;
  reservations?: Record<string, number>;
}

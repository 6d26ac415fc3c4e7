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

/**
 * Reserve and release as Updates: how posts started before ledger requests became signals still
 * reach the ledger (their activities call these). New posts send a `LedgerRequest` instead.
 */
export const reserveUpdate = defineUpdate<ReserveResult, [ReserveRequest]>('reserve');
export const releaseUpdate = defineUpdate<ReleaseResult, [ReleaseRequest]>('release');

/**
 * A post's request to a ledger, sent as a signal (with start, so the first request starts the
 * ledger). Signals are queued by the server and taken by the ledger in batches, however many posts
 * ask at once; Updates were limited to 10 in flight per workflow and met an SDK defect under load
 * (bench/sdkStall/README.md). The ledger answers with `ledgerAnswerSignal` to `replyTo`.
 */
export type LedgerRequest =
  | { kind: 'reserve'; requestId: string; replyTo: string; postId: string; amount: number }
  | { kind: 'release'; requestId: string; replyTo: string; postId: string; reason: string };

/** The ledger's answer to one request; `rejected` when the request was malformed or the ledger closed. */
export type LedgerAnswer =
  | { requestId: string; kind: 'reserve'; outcome: ReserveResult }
  | { requestId: string; kind: 'release'; outcome: ReleaseResult }
  | { requestId: string; kind: 'rejected'; problem: string; closed: boolean };

export const ledgerRequestSignal = defineSignal<[LedgerRequest]>('ledgerRequest');
export const ledgerAnswerSignal = defineSignal<[LedgerAnswer]>('ledgerAnswer');
export const ledgerViewQuery = defineQuery<LedgerView>('ledgerView');
/** Ends the ledger once nothing can reserve against it any more (all of a proposal's posts ended). */
export const closeLedgerSignal = defineSignal('closeLedger');

export interface BudgetAllocationInput {
  ledgerId: string;
  /** The money the proposal may commit, in pence. */
  capacity: number;
  /** Carried over by continue-as-new. */
  reservations?: Record<string, number>;
  /** Requests received but not yet answered, carried over by continue-as-new. */
  pending?: LedgerRequest[];
}

export interface InternationalCapInput {
  ledgerId: string;
  /** How many international recruits the service may have in all (the seed: 20). */
  capacity: number;
  /** Recruits already in post before this system (the seed: 13), counted against the cap. */
  alreadyRecruited: number;
  reservations?: Record<string, number>;
  pending?: LedgerRequest[];
}

/**
 * The activities as the workflows see them: names, requests and results, and nothing of how they are
 * done. The workflows type `proxyActivities` with these, so workflow code compiles without Node's
 * types (tsconfig.workflows.json); activities/ implements them, and the compiler holds the two
 * together (`createActivities(...)` must return a `PostActivities`).
 */
import type { Notification, SendResult } from '../notifications/notifier.js';
import type { PostEvent } from '../schemas/postEvents.js';
import type {
  BudgetAllocationInput,
  InternationalCapInput,
  LedgerRequest,
  ReleaseResult,
  ReserveResult,
} from './ledgerMessages.js';

export interface ReserveBudgetRequest {
  budgetWorkflowId: string;
  /** The proposal's allocation, used only if this call is the one that starts the ledger. */
  allocationPence: number;
  postId: string;
  amountPence: number;
  /** Unique per attempt of the post's workflow to reserve: the Update id, so a retry is deduplicated. */
  requestId: string;
}

export interface ReleaseBudgetRequest {
  budgetWorkflowId: string;
  postId: string;
  reason: string;
  requestId: string;
}

export interface ReserveInternationalRecruitRequest {
  capWorkflowId: string;
  /** The cap and the recruits already in post, used only if this call starts the ledger. */
  cap: number;
  alreadyRecruited: number;
  postId: string;
  requestId: string;
}

export interface ReleaseInternationalRecruitRequest {
  capWorkflowId: string;
  postId: string;
  reason: string;
  requestId: string;
}

/** Which ledger a request goes to, and what starts it if a reservation is the first request it gets. */
export type LedgerAddress =
  | { workflowType: 'budgetAllocationWorkflow'; workflowId: string; start: BudgetAllocationInput }
  | { workflowType: 'internationalCapWorkflow'; workflowId: string; start: InternationalCapInput };

export interface SendLedgerRequest {
  ledger: LedgerAddress;
  request: LedgerRequest;
}

/**
 * What became of sending: `delivered` (the answer comes back as a signal), `ended` (the ledger has
 * closed: it takes nothing more), `missing` (a release to a ledger that never ran: nothing is held).
 */
export type LedgerDelivery = 'delivered' | 'ended' | 'missing';

export interface EventActivities {
  /** Publishes a post's events in order; retried by Temporal, deduplicated downstream by event id. */
  publishPostEvents(batch: PostEvent[]): Promise<void>;
}

export interface LedgerActivities {
  sendLedgerRequest(request: SendLedgerRequest): Promise<LedgerDelivery>;
  reserveBudget(request: ReserveBudgetRequest): Promise<ReserveResult>;
  releaseBudget(request: ReleaseBudgetRequest): Promise<ReleaseResult>;
  reserveInternationalRecruit(request: ReserveInternationalRecruitRequest): Promise<ReserveResult>;
  releaseInternationalRecruit(request: ReleaseInternationalRecruitRequest): Promise<ReleaseResult>;
}

export interface NotificationActivities {
  notify(notification: Notification): Promise<SendResult>;
}

/** Every activity of the posts' worker. */
export interface PostActivities extends EventActivities, LedgerActivities, NotificationActivities {}

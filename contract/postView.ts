import type { Delegation, PostStage } from '../domain/postRules.js';
import type { Actor } from '../schemas/common.js';
import type { ConsultationParty, PostCommand, RecruitmentRoute } from '../schemas/postCommands.js';
import type { PostDetails } from '../schemas/postWorkflowInput.js';

/** One entry of a post's decision history: who, when, on what authority, why. */
export interface DecisionRecord {
  /** The command taken, or a step the workflow took itself (reminder, escalation, budget check). */
  action: string;
  actor: Actor;
  authority: string;
  reason: string;
  at: string;
}

export interface AgencyCover {
  agencyRef: string;
  startsOn: string;
  weeklyCostPence: number;
  fte: number;
}

/** What a query returns: the post's current state and its decision history. */
export interface PostView {
  postId: string;
  proposalId: string;
  details: PostDetails;
  proposedBy: Actor;
  decisionMaker: string;
  deputy: string;
  /** Seen only by its proposer, its decision makers, HR and the people named on it. */
  confidential: boolean;
  /** Re-adverts allowed after an advert with no suitable applicants. */
  maxReadverts: number;
  stage: PostStage;
  /** What the post is waiting for, in words a person understands. */
  waitingFor: string;
  budget: { reservedPence: number; shortfallPence?: number };
  remindersSent: number;
  escalated: boolean;
  overdue: boolean;
  delegations: Delegation[];
  consultation: Partial<
    Record<ConsultationParty, { outcome: 'no-concerns' | 'concerns-raised'; summary: string }>
  >;
  /** `closesAt`: the instant the period closes (posts before December 2026 closed at the hour they opened). */
  callIn?: { endsOn: string; closesAt?: string; calledInBy?: string };
  /** The approval policy's version the post started under (config APPROVAL_POLICY_FILE); absent on older posts. */
  approvalPolicyVersion?: string;
  adverts: { count: number; closesOn?: string; lastSuitable?: number };
  route?: { type: RecruitmentRoute; workflowId: string };
  agencyCover?: AgencyCover;
  filled?: { personRef: string; startsOn: string };
  backfillPostId?: string;
  decisions: DecisionRecord[];
}

export type { PostCommand };

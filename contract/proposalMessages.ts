import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PostStage } from '../domain/postRules.js';
import { type PostSpec, proposalTotals } from '../domain/proposalPosts.js';
import type { Actor } from '../schemas/common.js';
import type { PostLine } from '../schemas/postWorkflowInput.js';
import type { Proposal } from '../schemas/proposal.js';
import { workflowIds } from './workflowIds.js';

export interface ProposalPostSummary {
  postId: string;
  lineNumber: number;
  jobTitle: string;
  grade: string;
  annualCostPence: number;
  fte: number;
  outcome?: PostStage;
}

export interface ProposalView {
  proposalId: string;
  title: string;
  /** Who proposed it and who decides: the people who may see a confidential proposal. */
  author?: { id: string; role: string };
  decisionMaker?: string;
  deputy?: string;
  confidential?: boolean;
  allocationPence: number;
  budgetWorkflowId: string;
  /** What the proposal asks for: the sum of its lines. */
  requested: { costPence: number; fte: number; posts: number };
  posts: ProposalPostSummary[];
  /** How many posts have ended, by how they ended. */
  ended: { filled: number; rejected: number; withdrawn: number };
  /** Lines added after the proposal was made: who added them, when and why. */
  amendments?: ProposalAmendmentRecord[];
}

/** HR adds post lines to a running proposal, against the same allocation, saying why. */
export interface ProposalAmendment {
  actor: Actor;
  lines: PostLine[];
  reason: string;
}

export interface ProposalAmendmentRecord {
  by: Actor;
  at: string;
  reason: string;
  /** The posts the amendment added. */
  postIds: string[];
}

/** Adds lines (and so posts) to the proposal; refused once every post of it has ended. */
export const amendProposalUpdate = defineUpdate<ProposalView, [ProposalAmendment]>('amendProposal');

export const proposalViewQuery = defineQuery<ProposalView>('proposalView');

/** A proposal's view before any of its posts has ended: what it asks for, post by post. */
export function openingProposalView(proposal: Proposal, posts: PostSpec[]): ProposalView {
  return {
    proposalId: proposal.proposalId,
    title: proposal.title,
    author: proposal.author,
    decisionMaker: proposal.decisionMaker,
    deputy: proposal.deputy,
    confidential: proposal.confidential,
    allocationPence: proposal.allocationPence,
    budgetWorkflowId: workflowIds.budget(proposal.proposalId),
    requested: proposalTotals(proposal.lines),
    posts: posts.map((post) => ({
      postId: post.postId,
      lineNumber: post.lineNumber,
      jobTitle: post.details.jobTitle,
      grade: post.details.grade,
      annualCostPence: post.details.annualCostPence,
      fte: post.details.fte,
    })),
    ended: { filled: 0, rejected: 0, withdrawn: 0 },
  };
}

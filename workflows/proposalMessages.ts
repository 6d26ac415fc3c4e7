import { defineQuery } from '@temporalio/workflow';
import type { PostStage } from '../domain/postRules.js';
import { type PostSpec, proposalTotals } from '../domain/proposalPosts.js';
import type { Proposal } from '../schemas/proposal.js';

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
}

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
    budgetWorkflowId: `${proposal.proposalId}.budget`,
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

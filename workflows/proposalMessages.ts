import { defineQuery } from '@temporalio/workflow';
import type { PostStage } from '../domain/postRules.js';

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
  allocationPence: number;
  budgetWorkflowId: string;
  /** What the proposal asks for: the sum of its lines. */
  requested: { costPence: number; fte: number; posts: number };
  posts: ProposalPostSummary[];
  /** How many posts have ended, by how they ended. */
  ended: { filled: number; rejected: number; withdrawn: number };
}

export const proposalViewQuery = defineQuery<ProposalView>('proposalView');

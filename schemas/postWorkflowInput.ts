import { z } from 'zod';
import { actor, fte, pence, postId, proposalId } from './common.js';

/** One line of a proposal's cost table (paragraph 49 of the seed report). */
export const postLine = z.object({
  serviceArea: z.string().trim().min(1).max(200),
  jobTitle: z.string().trim().min(1).max(200),
  grade: z.string().trim().min(1).max(20),
  /** Salary at the top of the grade including on-costs, for one full-time post, in pence. */
  annualCostPence: pence,
  /** How many full-time equivalents the line asks for (29 across the seed's table). */
  fteCount: z.number().gt(0).max(1000),
  jobDescriptionRef: z.string().max(200).optional(),
  justification: z.string().max(10_000).optional(),
});
export type PostLine = z.infer<typeof postLine>;

export const approvalTimings = z.object({
  /** Working days without a decision before the director is reminded. */
  reminderAfterWorkingDays: z.number().int().min(1).max(60).default(5),
});

export const postWorkflowInput = z.object({
  postId,
  proposalId,
  serviceArea: z.string().trim().min(1),
  jobTitle: z.string().trim().min(1),
  grade: z.string().trim().min(1),
  annualCostPence: pence,
  fte,
  proposedBy: actor,
  timings: approvalTimings.default({ reminderAfterWorkingDays: 5 }),
});
export type PostWorkflowInput = z.input<typeof postWorkflowInput>;

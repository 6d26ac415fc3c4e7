import { z } from 'zod';
import { defaultApprovalTimings } from '../domain/postInputDefaults.js';
import { registrationBodies } from '../domain/professionalRegistration.js';
import { actor, fte, pence, postId, proposalId, text, timeOfDay, userId } from './common.js';

/** One line of a proposal's cost table (paragraph 49 of the seed report). */
export const postLine = z.object({
  serviceArea: text(200),
  jobTitle: text(200),
  grade: text(20),
  /** Salary at the top of the grade including on-costs, for one full-time post, in pence. */
  annualCostPence: pence,
  /** How many full-time equivalents the line asks for; a fraction makes a part-time post. */
  fteCount: z.number().gt(0).max(1000),
  jobDescriptionRef: z.string().max(200).optional(),
  justification: z.string().max(10_000).optional(),
});
export type PostLine = z.infer<typeof postLine>;

/** What a post is: the part of its line it fills. */
export const postDetails = z.object({
  serviceArea: text(200),
  jobTitle: text(200),
  grade: text(20),
  /** Annual cost of this post (the line's full-time cost times its FTE), in pence. */
  annualCostPence: pence,
  fte,
  jobDescriptionRef: z.string().max(200).optional(),
  justification: z.string().max(10_000).optional(),
});
export type PostDetails = z.infer<typeof postDetails>;

/**
 * How a post is paid for: from the proposal's allocation (reserved through the budget workflow), or
 * from the existing establishment (a backfill of a post vacated by an internal appointment).
 */
export const funding = z.discriminatedUnion('source', [
  z.object({ source: z.literal('allocation'), budgetWorkflowId: z.string().min(1), allocationPence: pence }),
  z.object({ source: z.literal('existing-establishment'), backfillOf: postId }),
]);

export const postWorkflowInput = z.object({
  postId,
  proposalId,
  /** The proposal's title, carried into PostProposed for the dashboards (absent on older posts). */
  proposalTitle: z.string().max(500).optional(),
  /** The approval policy's version the post started under (config APPROVAL_POLICY_FILE); absent on older posts. */
  approvalPolicyVersion: z.string().min(1).max(200).optional(),
  details: postDetails,
  proposedBy: actor,
  /** Who decides: the director named in the proposal, and the deputy who takes escalations. */
  decisionMaker: userId,
  deputy: userId,
  openForCallIn: z.boolean(),
  /** Seen only by its proposer, its decision makers, HR and the people named on it. */
  confidential: z.boolean().default(false),
  funding,
  /** The service's cap on international recruits, held by an entity workflow. */
  internationalCap: z.object({
    workflowId: z.string().min(1),
    cap: z.number().int().min(0),
    alreadyRecruited: z.number().int().min(0),
  }),
  /** Which professional register an appointee must be on: HCPC for occupational therapists. */
  registrationBody: z.enum(registrationBodies).default('social-work-england'),
  timings: z
    .object({
      reminderAfterWorkingDays: z
        .number()
        .int()
        .min(1)
        .default(defaultApprovalTimings.reminderAfterWorkingDays),
      escalateAfterWorkingDays: z
        .number()
        .int()
        .min(1)
        .default(defaultApprovalTimings.escalateAfterWorkingDays),
      callInWorkingDays: z.number().int().min(1).default(defaultApprovalTimings.callInWorkingDays),
      callInClosingTime: timeOfDay.default(defaultApprovalTimings.callInClosingTime),
      maxReadverts: z.number().int().min(0).default(defaultApprovalTimings.maxReadverts),
    })
    .prefault({}),
});
/** A post's input as older histories hold it: defaults may be missing (domain/postInputDefaults.ts fills them). */
export type PostWorkflowInput = z.input<typeof postWorkflowInput>;
/** A post's input as callers start it now: every default filled, so the history records them. */
export type PostWorkflowSettings = z.infer<typeof postWorkflowInput>;

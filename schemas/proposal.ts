import { z } from 'zod';
import { defaultApprovalTimings } from '../domain/postInputDefaults.js';
import { actor, isoDate, pence, proposalId, text, timeOfDay, userId } from './common.js';
import { postLine } from './postWorkflowInput.js';

/** The approval timetable's fields, each as a proposal may give it. */
const timingFields = {
  /** Working days without a decision before the decision maker is reminded. */
  reminderAfterWorkingDays: z.number().int().min(1).max(60),
  /** Working days without a decision before it is escalated to the deputy. */
  escalateAfterWorkingDays: z.number().int().min(1).max(120),
  /** Working days the decision is open for call-in after publication (the council's rule: 5). */
  callInWorkingDays: z.number().int().min(1).max(30),
  /** When, London time, the call-in period closes on its last working day (the council's rule: 17:00). */
  callInClosingTime: timeOfDay,
  /** Re-adverts allowed after an advert with no suitable applicants. */
  maxReadverts: z.number().int().min(0).max(10),
};

/**
 * The timetable as a request gives it, every field optional and none filled: what it leaves out comes
 * from the approval policy (the call-in settings) or the defaults, at the edge (PostService).
 */
export const approvalTimingsGiven = z.object({
  reminderAfterWorkingDays: timingFields.reminderAfterWorkingDays.optional(),
  escalateAfterWorkingDays: timingFields.escalateAfterWorkingDays.optional(),
  callInWorkingDays: timingFields.callInWorkingDays.optional(),
  callInClosingTime: timingFields.callInClosingTime.optional(),
  maxReadverts: timingFields.maxReadverts.optional(),
});

export type ApprovalTimingsGiven = z.infer<typeof approvalTimingsGiven>;

/** Durations of the approval process, in working days; tests and pilots may shorten them. */
export const approvalTimings = z.object({
  reminderAfterWorkingDays: timingFields.reminderAfterWorkingDays.default(
    defaultApprovalTimings.reminderAfterWorkingDays,
  ),
  escalateAfterWorkingDays: timingFields.escalateAfterWorkingDays.default(
    defaultApprovalTimings.escalateAfterWorkingDays,
  ),
  callInWorkingDays: timingFields.callInWorkingDays.default(defaultApprovalTimings.callInWorkingDays),
  callInClosingTime: timingFields.callInClosingTime.default(defaultApprovalTimings.callInClosingTime),
  maxReadverts: timingFields.maxReadverts.default(defaultApprovalTimings.maxReadverts),
});
export type ApprovalTimings = z.infer<typeof approvalTimings>;

/** A report proposing posts: the seed's "Investment in Children and Families Transition Plan". */
export const proposal = z
  .object({
    proposalId,
    title: text(500),
    service: text(200),
    author: actor,
    decisionMaker: userId,
    /** The deputy who receives escalations when approvals are overdue. */
    deputy: userId,
    /** The funding the proposal may commit, e.g. £1,500,000 in the 2022/23 revenue budget. */
    allocationPence: pence,
    allocationName: text(200),
    openForCallIn: z.boolean(),
    confidential: z.boolean(),
    reportDate: isoDate,
    lines: z.array(postLine).min(1).max(200),
    timings: approvalTimings.prefault({}),
  })
  .strict();
export type Proposal = z.infer<typeof proposal>;
export type ProposalInput = z.input<typeof proposal>;

/** A proposal as someone sends it: its author is whoever is signed in, never a field of the request. */
export const proposalDraft = proposal.omit({ author: true });
export type ProposalDraft = z.infer<typeof proposalDraft>;

/** A proposal and the service settings its posts need. */
export const proposalWorkflowInput = z.object({
  proposal,
  /** The approval policy's version in force when the proposal started: its posts record it. */
  approvalPolicyVersion: z.string().min(1).max(200).optional(),
  /** The service's cap on international recruits (config INTERNATIONAL_RECRUITS_*). */
  internationalCap: z.object({
    workflowId: z.string().min(1),
    cap: z.number().int().min(0),
    alreadyRecruited: z.number().int().min(0),
  }),
});
/** A proposal workflow's input as older histories hold it: its timings may be missing. */
export type ProposalWorkflowInput = z.input<typeof proposalWorkflowInput>;
/** A proposal workflow's input as PostService starts it now: parsed, every default filled. */
export type ProposalWorkflowSettings = z.infer<typeof proposalWorkflowInput>;

import type { PostWorkflowInput, PostWorkflowSettings } from '../schemas/postWorkflowInput.js';
import type {
  ApprovalTimings,
  ProposalWorkflowInput,
  ProposalWorkflowSettings,
} from '../schemas/proposal.js';

/**
 * The approval timetable a proposal or post gets when it names none, in working days. The zod
 * schemas take their defaults from here; so does the workflows' fallback below.
 */
export const defaultApprovalTimings = {
  reminderAfterWorkingDays: 5,
  escalateAfterWorkingDays: 10,
  callInWorkingDays: 5,
  /** London time on the last working day of the call-in period when it closes: 5 pm, as constitutions put it. */
  callInClosingTime: '17:00',
  maxReadverts: 2,
};

/**
 * A post workflow's input with every default filled. The edges (PostService, the API, the CLI, the
 * proposal workflow) fill them before a post starts, so its history records what it runs with and
 * this changes nothing; posts started before that have histories without them and replay through
 * this function, which must keep giving them what the input schema gave them then.
 */
export function withPostInputDefaults(input: PostWorkflowInput): PostWorkflowSettings {
  const { confidential, registrationBody, timings, ...rest } = input;
  return {
    ...rest,
    confidential: confidential ?? false,
    registrationBody: registrationBody ?? 'social-work-england',
    timings: withTimingDefaults(timings),
  };
}

/** A proposal workflow's input with its approval timetable filled (older histories lack it). */
export function withProposalDefaults(input: ProposalWorkflowInput): ProposalWorkflowSettings {
  return { ...input, proposal: { ...input.proposal, timings: withTimingDefaults(input.proposal.timings) } };
}

function withTimingDefaults(
  timings: { [Key in keyof ApprovalTimings]?: ApprovalTimings[Key] | undefined } | undefined,
): ApprovalTimings {
  return {
    reminderAfterWorkingDays:
      timings?.reminderAfterWorkingDays ?? defaultApprovalTimings.reminderAfterWorkingDays,
    escalateAfterWorkingDays:
      timings?.escalateAfterWorkingDays ?? defaultApprovalTimings.escalateAfterWorkingDays,
    callInWorkingDays: timings?.callInWorkingDays ?? defaultApprovalTimings.callInWorkingDays,
    callInClosingTime: timings?.callInClosingTime ?? defaultApprovalTimings.callInClosingTime,
    maxReadverts: timings?.maxReadverts ?? defaultApprovalTimings.maxReadverts,
  };
}

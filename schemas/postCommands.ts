import { z } from 'zod';
import { consultationParties, recruitmentRoutes } from '../domain/postRules.js';
import { actor, isoDate, pence, text, userId } from './common.js';

/** Why a decision was taken is always recorded; a decision without a reason is refused. */
export const reason = text(5_000, 'a reason is required');

/** An opaque reference to a person held in the HR system: never a name or other personal data. */
export const personRef = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/,
    'expected an opaque reference such as cand-0042, not personal data',
  );

/** A command: its type, the actor who sends it (checked again in the workflow) and its fields, nothing else. */
export const command = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.object({ type: z.literal(type), actor, ...shape }).strict();

/**
 * A director's leave delegation that a deputy decides under: set by the service from the staff
 * directory (never by the client), checked again by the workflow against the post and its clock.
 */
export const leaveAuthority = z
  .object({
    delegationId: z.string().min(1).max(100),
    directorId: userId,
    from: isoDate,
    to: isoDate,
    serviceArea: z.string().min(1).max(200).optional(),
  })
  .strict();
export type LeaveAuthority = z.infer<typeof leaveAuthority>;

/** Director (or a delegate, or the deputy after escalation or on leave cover): approve, reject or send back. */
export const decideCommand = command('decide', {
  decision: z.enum(['approve', 'reject', 'send-back']),
  reason,
  onBehalfOf: leaveAuthority.optional(),
});

/** The director lets a deputy decide for a window of dates (inclusive). */
export const delegateCommand = command('delegate', {
  delegateId: userId,
  from: isoDate,
  to: isoDate,
  reason,
}).refine((value) => value.from <= value.to, { path: ['to'], message: 'must not be before from' });

/** HR revises a post that was sent back (or held for budget); it re-enters the budget check. */
export const reviseCommand = command('revise', {
  jobTitle: text(200).optional(),
  grade: text(20).optional(),
  /**
   * The annual cost of one full-time post, including on-costs, in pence: the meaning it has on the
   * proposal form. The post's own cost is this times its FTE.
   */
  fullTimeAnnualCostPence: pence.optional(),
  /** The post's own cost at its FTE: only in revisions sent before full-time costs; never from a client. */
  annualCostPence: pence.optional(),
  justification: z.string().max(10_000).optional(),
  reason,
});

export const consultationParty = z.enum(consultationParties);
export type ConsultationParty = z.infer<typeof consultationParty>;

/** Trade union consultation, Executive Member briefing, equality (EDCI) screening. */
export const recordConsultationCommand = command('record-consultation', {
  party: consultationParty,
  outcome: z.enum(['no-concerns', 'concerns-raised']),
  summary: text(5_000),
});

/** A scrutiny board calls the decision in during the call-in period. */
export const recordCallInCommand = command('record-call-in', {
  board: text(200),
  reason,
});

export const recordCallInOutcomeCommand = command('record-call-in-outcome', {
  outcome: z.enum(['decision-stands', 'decision-overturned']),
  reason,
});

export const advertChannel = z.enum(['council-jobs-page', 'paid-social-media', 'professional-boards']);

export const publishAdvertCommand = command('publish-advert', {
  channels: z.array(advertChannel).min(1),
  opensOn: isoDate,
  closesOn: isoDate,
  ringFence: z.enum(['internal', 'external']),
}).refine((value) => value.opensOn < value.closesOn, {
  path: ['closesOn'],
  message: 'must be after opensOn',
});

export const recordApplicationsCommand = command('record-applications', {
  received: z.number().int().min(0).max(100_000),
  suitable: z.number().int().min(0).max(100_000),
}).refine((value) => value.suitable <= value.received, {
  path: ['suitable'],
  message: 'cannot exceed received',
});

/** Hold a post after an advert found nobody suitable; a later advert or route may pick it up. */
export const holdCommand = command('hold', { reason });

export const recruitmentRoute = z.enum(recruitmentRoutes);
export type RecruitmentRoute = z.infer<typeof recruitmentRoute>;

/** Starts the recruitment route that fills the post. */
export const startRouteCommand = command('start-route', { route: recruitmentRoute, reason });

export const startAgencyCoverCommand = command('start-agency-cover', {
  agencyRef: personRef,
  startsOn: isoDate,
  weeklyCostPence: pence,
  fte: z.number().gt(0).lte(1),
});

export const endAgencyCoverCommand = command('end-agency-cover', { endsOn: isoDate });

/** Withdraw the post at any stage before it is filled; its budget reservation is released. */
export const withdrawCommand = command('withdraw', { reason });

export const postCommand = z.discriminatedUnion('type', [
  decideCommand,
  delegateCommand,
  reviseCommand,
  recordConsultationCommand,
  recordCallInCommand,
  recordCallInOutcomeCommand,
  publishAdvertCommand,
  recordApplicationsCommand,
  holdCommand,
  startRouteCommand,
  startAgencyCoverCommand,
  endAgencyCoverCommand,
  withdrawCommand,
]);
export type PostCommand = z.infer<typeof postCommand>;
export type PostCommandType = PostCommand['type'];
export type PostCommandOf<T extends PostCommandType> = Extract<PostCommand, { type: T }>;

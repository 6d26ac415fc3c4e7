import { z } from 'zod';
import { actor, fte, isoDate, isoInstant, pence, postId, proposalId, timeOfDay, userId } from './common.js';
import { advertChannel, consultationParty, personRef, recruitmentRoute } from './postCommands.js';
import { preEmploymentCheck } from './routeCommands.js';

/**
 * Every change of a post's state is one of these events, published to Kafka keyed by post id.
 * Events only ever gain optional fields; a breaking change is a new `version` with an upcaster.
 * Candidates' personal data is never in an event: people are referenced by opaque ids.
 */
export const eventEnvelope = z.object({
  /** Unique per event; consumers deduplicate on it. Generated deterministically in the workflow. */
  eventId: z.uuid(),
  postId,
  proposalId,
  occurredAt: isoInstant,
  actor,
});

/**
 * One event type. Its `data` tolerates fields it does not know (a loose object) so that adding an
 * optional field in a later release breaks no consumer reading with an older schema.
 */
function postEvent<const Type extends string, Shape extends z.ZodRawShape>(type: Type, data: Shape) {
  return eventEnvelope.extend({
    type: z.literal(type),
    version: z.literal(1),
    data: z.looseObject(data),
  });
}

const reason = z.string();
const stage = z.string();

export const postEventSchemas = [
  postEvent('PostProposed', {
    serviceArea: z.string(),
    jobTitle: z.string(),
    grade: z.string(),
    annualCostPence: pence,
    fte,
    funding: z.enum(['allocation', 'existing-establishment']),
    backfillOf: postId.optional(),
    /**
     * Who decides on the post and who takes its escalations: for consumers that tell people about
     * hand-offs (notifications/dispatcher). Absent from events published before they were added.
     */
    decisionMaker: userId.optional(),
    deputy: userId.optional(),
    /** Whether the decision is open for call-in: a call-in period follows consultation. */
    openForCallIn: z.boolean().optional(),
    /** Set on a confidential post: downstream lists show it only in counts. */
    confidential: z.boolean().optional(),
    /** The title of the post's proposal (the report), so dashboards name it rather than its id. */
    proposalTitle: z.string().max(500).optional(),
    /** The approval policy's version the post started under. Absent from events before December 2026. */
    approvalPolicyVersion: z.string().max(200).optional(),
  }),
  postEvent('BudgetReserved', { amountPence: pence, allocationPence: pence, committedPence: pence }),
  postEvent('BudgetShortfall', {
    amountPence: pence,
    allocationPence: pence,
    committedPence: pence,
    shortfallPence: pence,
  }),
  postEvent('BudgetReleased', { amountPence: pence, reason }),
  postEvent('ApprovalReminderSent', { to: z.string(), workingDaysWaiting: z.number().int().nonnegative() }),
  postEvent('ApprovalEscalated', { to: z.string(), workingDaysWaiting: z.number().int().nonnegative() }),
  postEvent('DecisionDelegated', { delegateId: z.string(), from: isoDate, to: isoDate, reason }),
  postEvent('PostApproved', { authority: z.string(), reason }),
  postEvent('PostRejected', { authority: z.string(), reason, stage }),
  postEvent('PostSentBack', { authority: z.string(), reason }),
  postEvent('PostRevised', {
    jobTitle: z.string(),
    grade: z.string(),
    /** The post's own annual cost at its FTE, after and before the revision. */
    annualCostPence: pence,
    previousAnnualCostPence: pence,
    /** The cost of one full-time post the revision gave, when it gave one. */
    fullTimeAnnualCostPence: pence.optional(),
    reason,
  }),
  postEvent('ConsultationResponseRecorded', {
    party: consultationParty,
    outcome: z.enum(['no-concerns', 'concerns-raised']),
    summary: z.string(),
  }),
  postEvent('ConsultationConcernsResolved', { decision: z.enum(['proceed']), authority: z.string(), reason }),
  postEvent('ConsultationCompleted', {}),
  postEvent('CallInPeriodStarted', {
    /** The last day of the period (London). */
    endsOn: isoDate,
    workingDays: z.number().int().positive(),
    /** The instant the period closes: `closingTime` on `endsOn`, London time. Absent before December 2026. */
    closesAt: isoInstant.optional(),
    /** The time of day, London, on `endsOn` when the period closes. Absent before December 2026. */
    closingTime: timeOfDay.optional(),
  }),
  postEvent('DecisionCalledIn', { board: z.string(), reason }),
  postEvent('CallInOutcomeRecorded', { outcome: z.enum(['decision-stands', 'decision-overturned']), reason }),
  postEvent('CallInPeriodEnded', {}),
  postEvent('AdvertPublished', {
    channels: z.array(advertChannel),
    opensOn: isoDate,
    closesOn: isoDate,
    ringFence: z.enum(['internal', 'external']),
    advertNumber: z.number().int().positive(),
  }),
  postEvent('AdvertClosed', { advertNumber: z.number().int().positive() }),
  postEvent('ApplicationsRecorded', {
    advertNumber: z.number().int().positive(),
    received: z.number().int().nonnegative(),
    suitable: z.number().int().nonnegative(),
  }),
  postEvent('AdvertsExhausted', { adverts: z.number().int().positive() }),
  postEvent('PostHeld', { reason }),
  postEvent('RecruitmentRouteStarted', { route: recruitmentRoute, reason }),
  postEvent('InternationalCapReached', { cap: z.number().int().nonnegative(), recruited: z.number().int() }),
  postEvent('CandidatesShortlisted', { candidateRefs: z.array(personRef) }),
  postEvent('InterviewOutcomeRecorded', {
    candidateRef: personRef,
    outcome: z.enum(['appointable', 'not-appointable']),
  }),
  postEvent('OfferMade', { candidateRef: personRef }),
  postEvent('OfferAccepted', { candidateRef: personRef }),
  postEvent('OfferDeclined', { candidateRef: personRef }),
  postEvent('PreEmploymentCheckRecorded', {
    candidateRef: personRef,
    check: preEmploymentCheck,
    outcome: z.enum(['clear', 'failed']),
    registrationBody: z.enum(['social-work-england', 'hcpc']).optional(),
  }),
  postEvent('CertificateOfSponsorshipAssigned', { candidateRef: personRef, certificateRef: personRef }),
  postEvent('VisaDecisionRecorded', { candidateRef: personRef, outcome: z.enum(['granted', 'refused']) }),
  postEvent('OverseasRegistrationConfirmed', { candidateRef: personRef, registrationRef: personRef }),
  postEvent('RecruitArrived', { candidateRef: personRef, arrivedOn: isoDate }),
  postEvent('RouteEndedUnfilled', { reason }),
  postEvent('ApprenticeEnrolled', {
    employeeRef: personRef,
    provider: z.string(),
    startsOn: isoDate,
    expectedQualificationOn: isoDate,
  }),
  postEvent('ApprenticeQualified', { employeeRef: personRef, qualifiedOn: isoDate }),
  postEvent('StepUpCohortJoined', { traineeRef: personRef, cohort: z.string(), startsOn: isoDate }),
  postEvent('AgencyCoverStarted', { agencyRef: personRef, startsOn: isoDate, weeklyCostPence: pence, fte }),
  postEvent('AgencyCoverEnded', { agencyRef: personRef, endsOn: isoDate, reason }),
  postEvent('PostFilled', { personRef, startsOn: isoDate, route: recruitmentRoute }),
  postEvent('BackfillPostStarted', { backfillPostId: postId, vacatedPostRef: personRef }),
  postEvent('PostWithdrawn', { reason, stage }),
] as const;

export const postEventSchema = z.discriminatedUnion('type', postEventSchemas);
export type PostEvent = z.infer<typeof postEventSchema>;
export type PostEventType = PostEvent['type'];
export type PostEventOf<T extends PostEventType> = Extract<PostEvent, { type: T }>;
export const postEventTypes = postEventSchemas.map((schema) => schema.shape.type.value);

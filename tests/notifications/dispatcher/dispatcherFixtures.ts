import { randomUUID } from 'node:crypto';
import type { PostFacts } from '../../../notifications/dispatcher/postFacts.js';
import type { Actor } from '../../../schemas/common.js';
import { type Person, person } from '../../../schemas/person.js';
import { type PostEventOf, type PostEventType, postEventSchema } from '../../../schemas/postEvents.js';
import { exampleDirectory } from '../../support/exampleDirectory.js';

export const ids = { postId: 'ot-2026.L1.P1', proposalId: 'ot-2026' };
export const system: Actor = { id: 'system', role: 'system' };
export const proposer: Actor = { id: 'hr.sam', role: 'hr' };
/** Another HR officer: records route steps on a post Sam proposed. */
export const hrColleague: Actor = { id: 'hr.alex', role: 'hr' };
export const director: Actor = { id: 'director.julie', role: 'director' };
export const deputy: Actor = { id: 'deputy.farrah', role: 'deputy' };
export const unionRep: Actor = { id: 'union.unison', role: 'union' };

/** Typed by people: must never reach a message. */
export const freeText = 'FREE-TEXT do not copy';
/** A candidate's reference: must never reach a message either. */
export const candidateRef = 'cand-4242';

export const extraPeople: Person[] = [
  person.parse({
    id: 'hr.alex',
    name: 'Alex Moyo',
    email: 'alex.moyo@council.example',
    roles: ['hr'],
    serviceAreas: ['*'],
  }),
  person.parse({
    id: 'union.earlyhelp',
    name: 'Early Help union rep',
    email: 'eh.union@council.example',
    roles: ['union'],
    serviceAreas: ['Early Help'],
  }),
  person.parse({
    id: 'union.gone',
    name: 'Former union rep',
    email: 'gone@council.example',
    roles: ['union'],
    serviceAreas: ['*'],
    active: false,
  }),
  person.parse({
    id: 'equality.twohats',
    name: 'Dana Whitfield',
    email: 'dana.whitfield@council.example',
    roles: ['equality-lead', 'executive-member'],
    serviceAreas: ['Occupational Therapy'],
  }),
];

export const directory = () => exampleDirectory(extraPeople);

/** The facts of a post proposed by Sam for Julie's decision, open for call-in. */
export function factsOfPost(overrides: Partial<PostFacts> = {}): PostFacts {
  return {
    proposalId: ids.proposalId,
    jobTitle: 'Community Occupational Therapist',
    grade: 'PO1',
    serviceArea: 'Occupational Therapy',
    annualCostPence: 4_458_100,
    proposer: proposer.id,
    decisionMaker: director.id,
    deputy: deputy.id,
    openForCallIn: true,
    checksClear: [],
    ...overrides,
  };
}

/** One event, as the workflows publish it (parsed, so a fixture that breaks its schema fails loudly). */
export function anEvent<T extends PostEventType>(
  type: T,
  data: PostEventOf<T>['data'],
  actor: Actor = system,
  occurredAt = '2026-12-02T09:00:00.000Z',
  postIds: { postId: string; proposalId: string } = ids,
): PostEventOf<T> {
  return postEventSchema.parse({
    eventId: randomUUID(),
    ...postIds,
    type,
    version: 1,
    occurredAt,
    actor,
    data,
  }) as PostEventOf<T>;
}

/** Valid data of every event type, free text and candidate references marked to be looked for. */
export const sampleData: { [T in PostEventType]: PostEventOf<T>['data'] } = {
  PostProposed: {
    serviceArea: 'Occupational Therapy',
    jobTitle: 'Community Occupational Therapist',
    grade: 'PO1',
    annualCostPence: 4_458_100,
    fte: 1,
    funding: 'allocation',
    decisionMaker: director.id,
    deputy: deputy.id,
    openForCallIn: true,
  },
  BudgetReserved: { amountPence: 4_458_100, allocationPence: 150_000_000, committedPence: 142_252_800 },
  BudgetShortfall: {
    amountPence: 4_458_100,
    allocationPence: 150_000_000,
    committedPence: 149_336_600,
    shortfallPence: 3_794_700,
  },
  BudgetReleased: { amountPence: 4_458_100, reason: freeText },
  ApprovalReminderSent: { to: director.id, workingDaysWaiting: 5 },
  ApprovalEscalated: { to: deputy.id, workingDaysWaiting: 10 },
  DecisionDelegated: { delegateId: deputy.id, from: '2026-12-02', to: '2026-12-09', reason: freeText },
  PostApproved: { authority: 'director', reason: freeText },
  PostRejected: { authority: 'director', reason: freeText, stage: 'awaiting-approval' },
  PostSentBack: { authority: 'director', reason: freeText },
  PostRevised: {
    jobTitle: 'Community Occupational Therapist',
    grade: 'SO2',
    annualCostPence: 3_886_700,
    previousAnnualCostPence: 4_458_100,
    reason: freeText,
  },
  ConsultationResponseRecorded: { party: 'union', outcome: 'concerns-raised', summary: freeText },
  ConsultationConcernsResolved: { decision: 'proceed', authority: 'director', reason: freeText },
  ConsultationCompleted: {},
  CallInPeriodStarted: { endsOn: '2026-12-09', workingDays: 5 },
  DecisionCalledIn: { board: freeText, reason: freeText },
  CallInOutcomeRecorded: { outcome: 'decision-stands', reason: freeText },
  CallInPeriodEnded: {},
  AdvertPublished: {
    channels: ['council-jobs-page'],
    opensOn: '2026-12-02',
    closesOn: '2026-12-16',
    ringFence: 'external',
    advertNumber: 1,
  },
  AdvertClosed: { advertNumber: 1 },
  ApplicationsRecorded: { advertNumber: 1, received: 4, suitable: 1 },
  AdvertsExhausted: { adverts: 3 },
  PostHeld: { reason: freeText },
  RecruitmentRouteStarted: { route: 'standard', reason: freeText },
  InternationalCapReached: { cap: 20, recruited: 20 },
  CandidatesShortlisted: { candidateRefs: [candidateRef] },
  InterviewOutcomeRecorded: { candidateRef, outcome: 'appointable' },
  OfferMade: { candidateRef },
  OfferAccepted: { candidateRef },
  OfferDeclined: { candidateRef },
  PreEmploymentCheckRecorded: { candidateRef, check: 'references', outcome: 'failed' },
  CertificateOfSponsorshipAssigned: { candidateRef, certificateRef: 'cos-4242' },
  VisaDecisionRecorded: { candidateRef, outcome: 'refused' },
  OverseasRegistrationConfirmed: { candidateRef, registrationRef: 'swe-4242' },
  RecruitArrived: { candidateRef, arrivedOn: '2027-01-04' },
  RouteEndedUnfilled: { reason: freeText },
  ApprenticeEnrolled: {
    employeeRef: 'emp-4242',
    provider: freeText,
    startsOn: '2027-01-04',
    expectedQualificationOn: '2029-07-31',
  },
  ApprenticeQualified: { employeeRef: 'emp-4242', qualifiedOn: '2029-07-31' },
  StepUpCohortJoined: { traineeRef: 'trainee-4242', cohort: freeText, startsOn: '2027-01-04' },
  AgencyCoverStarted: { agencyRef: 'agency-4242', startsOn: '2026-12-02', weeklyCostPence: 180_000, fte: 1 },
  AgencyCoverEnded: { agencyRef: 'agency-4242', endsOn: '2027-01-04', reason: freeText },
  PostFilled: { personRef: candidateRef, startsOn: '2027-01-04', route: 'standard' },
  BackfillPostStarted: { backfillPostId: 'ot-2026.L1.P1.backfill', vacatedPostRef: 'post-4242' },
  PostWithdrawn: { reason: freeText, stage: 'advertised' },
};

import { randomUUID } from 'node:crypto';
import type { Actor } from '../../schemas/common.js';
import type { BaselineRow, EstablishmentBaselineRecorded } from '../../schemas/establishmentEvents.js';
import type { RecruitmentRoute } from '../../schemas/postCommands.js';
import type { PostEventOf, PostEventType } from '../../schemas/postEvents.js';
import { director, hrOfficer } from '../support/postFixtures.js';

const system: Actor = { id: 'system', role: 'system' };

/** 09:00 UTC on the given number of days after 1 July 2022 (the seed report is dated 30 June 2022). */
export function day(days: number): string {
  return new Date(Date.UTC(2022, 6, 1, 9) + days * 86_400_000).toISOString();
}

export function event<T extends PostEventType>(
  type: T,
  ids: { postId: string; proposalId: string },
  occurredAt: string,
  data: PostEventOf<T>['data'],
  actor: Actor = system,
): PostEventOf<T> {
  return { eventId: randomUUID(), ...ids, type, version: 1, occurredAt, actor, data } as PostEventOf<T>;
}

export interface PostLineDetails {
  serviceArea: string;
  grade: string;
  fte: number;
  annualCostPence: number;
  jobTitle?: string;
  /** The proposal's title, as PostProposed carries it from this release on. */
  proposalTitle?: string;
  confidential?: boolean;
}

/** Hand-written events of one post, each at a given day, in the shapes the workflows publish. */
export function postEvents(postId: string, proposalId = 'seed-2022') {
  const ids = { postId, proposalId };
  return {
    ids,
    proposed: (
      on: number,
      details: PostLineDetails,
      funding: 'allocation' | 'existing-establishment' = 'allocation',
    ) =>
      event(
        'PostProposed',
        ids,
        day(on),
        {
          serviceArea: details.serviceArea,
          jobTitle: details.jobTitle ?? 'Social worker',
          grade: details.grade,
          annualCostPence: details.annualCostPence,
          fte: details.fte,
          funding,
          ...(details.proposalTitle === undefined ? {} : { proposalTitle: details.proposalTitle }),
          ...(details.confidential ? { confidential: true } : {}),
        },
        hrOfficer,
      ),
    reserved: (
      on: number,
      amountPence: number,
      allocationPence = 150_000_000,
      committedPence = amountPence,
    ) => event('BudgetReserved', ids, day(on), { amountPence, allocationPence, committedPence }),
    shortfall: (on: number, amountPence: number, allocationPence: number, committedPence: number) =>
      event('BudgetShortfall', ids, day(on), {
        amountPence,
        allocationPence,
        committedPence,
        shortfallPence: amountPence + committedPence - allocationPence,
      }),
    released: (on: number, amountPence: number, reason = 'withdrawn') =>
      event('BudgetReleased', ids, day(on), { amountPence, reason }),
    reminded: (on: number, workingDaysWaiting = 5) =>
      event('ApprovalReminderSent', ids, day(on), { to: director.id, workingDaysWaiting }),
    escalated: (on: number, workingDaysWaiting = 10) =>
      event('ApprovalEscalated', ids, day(on), { to: 'deputy.farrah', workingDaysWaiting }),
    approved: (on: number) =>
      event('PostApproved', ids, day(on), { authority: 'director', reason: 'In budget' }, director),
    rejected: (on: number, stage = 'awaiting-approval') =>
      event(
        'PostRejected',
        ids,
        day(on),
        { authority: 'director', reason: 'Funded elsewhere', stage },
        director,
      ),
    sentBack: (on: number) =>
      event('PostSentBack', ids, day(on), { authority: 'director', reason: 'Use SO1' }, director),
    revised: (on: number, grade: string, annualCostPence: number, previousAnnualCostPence: number) =>
      event(
        'PostRevised',
        ids,
        day(on),
        {
          jobTitle: 'Occupational therapist',
          grade,
          annualCostPence,
          previousAnnualCostPence,
          reason: 'Regraded',
        },
        hrOfficer,
      ),
    consulted: (on: number, party: 'union' | 'executive-member' | 'equality', concerns = false) =>
      event('ConsultationResponseRecorded', ids, day(on), {
        party,
        outcome: concerns ? 'concerns-raised' : 'no-concerns',
        summary: concerns ? 'Caseloads first' : 'Welcomed',
      }),
    concernsResolved: (on: number) =>
      event(
        'ConsultationConcernsResolved',
        ids,
        day(on),
        { decision: 'proceed', authority: 'director', reason: 'Caseload plan agreed' },
        director,
      ),
    consultationCompleted: (on: number) => event('ConsultationCompleted', ids, day(on), {}),
    callInStarted: (on: number) =>
      event('CallInPeriodStarted', ids, day(on), { endsOn: day(on + 7).slice(0, 10), workingDays: 5 }),
    calledIn: (on: number) =>
      event('DecisionCalledIn', ids, day(on), {
        board: 'Children and Families Scrutiny Board',
        reason: 'Cost',
      }),
    callInOutcome: (on: number, outcome: 'decision-stands' | 'decision-overturned') =>
      event('CallInOutcomeRecorded', ids, day(on), { outcome, reason: 'Board met' }),
    callInEnded: (on: number) => event('CallInPeriodEnded', ids, day(on), {}),
    advertised: (on: number, advertNumber = 1) =>
      event(
        'AdvertPublished',
        ids,
        day(on),
        {
          channels: ['council-jobs-page'],
          opensOn: day(on).slice(0, 10),
          closesOn: day(on + 14).slice(0, 10),
          ringFence: 'external',
          advertNumber,
        },
        hrOfficer,
      ),
    advertClosed: (on: number, advertNumber = 1) => event('AdvertClosed', ids, day(on), { advertNumber }),
    applications: (on: number, suitable: number, advertNumber = 1) =>
      event(
        'ApplicationsRecorded',
        ids,
        day(on),
        { advertNumber, received: suitable + 2, suitable },
        hrOfficer,
      ),
    held: (on: number) => event('PostHeld', ids, day(on), { reason: 'Restructure' }, hrOfficer),
    routeStarted: (on: number, route: RecruitmentRoute) =>
      event('RecruitmentRouteStarted', ids, day(on), { route, reason: 'Suitable applicants' }, hrOfficer),
    capReached: (on: number, cap: number, recruited: number) =>
      event('InternationalCapReached', ids, day(on), { cap, recruited }, hrOfficer),
    routeEndedUnfilled: (on: number) =>
      event('RouteEndedUnfilled', ids, day(on), { reason: 'No appointable candidate' }, hrOfficer),
    apprenticeEnrolled: (on: number) =>
      event(
        'ApprenticeEnrolled',
        ids,
        day(on),
        {
          employeeRef: 'emp-5521',
          provider: 'Leeds Beckett University',
          startsOn: day(on).slice(0, 10),
          expectedQualificationOn: day(on + 730).slice(0, 10),
        },
        hrOfficer,
      ),
    apprenticeQualified: (on: number) =>
      event('ApprenticeQualified', ids, day(on), {
        employeeRef: 'emp-5521',
        qualifiedOn: day(on).slice(0, 10),
      }),
    agencyCoverStarted: (on: number, fte: number, weeklyCostPence: number) =>
      event(
        'AgencyCoverStarted',
        ids,
        day(on),
        { agencyRef: 'agency-17', startsOn: day(on).slice(0, 10), weeklyCostPence, fte },
        hrOfficer,
      ),
    agencyCoverEnded: (on: number) =>
      event('AgencyCoverEnded', ids, day(on), {
        agencyRef: 'agency-17',
        endsOn: day(on).slice(0, 10),
        reason: 'x',
      }),
    filled: (on: number, route: RecruitmentRoute = 'standard') =>
      event('PostFilled', ids, day(on), { personRef: 'cand-0042', startsOn: day(on).slice(0, 10), route }),
    withdrawn: (on: number, stage = 'recruiting') =>
      event('PostWithdrawn', ids, day(on), { reason: 'No longer needed', stage }, hrOfficer),
  };
}

/** An establishment baseline as HR records it: the seed's is 500 FTE, 71.5 vacant, on 30 June 2022. */
export function baselineRecorded(
  asOf: string,
  rows: BaselineRow[],
  occurredAt = day(0),
  actor: Actor = hrOfficer,
): EstablishmentBaselineRecorded {
  return {
    eventId: randomUUID(),
    type: 'EstablishmentBaselineRecorded',
    version: 1,
    occurredAt,
    actor,
    data: { asOf, source: 'Scrutiny board minute', rows },
  };
}

/** The event as the publisher puts it on the topic. */
export const asMessage = (value: object) => JSON.stringify(value);

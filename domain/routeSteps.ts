/**
 * The rules of a recruitment route (docs/domain.md, step 7): which step comes next, who may record it, and
 * which events it produces. Pure: no Temporal, no clock, no I/O, so the route workflow can run the
 * very same rules in its Update validator (to refuse a command before it enters history) and in its
 * handler, and the HR pages can show what the route accepts now.
 *
 * A state is never changed in place: every accepted command returns a new one.
 */
import type { RecruitmentRoute } from '../schemas/postCommands.js';
import type { PostEventOf } from '../schemas/postEvents.js';
import type { PreEmploymentCheck, RouteCommandType, VacatedPost } from '../schemas/routeCommands.js';
import type { RefusalKind } from './postRules.js';
import type { RegistrationBody } from './professionalRegistration.js';

export type { RegistrationBody };

export interface RouteState {
  route: RecruitmentRoute;
  /** The register the appointee must be on: HCPC for occupational therapists. */
  registrationBody: RegistrationBody;
  shortlisted: string[];
  appointable: string[];
  notAppointable: string[];
  /** Candidates who declined an offer: not offered this post again. */
  declined: string[];
  /** Candidates whose accepted offer was withdrawn on a failed pre-employment check. */
  withdrawn: string[];
  offer?: { candidateRef: string; accepted: boolean };
  /** The checks of the candidate who accepted; a failed check withdraws the offer and clears these. */
  checks: Partial<Record<PreEmploymentCheck, 'clear'>>;
  /** International route: sponsorship, visa, overseas registration and arrival of the accepted candidate. */
  sponsorship?: { certificateRef: string; visaGranted?: true; registrationRef?: string; arrivedOn?: string };
  filled?: { personRef: string; startsOn: string; vacatedPost?: VacatedPost };
  /** Apprenticeship only: the milestone after the post is filled. */
  qualifiedOn?: string;
  unfilledReason?: string;
}

export type RouteStep =
  | 'shortlisting'
  | 'interviewing'
  | 'offering'
  | 'awaiting-offer-response'
  | 'no-appointable-candidate'
  | 'sponsorship'
  | 'visa-decision'
  | 'overseas-registration'
  | 'arrival'
  | 'pre-employment-checks'
  | 'awaiting-start'
  | 'awaiting-enrolment'
  | 'in-training'
  | 'qualified'
  | 'awaiting-cohort'
  | 'filled'
  | 'unfilled';

type RouteEventType =
  | 'CandidatesShortlisted'
  | 'InterviewOutcomeRecorded'
  | 'OfferMade'
  | 'OfferAccepted'
  | 'OfferDeclined'
  | 'PreEmploymentCheckRecorded'
  | 'CertificateOfSponsorshipAssigned'
  | 'VisaDecisionRecorded'
  | 'OverseasRegistrationConfirmed'
  | 'RecruitArrived'
  | 'ApprenticeEnrolled'
  | 'ApprenticeQualified'
  | 'StepUpCohortJoined'
  | 'RouteEndedUnfilled';

/** An event a route step produces, without its envelope (the workflow adds id, time and actor). */
export type RouteEvent = { [T in RouteEventType]: { type: T; data: PostEventOf<T>['data'] } }[RouteEventType];

export interface RouteStepResult {
  state: RouteState;
  events: RouteEvent[];
  /** Set by the command that fills the post, or ends the route without filling it. */
  outcome?: 'filled' | 'unfilled';
}

/** A command the route refuses, with the problem in words HR understands. */
export class RouteRuleError extends Error {
  override readonly name = 'RouteRuleError';
  constructor(
    message: string,
    readonly kind: RefusalKind = 'conflict',
  ) {
    super(message);
  }
}

const selectionSteps: RouteCommandType[] = [
  'shortlist',
  'record-interview',
  'make-offer',
  'record-offer-response',
  'record-check',
  'confirm-start',
  'end-unfilled',
];

export const stepsOfRoute: Record<RecruitmentRoute, readonly RouteCommandType[]> = {
  standard: selectionSteps,
  internal: selectionSteps,
  international: [
    ...selectionSteps,
    'assign-certificate-of-sponsorship',
    'record-visa-decision',
    'confirm-overseas-registration',
    'record-arrival',
  ],
  apprenticeship: ['enrol-apprentice', 'record-qualification'],
  'step-up': ['join-step-up-cohort'],
};

/** The checks before an appointee starts, in the order HR usually clears them; the schema's enum. */
export const preEmploymentChecks = [
  'references',
  'enhanced-dbs-barred-list',
  'right-to-work',
  'professional-registration',
] as const;

export function initialRouteState(input: {
  route: RecruitmentRoute;
  registrationBody: RegistrationBody;
}): RouteState {
  return {
    route: input.route,
    registrationBody: input.registrationBody,
    shortlisted: [],
    appointable: [],
    notAppointable: [],
    declined: [],
    withdrawn: [],
    checks: {},
  };
}

/** Shortlisted candidates whose interview outcome is not yet recorded. */
export function awaitingInterview(state: RouteState): string[] {
  return state.shortlisted.filter(
    (ref) => !state.appointable.includes(ref) && !state.notAppointable.includes(ref),
  );
}

/** Appointable candidates who may still be offered the post. */
export function offerableCandidates(state: RouteState): string[] {
  return state.appointable.filter((ref) => !state.declined.includes(ref) && !state.withdrawn.includes(ref));
}

export function outstandingChecks(state: RouteState): PreEmploymentCheck[] {
  return preEmploymentChecks.filter((check) => state.checks[check] !== 'clear');
}

export function routeStep(state: RouteState): RouteStep {
  if (state.unfilledReason !== undefined) return 'unfilled';
  if (state.route === 'apprenticeship') {
    if (!state.filled) return 'awaiting-enrolment';
    return state.qualifiedOn === undefined ? 'in-training' : 'qualified';
  }
  if (state.route === 'step-up') return state.filled ? 'filled' : 'awaiting-cohort';
  if (state.filled) return 'filled';
  if (state.shortlisted.length === 0) return 'shortlisting';
  if (state.offer && !state.offer.accepted) return 'awaiting-offer-response';
  if (state.offer?.accepted) {
    if (state.route === 'international') {
      const sponsorship = state.sponsorship;
      if (!sponsorship) return 'sponsorship';
      if (!sponsorship.visaGranted) return 'visa-decision';
      if (sponsorship.registrationRef === undefined) return 'overseas-registration';
      if (sponsorship.arrivedOn === undefined) return 'arrival';
    }
    return outstandingChecks(state).length > 0 ? 'pre-employment-checks' : 'awaiting-start';
  }
  if (offerableCandidates(state).length > 0) return 'offering';
  if (awaitingInterview(state).length > 0) return 'interviewing';
  return 'no-appointable-candidate';
}

/** Whether the route has nothing left to do: ended unfilled, or filled (an apprentice also qualified). */
export function routeComplete(state: RouteState): boolean {
  const step = routeStep(state);
  return step === 'unfilled' || step === 'filled' || step === 'qualified';
}

/** The commands the route accepts now (for someone in HR): what the HR page offers. */
export function acceptedCommands(state: RouteState): RouteCommandType[] {
  const interviews: RouteCommandType[] = awaitingInterview(state).length > 0 ? ['record-interview'] : [];
  // A selection route may be ended without an appointment at any step before the start date.
  const endable: RouteCommandType[] = ['end-unfilled'];
  switch (routeStep(state)) {
    case 'shortlisting':
      return ['shortlist', ...endable];
    case 'interviewing':
      return [...interviews, ...endable];
    case 'offering':
      return ['make-offer', ...interviews, ...endable];
    case 'awaiting-offer-response':
      return ['record-offer-response', ...interviews, ...endable];
    case 'sponsorship':
      return ['assign-certificate-of-sponsorship', ...endable];
    case 'visa-decision':
      return ['record-visa-decision', ...endable];
    case 'overseas-registration':
      return ['confirm-overseas-registration', ...endable];
    case 'arrival':
      return ['record-arrival', ...endable];
    case 'pre-employment-checks':
      return ['record-check', ...endable];
    case 'awaiting-start':
      return ['confirm-start', ...endable];
    case 'awaiting-enrolment':
      return ['enrol-apprentice'];
    case 'in-training':
      return ['record-qualification'];
    case 'awaiting-cohort':
      return ['join-step-up-cohort'];
    case 'no-appointable-candidate':
      return ['end-unfilled'];
    case 'filled':
    case 'qualified':
    case 'unfilled':
      return [];
  }
}

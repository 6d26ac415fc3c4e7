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
import type {
  PreEmploymentCheck,
  RouteCommand,
  RouteCommandType,
  VacatedPost,
} from '../schemas/routeCommands.js';
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

const stepsOfRoute: Record<RecruitmentRoute, readonly RouteCommandType[]> = {
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

/** Applies one command, or throws a RouteRuleError naming why it is refused. */
export function applyRouteCommand(state: RouteState, command: RouteCommand): RouteStepResult {
  if (command.actor.role !== 'hr') {
    throw new RouteRuleError(
      `only HR records recruitment route steps, not ${command.actor.role}`,
      'forbidden',
    );
  }
  refuseIfComplete(state);
  if (!stepsOfRoute[state.route].includes(command.type)) {
    throw new RouteRuleError(`${command.type} is not a step of the ${state.route} route`);
  }
  const next: RouteState = { ...state };
  switch (command.type) {
    case 'end-unfilled': {
      next.unfilledReason = command.reason;
      return done(next, { type: 'RouteEndedUnfilled', data: { reason: command.reason } }, 'unfilled');
    }
    case 'shortlist': {
      if (state.shortlisted.length > 0) throw new RouteRuleError('the shortlist is already recorded');
      const twice = command.candidateRefs.find((ref, at) => command.candidateRefs.indexOf(ref) !== at);
      if (twice !== undefined) throw new RouteRuleError(`${twice} is on the shortlist twice`);
      next.shortlisted = [...command.candidateRefs];
      return done(next, {
        type: 'CandidatesShortlisted',
        data: { candidateRefs: [...command.candidateRefs] },
      });
    }
    case 'record-interview': {
      const { candidateRef, outcome } = command;
      if (state.shortlisted.length === 0) throw new RouteRuleError('no candidates have been shortlisted yet');
      if (!state.shortlisted.includes(candidateRef))
        throw new RouteRuleError(`${candidateRef} was not shortlisted`);
      if (!awaitingInterview(state).includes(candidateRef)) {
        throw new RouteRuleError(`the interview of ${candidateRef} is already recorded`);
      }
      if (state.offer?.accepted) {
        throw new RouteRuleError(`interviews are over: ${state.offer.candidateRef} has accepted the offer`);
      }
      if (outcome === 'appointable') next.appointable = [...state.appointable, candidateRef];
      else next.notAppointable = [...state.notAppointable, candidateRef];
      return done(next, { type: 'InterviewOutcomeRecorded', data: { candidateRef, outcome } });
    }
    case 'make-offer': {
      const { candidateRef } = command;
      if (state.offer?.accepted)
        throw new RouteRuleError(`${state.offer.candidateRef} has already accepted an offer`);
      if (state.offer) {
        throw new RouteRuleError(
          `the offer to ${state.offer.candidateRef} is still open: record its response first`,
        );
      }
      if (!state.shortlisted.includes(candidateRef))
        throw new RouteRuleError(`${candidateRef} was not shortlisted`);
      if (state.notAppointable.includes(candidateRef)) {
        throw new RouteRuleError(`${candidateRef} was found not appointable at interview`);
      }
      if (!state.appointable.includes(candidateRef)) {
        throw new RouteRuleError(`${candidateRef} has not been interviewed yet`);
      }
      if (state.declined.includes(candidateRef))
        throw new RouteRuleError(`${candidateRef} has declined this post`);
      if (state.withdrawn.includes(candidateRef)) {
        throw new RouteRuleError(
          `the offer to ${candidateRef} was withdrawn after a failed pre-employment check`,
        );
      }
      next.offer = { candidateRef, accepted: false };
      return done(next, { type: 'OfferMade', data: { candidateRef } });
    }
    case 'record-offer-response': {
      const { candidateRef, response } = command;
      if (!state.offer) throw new RouteRuleError('no offer is open');
      if (state.offer.accepted)
        throw new RouteRuleError(`${state.offer.candidateRef} has already accepted the offer`);
      if (state.offer.candidateRef !== candidateRef) {
        throw new RouteRuleError(`the open offer is to ${state.offer.candidateRef}, not ${candidateRef}`);
      }
      if (response === 'accepted') {
        next.offer = { candidateRef, accepted: true };
        return done(next, { type: 'OfferAccepted', data: { candidateRef } });
      }
      delete next.offer;
      next.declined = [...state.declined, candidateRef];
      return done(next, { type: 'OfferDeclined', data: { candidateRef } });
    }
    case 'assign-certificate-of-sponsorship': {
      const candidateRef = acceptedCandidate(state);
      if (state.sponsorship) {
        throw new RouteRuleError(`a certificate of sponsorship is already assigned to ${candidateRef}`);
      }
      next.sponsorship = { certificateRef: command.certificateRef };
      return done(next, {
        type: 'CertificateOfSponsorshipAssigned',
        data: { candidateRef, certificateRef: command.certificateRef },
      });
    }
    case 'record-visa-decision': {
      const candidateRef = acceptedCandidate(state);
      const sponsorship = state.sponsorship;
      if (!sponsorship)
        throw new RouteRuleError(`no certificate of sponsorship is assigned to ${candidateRef} yet`);
      if (sponsorship.visaGranted) throw new RouteRuleError(`the visa of ${candidateRef} is already granted`);
      const event: RouteEvent = {
        type: 'VisaDecisionRecorded',
        data: { candidateRef, outcome: command.outcome },
      };
      if (command.outcome === 'refused') {
        next.unfilledReason = `the Skilled Worker visa of ${candidateRef} was refused`;
        return done(next, event, 'unfilled');
      }
      next.sponsorship = { ...sponsorship, visaGranted: true };
      return done(next, event);
    }
    case 'confirm-overseas-registration': {
      const candidateRef = acceptedCandidate(state);
      const sponsorship = state.sponsorship;
      if (!sponsorship?.visaGranted)
        throw new RouteRuleError(`the visa of ${candidateRef} is not granted yet`);
      if (sponsorship.registrationRef !== undefined) {
        throw new RouteRuleError(`the overseas registration of ${candidateRef} is already confirmed`);
      }
      next.sponsorship = { ...sponsorship, registrationRef: command.registrationRef };
      return done(next, {
        type: 'OverseasRegistrationConfirmed',
        data: { candidateRef, registrationRef: command.registrationRef },
      });
    }
    case 'record-arrival': {
      const candidateRef = acceptedCandidate(state);
      const sponsorship = state.sponsorship;
      if (sponsorship?.registrationRef === undefined) {
        throw new RouteRuleError(`the overseas registration of ${candidateRef} is not confirmed yet`);
      }
      if (sponsorship.arrivedOn !== undefined) {
        throw new RouteRuleError(`${candidateRef} has already arrived (${sponsorship.arrivedOn})`);
      }
      next.sponsorship = { ...sponsorship, arrivedOn: command.arrivedOn };
      return done(next, { type: 'RecruitArrived', data: { candidateRef, arrivedOn: command.arrivedOn } });
    }
    case 'record-check':
      return recordCheck(state, next, command);
    case 'confirm-start': {
      const candidateRef = acceptedCandidate(state);
      if (command.personRef !== candidateRef) {
        throw new RouteRuleError(`${command.personRef} did not accept the offer: ${candidateRef} did`);
      }
      const arrivedOn = state.sponsorship?.arrivedOn;
      if (state.route === 'international' && arrivedOn === undefined) {
        throw new RouteRuleError(`${candidateRef} has not arrived yet`);
      }
      const outstanding = outstandingChecks(state);
      if (outstanding.length > 0) {
        throw new RouteRuleError(
          outstanding.length === 1
            ? `the ${outstanding[0]} check is not yet clear`
            : `the ${outstanding.join(', ')} checks are not yet clear`,
        );
      }
      if (arrivedOn !== undefined && command.startsOn < arrivedOn) {
        throw new RouteRuleError(
          `${candidateRef} cannot start (${command.startsOn}) before arriving (${arrivedOn})`,
        );
      }
      if (state.route === 'internal' && !command.vacatedPost) {
        throw new RouteRuleError(
          'an internal appointment must name the post the appointee vacates (vacatedPost)',
        );
      }
      if (state.route !== 'internal' && command.vacatedPost) {
        throw new RouteRuleError(`only an internal appointment vacates a post, not the ${state.route} route`);
      }
      next.filled = {
        personRef: candidateRef,
        startsOn: command.startsOn,
        ...(command.vacatedPost ? { vacatedPost: command.vacatedPost } : {}),
      };
      // The post itself publishes PostFilled (and starts the backfill) when the route tells it.
      return { state: next, events: [], outcome: 'filled' };
    }
    case 'enrol-apprentice': {
      if (state.filled) throw new RouteRuleError(`${state.filled.personRef} is already enrolled`);
      const { employeeRef, provider, startsOn, expectedQualificationOn } = command;
      next.filled = { personRef: employeeRef, startsOn };
      return done(
        next,
        { type: 'ApprenticeEnrolled', data: { employeeRef, provider, startsOn, expectedQualificationOn } },
        'filled',
      );
    }
    case 'record-qualification': {
      const filled = state.filled;
      if (!filled) throw new RouteRuleError('no apprentice is enrolled yet');
      if (command.qualifiedOn < filled.startsOn) {
        throw new RouteRuleError(
          `${filled.personRef} cannot qualify (${command.qualifiedOn}) before the apprenticeship starts (${filled.startsOn})`,
        );
      }
      next.qualifiedOn = command.qualifiedOn;
      return done(next, {
        type: 'ApprenticeQualified',
        data: { employeeRef: filled.personRef, qualifiedOn: command.qualifiedOn },
      });
    }
    case 'join-step-up-cohort': {
      const { traineeRef, cohort, startsOn } = command;
      next.filled = { personRef: traineeRef, startsOn };
      return done(next, { type: 'StepUpCohortJoined', data: { traineeRef, cohort, startsOn } }, 'filled');
    }
  }
}

function recordCheck(
  state: RouteState,
  next: RouteState,
  command: Extract<RouteCommand, { type: 'record-check' }>,
): RouteStepResult {
  const candidateRef = acceptedCandidate(state);
  const { check, outcome, registrationBody } = command;
  if (state.route === 'international' && state.sponsorship?.arrivedOn === undefined) {
    throw new RouteRuleError(`${candidateRef} has not arrived yet: pre-employment checks follow arrival`);
  }
  if (state.checks[check] === 'clear') throw new RouteRuleError(`the ${check} check is already clear`);
  if (check === 'professional-registration') {
    if (registrationBody === undefined) {
      throw new RouteRuleError('a professional-registration check must name the registration body');
    }
    if (registrationBody !== state.registrationBody) {
      throw new RouteRuleError(
        `this post needs registration with ${state.registrationBody}, not ${registrationBody}`,
      );
    }
  } else if (registrationBody !== undefined) {
    throw new RouteRuleError(
      `a registration body belongs to the professional-registration check, not ${check}`,
    );
  }
  const event: RouteEvent = {
    type: 'PreEmploymentCheckRecorded',
    data: { candidateRef, check, outcome, ...(registrationBody ? { registrationBody } : {}) },
  };
  if (outcome === 'clear') {
    next.checks = { ...state.checks, [check]: 'clear' };
    return done(next, event);
  }
  // A failed check withdraws the offer: the route goes back to offering another appointable candidate.
  delete next.offer;
  delete next.sponsorship;
  next.checks = {};
  next.withdrawn = [...state.withdrawn, candidateRef];
  return done(next, event);
}

function refuseIfComplete(state: RouteState): void {
  switch (routeStep(state)) {
    case 'unfilled':
      throw new RouteRuleError(`the route has ended unfilled: ${state.unfilledReason}`);
    case 'qualified':
      throw new RouteRuleError(`${state.filled?.personRef} has already qualified: the route is complete`);
    case 'filled':
      throw new RouteRuleError(`the post is already filled by ${state.filled?.personRef}`);
    default:
  }
}

function acceptedCandidate(state: RouteState): string {
  if (!state.offer?.accepted) throw new RouteRuleError('no offer has been accepted yet');
  return state.offer.candidateRef;
}

function done(state: RouteState, event: RouteEvent, outcome?: 'filled' | 'unfilled'): RouteStepResult {
  return outcome ? { state, events: [event], outcome } : { state, events: [event] };
}

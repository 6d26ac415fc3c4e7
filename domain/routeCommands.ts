/**
 * The route's commands as a table of handlers, one per command (docs/domain.md, step 7): each checks
 * what it needs, returns the state after it and the event it records, or throws a RouteRuleError
 * naming why it is refused. Pure, as the rest of the route's rules (domain/routeSteps.ts).
 */
import type { RouteCommand, RouteCommandType } from '../schemas/routeCommands.js';
import {
  awaitingInterview,
  outstandingChecks,
  type RouteEvent,
  RouteRuleError,
  type RouteState,
  type RouteStepResult,
  routeStep,
  stepsOfRoute,
} from './routeSteps.js';

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
  return (routeCommandHandlers[command.type] as Handler<RouteCommandType>)(state, next, command);
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

type CommandOf<T extends RouteCommandType> = Extract<RouteCommand, { type: T }>;

/** One route command's rules: its checks, the state after it, the event it records. */
type Handler<T extends RouteCommandType> = (
  state: RouteState,
  next: RouteState,
  command: CommandOf<T>,
) => RouteStepResult;

const endUnfilled: Handler<'end-unfilled'> = (_state, next, command) => {
  next.unfilledReason = command.reason;
  return done(next, { type: 'RouteEndedUnfilled', data: { reason: command.reason } }, 'unfilled');
};

const shortlist: Handler<'shortlist'> = (state, next, command) => {
  if (state.shortlisted.length > 0) throw new RouteRuleError('the shortlist is already recorded');
  const twice = command.candidateRefs.find((ref, at) => command.candidateRefs.indexOf(ref) !== at);
  if (twice !== undefined) throw new RouteRuleError(`${twice} is on the shortlist twice`);
  next.shortlisted = [...command.candidateRefs];
  return done(next, {
    type: 'CandidatesShortlisted',
    data: { candidateRefs: [...command.candidateRefs] },
  });
};

const recordInterview: Handler<'record-interview'> = (state, next, command) => {
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
};

const makeOffer: Handler<'make-offer'> = (state, next, command) => {
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
};

const recordOfferResponse: Handler<'record-offer-response'> = (state, next, command) => {
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
};

const assignCertificateOfSponsorship: Handler<'assign-certificate-of-sponsorship'> = (
  state,
  next,
  command,
) => {
  const candidateRef = acceptedCandidate(state);
  if (state.sponsorship) {
    throw new RouteRuleError(`a certificate of sponsorship is already assigned to ${candidateRef}`);
  }
  next.sponsorship = { certificateRef: command.certificateRef };
  return done(next, {
    type: 'CertificateOfSponsorshipAssigned',
    data: { candidateRef, certificateRef: command.certificateRef },
  });
};

const recordVisaDecision: Handler<'record-visa-decision'> = (state, next, command) => {
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
};

const confirmOverseasRegistration: Handler<'confirm-overseas-registration'> = (state, next, command) => {
  const candidateRef = acceptedCandidate(state);
  const sponsorship = state.sponsorship;
  if (!sponsorship?.visaGranted) throw new RouteRuleError(`the visa of ${candidateRef} is not granted yet`);
  if (sponsorship.registrationRef !== undefined) {
    throw new RouteRuleError(`the overseas registration of ${candidateRef} is already confirmed`);
  }
  next.sponsorship = { ...sponsorship, registrationRef: command.registrationRef };
  return done(next, {
    type: 'OverseasRegistrationConfirmed',
    data: { candidateRef, registrationRef: command.registrationRef },
  });
};

const recordArrival: Handler<'record-arrival'> = (state, next, command) => {
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
};

const confirmStart: Handler<'confirm-start'> = (state, next, command) => {
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
};

const enrolApprentice: Handler<'enrol-apprentice'> = (state, next, command) => {
  if (state.filled) throw new RouteRuleError(`${state.filled.personRef} is already enrolled`);
  const { employeeRef, provider, startsOn, expectedQualificationOn } = command;
  next.filled = { personRef: employeeRef, startsOn };
  return done(
    next,
    { type: 'ApprenticeEnrolled', data: { employeeRef, provider, startsOn, expectedQualificationOn } },
    'filled',
  );
};

const recordQualification: Handler<'record-qualification'> = (state, next, command) => {
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
};

const joinStepUpCohort: Handler<'join-step-up-cohort'> = (_state, next, command) => {
  const { traineeRef, cohort, startsOn } = command;
  next.filled = { personRef: traineeRef, startsOn };
  return done(next, { type: 'StepUpCohortJoined', data: { traineeRef, cohort, startsOn } }, 'filled');
};

/** Each route command's handler, by its type: a new command without one does not compile. */
const routeCommandHandlers: { [T in RouteCommandType]: Handler<T> } = {
  'end-unfilled': endUnfilled,
  shortlist: shortlist,
  'record-interview': recordInterview,
  'make-offer': makeOffer,
  'record-offer-response': recordOfferResponse,
  'assign-certificate-of-sponsorship': assignCertificateOfSponsorship,
  'record-visa-decision': recordVisaDecision,
  'confirm-overseas-registration': confirmOverseasRegistration,
  'record-arrival': recordArrival,
  'record-check': recordCheck,
  'confirm-start': confirmStart,
  'enrol-apprentice': enrolApprentice,
  'record-qualification': recordQualification,
  'join-step-up-cohort': joinStepUpCohort,
};

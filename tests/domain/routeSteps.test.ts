import { describe, expect, it } from 'vitest';
import { applyRouteCommand } from '../../domain/routeCommands.js';
import {
  acceptedCommands,
  initialRouteState,
  type RegistrationBody,
  type RouteEvent,
  RouteRuleError,
  type RouteState,
  routeComplete,
  routeStep,
} from '../../domain/routeSteps.js';
import type { Actor } from '../../schemas/common.js';
import type { RecruitmentRoute } from '../../schemas/postCommands.js';
import type { PreEmploymentCheck, RouteCommand, VacatedPost } from '../../schemas/routeCommands.js';

const hr: Actor = { id: 'hr.sam', role: 'hr' };
const director: Actor = { id: 'director.julie', role: 'director' };

const shortlist = (...candidateRefs: string[]): RouteCommand => ({
  type: 'shortlist',
  actor: hr,
  candidateRefs,
});
const interview = (
  candidateRef: string,
  outcome: 'appointable' | 'not-appointable' = 'appointable',
): RouteCommand => ({
  type: 'record-interview',
  actor: hr,
  candidateRef,
  outcome,
});
const offer = (candidateRef: string): RouteCommand => ({ type: 'make-offer', actor: hr, candidateRef });
const respond = (candidateRef: string, response: 'accepted' | 'declined' = 'accepted'): RouteCommand => ({
  type: 'record-offer-response',
  actor: hr,
  candidateRef,
  response,
});
const check = (
  which: PreEmploymentCheck,
  outcome: 'clear' | 'failed' = 'clear',
  registrationBody?: RegistrationBody,
): RouteCommand => ({
  type: 'record-check',
  actor: hr,
  check: which,
  outcome,
  ...(registrationBody ? { registrationBody } : {}),
});
const clearChecks = (body: RegistrationBody = 'social-work-england'): RouteCommand[] => [
  check('references'),
  check('enhanced-dbs-barred-list'),
  check('right-to-work'),
  check('professional-registration', 'clear', body),
];
const sponsor = (certificateRef = 'cos-2022-0007'): RouteCommand => ({
  type: 'assign-certificate-of-sponsorship',
  actor: hr,
  certificateRef,
});
const visa = (outcome: 'granted' | 'refused' = 'granted'): RouteCommand => ({
  type: 'record-visa-decision',
  actor: hr,
  outcome,
});
const register = (registrationRef = 'swe-os-1207'): RouteCommand => ({
  type: 'confirm-overseas-registration',
  actor: hr,
  registrationRef,
});
const arrive = (arrivedOn = '2022-10-03'): RouteCommand => ({ type: 'record-arrival', actor: hr, arrivedOn });
const start = (personRef: string, vacatedPost?: VacatedPost, startsOn = '2022-11-01'): RouteCommand => ({
  type: 'confirm-start',
  actor: hr,
  personRef,
  startsOn,
  ...(vacatedPost ? { vacatedPost } : {}),
});
const enrol = (employeeRef = 'emp-0311', startsOn = '2022-09-05'): RouteCommand => ({
  type: 'enrol-apprentice',
  actor: hr,
  employeeRef,
  provider: 'Leeds Beckett University',
  startsOn,
  expectedQualificationOn: '2025-07-31',
});
const qualify = (qualifiedOn = '2025-07-15'): RouteCommand => ({
  type: 'record-qualification',
  actor: hr,
  qualifiedOn,
});
const joinStepUp = (traineeRef = 'trn-0042'): RouteCommand => ({
  type: 'join-step-up-cohort',
  actor: hr,
  traineeRef,
  cohort: 'Step Up 8',
  startsOn: '2023-01-09',
});

const vacated: VacatedPost = {
  postRef: 'post-fsw-0113',
  serviceArea: 'Early Help',
  jobTitle: 'Family Support Worker',
  grade: 'C3',
  annualCostPence: 3_544_900,
  fte: 1,
};

/** A route after the given commands, with every event they produced, in order. */
function play(
  route: RecruitmentRoute,
  commands: RouteCommand[],
  registrationBody: RegistrationBody = 'social-work-england',
) {
  let state = initialRouteState({ route, registrationBody });
  const events: RouteEvent[] = [];
  let outcome: 'filled' | 'unfilled' | undefined;
  for (const command of commands) {
    const result = applyRouteCommand(state, command);
    state = result.state;
    events.push(...result.events);
    outcome = result.outcome;
  }
  return { state, events, outcome };
}

function refusal(state: RouteState, command: RouteCommand): string {
  try {
    applyRouteCommand(state, command);
  } catch (error) {
    expect(error).toBeInstanceOf(RouteRuleError);
    return (error as RouteRuleError).message;
  }
  throw new Error(`${command.type} was accepted`);
}

/** The candidate is shortlisted with two others, found appointable, offered the post and accepts. */
const accepted = (candidateRef = 'cand-1') => [
  shortlist(...new Set([candidateRef, 'cand-1', 'cand-2', 'cand-3'])),
  interview(candidateRef),
  offer(candidateRef),
  respond(candidateRef),
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('who records route steps', () => {
  it('refuses a route step recorded by anyone but HR', () => {
    const { state } = play('standard', []);
    expect(refusal(state, { ...shortlist('cand-1'), actor: director })).toBe(
      'only HR records recruitment route steps, not director',
    );
  });

  it('refuses a command that is not a step of the route', () => {
    expect(refusal(play('step-up', []).state, offer('cand-1'))).toBe(
      'make-offer is not a step of the step-up route',
    );
    expect(refusal(play('standard', []).state, enrol())).toBe(
      'enrol-apprentice is not a step of the standard route',
    );
    expect(refusal(play('internal', accepted()).state, sponsor())).toBe(
      'assign-certificate-of-sponsorship is not a step of the internal route',
    );
    expect(refusal(play('apprenticeship', []).state, joinStepUp())).toBe(
      'join-step-up-cohort is not a step of the apprenticeship route',
    );
  });

  it('never changes the state it is given, whether it accepts or refuses the command', () => {
    const before = play('standard', [shortlist('cand-1', 'cand-2'), interview('cand-1')]).state;
    const frozen = deepFreeze(structuredClone(before));
    const after = applyRouteCommand(frozen, offer('cand-1')).state;
    expect(frozen).toEqual(before);
    expect(after.offer).toEqual({ candidateRef: 'cand-1', accepted: false });
    expect(() => applyRouteCommand(frozen, offer('cand-2'))).toThrow(RouteRuleError);
    expect(frozen).toEqual(before);
  });
});

describe('shortlist and interviews', () => {
  it('starts every selection route at the shortlist', () => {
    for (const route of ['standard', 'internal', 'international'] as const) {
      const { state } = play(route, []);
      expect(routeStep(state)).toBe('shortlisting');
      expect(acceptedCommands(state)).toEqual(['shortlist', 'end-unfilled']);
    }
  });

  it('records the shortlist as CandidatesShortlisted and then asks for interview outcomes', () => {
    const { state, events } = play('standard', [shortlist('cand-1', 'cand-2')]);
    expect(events).toEqual([
      { type: 'CandidatesShortlisted', data: { candidateRefs: ['cand-1', 'cand-2'] } },
    ]);
    expect(routeStep(state)).toBe('interviewing');
    expect(acceptedCommands(state)).toEqual(['record-interview', 'end-unfilled']);
  });

  it('refuses a shortlist naming a candidate twice', () => {
    expect(refusal(play('standard', []).state, shortlist('cand-1', 'cand-2', 'cand-1'))).toBe(
      'cand-1 is on the shortlist twice',
    );
  });

  it('refuses a second shortlist', () => {
    expect(refusal(play('standard', [shortlist('cand-1')]).state, shortlist('cand-2'))).toBe(
      'the shortlist is already recorded',
    );
  });

  it('refuses an interview outcome before anyone is shortlisted', () => {
    expect(refusal(play('standard', []).state, interview('cand-1'))).toBe(
      'no candidates have been shortlisted yet',
    );
  });

  it('refuses an interview outcome for a candidate who was not shortlisted', () => {
    expect(refusal(play('standard', [shortlist('cand-1')]).state, interview('cand-7'))).toBe(
      'cand-7 was not shortlisted',
    );
  });

  it('refuses a second interview outcome for the same candidate', () => {
    const { state } = play('standard', [shortlist('cand-1'), interview('cand-1', 'not-appointable')]);
    expect(refusal(state, interview('cand-1'))).toBe('the interview of cand-1 is already recorded');
  });

  it('records each outcome as InterviewOutcomeRecorded and offers once someone is appointable', () => {
    const { state, events } = play('standard', [
      shortlist('cand-1', 'cand-2', 'cand-3'),
      interview('cand-1', 'not-appointable'),
      interview('cand-2'),
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'InterviewOutcomeRecorded', data: { candidateRef: 'cand-1', outcome: 'not-appointable' } },
      { type: 'InterviewOutcomeRecorded', data: { candidateRef: 'cand-2', outcome: 'appointable' } },
    ]);
    expect(routeStep(state)).toBe('offering');
    expect(acceptedCommands(state)).toEqual(['make-offer', 'record-interview', 'end-unfilled']);
  });
});

describe('offers', () => {
  const interviewed = [
    shortlist('cand-1', 'cand-2', 'cand-3'),
    interview('cand-1', 'not-appointable'),
    interview('cand-2'),
  ];

  it('refuses an offer to a candidate found not appointable', () => {
    expect(refusal(play('standard', interviewed).state, offer('cand-1'))).toBe(
      'cand-1 was found not appointable at interview',
    );
  });

  it('refuses an offer to a candidate not yet interviewed', () => {
    expect(refusal(play('standard', interviewed).state, offer('cand-3'))).toBe(
      'cand-3 has not been interviewed yet',
    );
  });

  it('refuses an offer to a candidate who was not shortlisted', () => {
    expect(refusal(play('standard', interviewed).state, offer('cand-7'))).toBe('cand-7 was not shortlisted');
  });

  it('makes an offer as OfferMade and keeps only one offer open at a time', () => {
    const { state, events } = play('standard', [...interviewed, interview('cand-3'), offer('cand-2')]);
    expect(events.at(-1)).toEqual({ type: 'OfferMade', data: { candidateRef: 'cand-2' } });
    expect(routeStep(state)).toBe('awaiting-offer-response');
    expect(acceptedCommands(state)).toEqual(['record-offer-response', 'end-unfilled']);
    expect(refusal(state, offer('cand-3'))).toBe(
      'the offer to cand-2 is still open: record its response first',
    );
  });

  it('goes on recording interviews while an offer is open', () => {
    const { state, events } = play('standard', [...interviewed, offer('cand-2'), interview('cand-3')]);
    expect(events.at(-1)).toEqual({
      type: 'InterviewOutcomeRecorded',
      data: { candidateRef: 'cand-3', outcome: 'appointable' },
    });
    expect(routeStep(state)).toBe('awaiting-offer-response');
  });

  it('refuses a response when no offer is open', () => {
    expect(refusal(play('standard', interviewed).state, respond('cand-2'))).toBe('no offer is open');
  });

  it('refuses a response from someone other than the candidate offered', () => {
    const { state } = play('standard', [...interviewed, offer('cand-2')]);
    expect(refusal(state, respond('cand-3'))).toBe('the open offer is to cand-2, not cand-3');
  });

  it('after a decline, lets another appointable candidate be offered but never the one who declined', () => {
    const { state, events } = play('standard', [
      ...interviewed,
      offer('cand-2'),
      respond('cand-2', 'declined'),
      interview('cand-3'),
    ]);
    expect(events.map((event) => event.type)).toContain('OfferDeclined');
    expect(routeStep(state)).toBe('offering');
    expect(refusal(state, offer('cand-2'))).toBe('cand-2 has declined this post');
    expect(applyRouteCommand(state, offer('cand-3')).events).toEqual([
      { type: 'OfferMade', data: { candidateRef: 'cand-3' } },
    ]);
  });

  it('accepts nothing more once every appointable candidate has declined and all are interviewed', () => {
    const { state } = play('standard', [
      ...interviewed,
      interview('cand-3', 'not-appointable'),
      offer('cand-2'),
      respond('cand-2', 'declined'),
    ]);
    expect(routeStep(state)).toBe('no-appointable-candidate');
    expect(acceptedCommands(state)).toEqual(['end-unfilled']);
    expect(routeComplete(state)).toBe(false);
  });

  it('records an acceptance as OfferAccepted and moves to the pre-employment checks', () => {
    const { state, events } = play('standard', accepted('cand-2'));
    expect(events.at(-1)).toEqual({ type: 'OfferAccepted', data: { candidateRef: 'cand-2' } });
    expect(routeStep(state)).toBe('pre-employment-checks');
    expect(acceptedCommands(state)).toEqual(['record-check', 'end-unfilled']);
  });

  it('refuses another offer, response or interview once an offer is accepted', () => {
    const { state } = play('standard', [
      shortlist('cand-1', 'cand-2', 'cand-3'),
      interview('cand-1'),
      interview('cand-2'),
      offer('cand-1'),
      respond('cand-1'),
    ]);
    expect(refusal(state, offer('cand-2'))).toBe('cand-1 has already accepted an offer');
    expect(refusal(state, respond('cand-1'))).toBe('cand-1 has already accepted the offer');
    expect(refusal(state, interview('cand-3'))).toBe('interviews are over: cand-1 has accepted the offer');
  });
});

describe('pre-employment checks and the start', () => {
  it('refuses a check before an offer is accepted', () => {
    const { state } = play('standard', [shortlist('cand-1'), interview('cand-1'), offer('cand-1')]);
    expect(refusal(state, check('references'))).toBe('no offer has been accepted yet');
  });

  it('records each check as PreEmploymentCheckRecorded and asks for the start only when all four are clear', () => {
    const partly = play('standard', [...accepted(), ...clearChecks().slice(0, 3)]);
    expect(routeStep(partly.state)).toBe('pre-employment-checks');
    const { state, events } = play('standard', [...accepted(), ...clearChecks()]);
    expect(events.slice(4)).toEqual([
      {
        type: 'PreEmploymentCheckRecorded',
        data: { candidateRef: 'cand-1', check: 'references', outcome: 'clear' },
      },
      {
        type: 'PreEmploymentCheckRecorded',
        data: { candidateRef: 'cand-1', check: 'enhanced-dbs-barred-list', outcome: 'clear' },
      },
      {
        type: 'PreEmploymentCheckRecorded',
        data: { candidateRef: 'cand-1', check: 'right-to-work', outcome: 'clear' },
      },
      {
        type: 'PreEmploymentCheckRecorded',
        data: {
          candidateRef: 'cand-1',
          check: 'professional-registration',
          outcome: 'clear',
          registrationBody: 'social-work-england',
        },
      },
    ]);
    expect(routeStep(state)).toBe('awaiting-start');
    expect(acceptedCommands(state)).toEqual(['confirm-start', 'end-unfilled']);
  });

  it('refuses a check that is already clear', () => {
    const { state } = play('standard', [...accepted(), check('references')]);
    expect(refusal(state, check('references'))).toBe('the references check is already clear');
  });

  it('refuses a professional registration check that does not name the register', () => {
    const { state } = play('standard', accepted());
    expect(refusal(state, check('professional-registration'))).toBe(
      'a professional-registration check must name the registration body',
    );
  });

  it('refuses registration with Social Work England for a post that needs HCPC', () => {
    const { state } = play('standard', accepted(), 'hcpc');
    expect(refusal(state, check('professional-registration', 'clear', 'social-work-england'))).toBe(
      'this post needs registration with hcpc, not social-work-england',
    );
    expect(routeStep(play('standard', [...accepted(), ...clearChecks('hcpc')], 'hcpc').state)).toBe(
      'awaiting-start',
    );
  });

  it('refuses a registration body on any other check', () => {
    const { state } = play('standard', accepted());
    expect(refusal(state, check('references', 'clear', 'hcpc'))).toBe(
      'a registration body belongs to the professional-registration check, not references',
    );
  });

  it('withdraws the offer on a failed check: back to offering, and that candidate is never offered again', () => {
    const { state, events } = play('standard', [
      shortlist('cand-1', 'cand-2'),
      interview('cand-1'),
      interview('cand-2'),
      offer('cand-1'),
      respond('cand-1'),
      check('references'),
      check('enhanced-dbs-barred-list', 'failed'),
    ]);
    expect(events.at(-1)).toEqual({
      type: 'PreEmploymentCheckRecorded',
      data: { candidateRef: 'cand-1', check: 'enhanced-dbs-barred-list', outcome: 'failed' },
    });
    expect(routeStep(state)).toBe('offering');
    expect(state.checks).toEqual({});
    expect(refusal(state, offer('cand-1'))).toBe(
      'the offer to cand-1 was withdrawn after a failed pre-employment check',
    );
    // The next candidate's checks start again from nothing.
    const next = play('standard', [
      shortlist('cand-1', 'cand-2'),
      interview('cand-1'),
      interview('cand-2'),
      offer('cand-1'),
      respond('cand-1'),
      check('references'),
      check('right-to-work', 'failed'),
      offer('cand-2'),
      respond('cand-2'),
      check('references'),
    ]);
    expect(next.events.at(-1)).toMatchObject({ data: { candidateRef: 'cand-2', check: 'references' } });
  });

  it('goes back to interviewing after a failed check when nobody else is appointable yet', () => {
    const { state } = play('standard', [...accepted(), check('right-to-work', 'failed')]);
    expect(routeStep(state)).toBe('interviewing');
    expect(acceptedCommands(state)).toEqual(['record-interview', 'end-unfilled']);
  });

  it('has nobody left to offer when the only appointable candidate fails a check', () => {
    const alone = play('standard', [
      shortlist('cand-1'),
      interview('cand-1'),
      offer('cand-1'),
      respond('cand-1'),
      check('right-to-work', 'failed'),
    ]);
    expect(routeStep(alone.state)).toBe('no-appointable-candidate');
    expect(acceptedCommands(alone.state)).toEqual(['end-unfilled']);
  });

  it('refuses a start for someone other than the candidate who accepted', () => {
    const { state } = play('standard', [...accepted('cand-1'), ...clearChecks()]);
    expect(refusal(state, start('cand-2'))).toBe('cand-2 did not accept the offer: cand-1 did');
  });

  it('refuses a start before an offer is accepted', () => {
    const { state } = play('standard', [shortlist('cand-1'), interview('cand-1')]);
    expect(refusal(state, start('cand-1'))).toBe('no offer has been accepted yet');
  });

  it('refuses a start while checks are outstanding, naming them', () => {
    expect(refusal(play('standard', [...accepted(), ...clearChecks().slice(1)]).state, start('cand-1'))).toBe(
      'the references check is not yet clear',
    );
    expect(refusal(play('standard', [...accepted(), check('references')]).state, start('cand-1'))).toBe(
      'the enhanced-dbs-barred-list, right-to-work, professional-registration checks are not yet clear',
    );
  });

  it('fills a standard post with the candidate who accepted, leaving PostFilled to the post', () => {
    const { state } = play('standard', [...accepted(), ...clearChecks()]);
    const result = applyRouteCommand(state, start('cand-1'));
    expect(result.outcome).toBe('filled');
    expect(result.events).toEqual([]);
    expect(result.state.filled).toEqual({ personRef: 'cand-1', startsOn: '2022-11-01' });
    expect(routeStep(result.state)).toBe('filled');
    expect(routeComplete(result.state)).toBe(true);
    expect(acceptedCommands(result.state)).toEqual([]);
  });

  it('refuses a vacated post outside the internal route', () => {
    const { state } = play('standard', [...accepted(), ...clearChecks()]);
    expect(refusal(state, start('cand-1', vacated))).toBe(
      'only an internal appointment vacates a post, not the standard route',
    );
  });

  it('refuses every command once the post is filled', () => {
    const { state } = play('standard', [...accepted(), ...clearChecks(), start('cand-1')]);
    expect(refusal(state, interview('cand-2'))).toBe('the post is already filled by cand-1');
    expect(refusal(state, start('cand-1'))).toBe('the post is already filled by cand-1');
  });
});

describe('internal appointment', () => {
  it('requires the post the appointee vacates', () => {
    const { state } = play('internal', [...accepted('emp-0113'), ...clearChecks()]);
    expect(refusal(state, start('emp-0113'))).toBe(
      'an internal appointment must name the post the appointee vacates (vacatedPost)',
    );
  });

  it('fills the post and hands on the vacated post for its backfill', () => {
    const { state, outcome } = play('internal', [
      ...accepted('emp-0113'),
      ...clearChecks(),
      start('emp-0113', vacated),
    ]);
    expect(outcome).toBe('filled');
    expect(state.filled).toEqual({ personRef: 'emp-0113', startsOn: '2022-11-01', vacatedPost: vacated });
  });
});

describe('international route', () => {
  const arrived = [...accepted('cand-9'), sponsor(), visa(), register(), arrive('2022-10-03')];

  it('after acceptance asks for sponsorship, visa, overseas registration and arrival before any check', () => {
    const steps = [sponsor(), visa(), register(), arrive()];
    const expected = [
      'sponsorship',
      'visa-decision',
      'overseas-registration',
      'arrival',
      'pre-employment-checks',
    ];
    for (let done = 0; done <= steps.length; done += 1) {
      expect(routeStep(play('international', [...accepted('cand-9'), ...steps.slice(0, done)]).state)).toBe(
        expected[done],
      );
    }
    expect(acceptedCommands(play('international', accepted('cand-9')).state)).toEqual([
      'assign-certificate-of-sponsorship',
      'end-unfilled',
    ]);
  });

  it('refuses a check before the recruit arrives', () => {
    const { state } = play('international', [...accepted('cand-9'), sponsor(), visa(), register()]);
    expect(refusal(state, check('references'))).toBe(
      'cand-9 has not arrived yet: pre-employment checks follow arrival',
    );
  });

  it('refuses each international step out of order', () => {
    expect(refusal(play('international', accepted('cand-9')).state, visa())).toBe(
      'no certificate of sponsorship is assigned to cand-9 yet',
    );
    expect(refusal(play('international', [...accepted('cand-9'), sponsor()]).state, register())).toBe(
      'the visa of cand-9 is not granted yet',
    );
    expect(refusal(play('international', [...accepted('cand-9'), sponsor(), visa()]).state, arrive())).toBe(
      'the overseas registration of cand-9 is not confirmed yet',
    );
    expect(refusal(play('international', [...accepted('cand-9'), sponsor()]).state, sponsor())).toBe(
      'a certificate of sponsorship is already assigned to cand-9',
    );
    expect(refusal(play('international', arrived).state, arrive())).toBe(
      'cand-9 has already arrived (2022-10-03)',
    );
    expect(refusal(play('international', [shortlist('cand-9')]).state, sponsor())).toBe(
      'no offer has been accepted yet',
    );
  });

  it('ends the route unfilled when the visa is refused, and refuses anything after', () => {
    const { state, events, outcome } = play('international', [
      ...accepted('cand-9'),
      sponsor(),
      visa('refused'),
    ]);
    expect(outcome).toBe('unfilled');
    expect(events.at(-1)).toEqual({
      type: 'VisaDecisionRecorded',
      data: { candidateRef: 'cand-9', outcome: 'refused' },
    });
    expect(state.unfilledReason).toBe('the Skilled Worker visa of cand-9 was refused');
    expect(routeStep(state)).toBe('unfilled');
    expect(routeComplete(state)).toBe(true);
    expect(acceptedCommands(state)).toEqual([]);
    expect(refusal(state, visa())).toBe(
      'the route has ended unfilled: the Skilled Worker visa of cand-9 was refused',
    );
  });

  it('publishes the international steps with the recruit named in each', () => {
    const { events } = play('international', arrived);
    expect(events.slice(4)).toEqual([
      {
        type: 'CertificateOfSponsorshipAssigned',
        data: { candidateRef: 'cand-9', certificateRef: 'cos-2022-0007' },
      },
      { type: 'VisaDecisionRecorded', data: { candidateRef: 'cand-9', outcome: 'granted' } },
      {
        type: 'OverseasRegistrationConfirmed',
        data: { candidateRef: 'cand-9', registrationRef: 'swe-os-1207' },
      },
      { type: 'RecruitArrived', data: { candidateRef: 'cand-9', arrivedOn: '2022-10-03' } },
    ]);
  });

  it('refuses a start date before the recruit arrived', () => {
    const { state } = play('international', [...arrived, ...clearChecks()]);
    expect(refusal(state, start('cand-9', undefined, '2022-10-01'))).toBe(
      'cand-9 cannot start (2022-10-01) before arriving (2022-10-03)',
    );
  });

  it('fills the post once the recruit has arrived and every check is clear', () => {
    const { state, outcome } = play('international', [...arrived, ...clearChecks(), start('cand-9')]);
    expect(outcome).toBe('filled');
    expect(state.filled).toEqual({ personRef: 'cand-9', startsOn: '2022-11-01' });
  });

  it('asks for fresh sponsorship for the next candidate after a failed check', () => {
    const { state } = play('international', [
      shortlist('cand-9', 'cand-10'),
      interview('cand-9'),
      interview('cand-10'),
      offer('cand-9'),
      respond('cand-9'),
      sponsor(),
      visa(),
      register(),
      arrive(),
      check('right-to-work', 'failed'),
      offer('cand-10'),
      respond('cand-10'),
    ]);
    expect(state.sponsorship).toBeUndefined();
    expect(routeStep(state)).toBe('sponsorship');
  });
});

describe('apprenticeship', () => {
  it('fills the post at once on enrolment, then waits for the qualification', () => {
    const { state, events, outcome } = play('apprenticeship', [enrol('emp-0311', '2022-09-05')]);
    expect(outcome).toBe('filled');
    expect(events).toEqual([
      {
        type: 'ApprenticeEnrolled',
        data: {
          employeeRef: 'emp-0311',
          provider: 'Leeds Beckett University',
          startsOn: '2022-09-05',
          expectedQualificationOn: '2025-07-31',
        },
      },
    ]);
    expect(state.filled).toEqual({ personRef: 'emp-0311', startsOn: '2022-09-05' });
    expect(routeStep(state)).toBe('in-training');
    expect(acceptedCommands(state)).toEqual(['record-qualification']);
    expect(routeComplete(state)).toBe(false);
  });

  it('starts waiting for the enrolment', () => {
    const { state } = play('apprenticeship', []);
    expect(routeStep(state)).toBe('awaiting-enrolment');
    expect(acceptedCommands(state)).toEqual(['enrol-apprentice']);
  });

  it('refuses a qualification before anyone is enrolled', () => {
    expect(refusal(play('apprenticeship', []).state, qualify())).toBe('no apprentice is enrolled yet');
  });

  it('refuses a qualification dated before the apprenticeship starts', () => {
    expect(refusal(play('apprenticeship', [enrol()]).state, qualify('2022-09-01'))).toBe(
      'emp-0311 cannot qualify (2022-09-01) before the apprenticeship starts (2022-09-05)',
    );
  });

  it('refuses a second enrolment', () => {
    expect(refusal(play('apprenticeship', [enrol()]).state, enrol('emp-0400'))).toBe(
      'emp-0311 is already enrolled',
    );
  });

  it('records the qualification as ApprenticeQualified and completes the route', () => {
    const { state, events, outcome } = play('apprenticeship', [enrol(), qualify('2025-07-15')]);
    expect(outcome).toBeUndefined();
    expect(events.at(-1)).toEqual({
      type: 'ApprenticeQualified',
      data: { employeeRef: 'emp-0311', qualifiedOn: '2025-07-15' },
    });
    expect(routeStep(state)).toBe('qualified');
    expect(routeComplete(state)).toBe(true);
    expect(refusal(state, qualify())).toBe('emp-0311 has already qualified: the route is complete');
  });
});

describe('step up', () => {
  it('fills the post at once when the trainee joins a cohort', () => {
    const { state, events, outcome } = play('step-up', [joinStepUp('trn-0042')]);
    expect(outcome).toBe('filled');
    expect(events).toEqual([
      {
        type: 'StepUpCohortJoined',
        data: { traineeRef: 'trn-0042', cohort: 'Step Up 8', startsOn: '2023-01-09' },
      },
    ]);
    expect(state.filled).toEqual({ personRef: 'trn-0042', startsOn: '2023-01-09' });
    expect(routeStep(state)).toBe('filled');
    expect(routeComplete(state)).toBe(true);
  });

  it('starts waiting for a trainee and refuses a second one', () => {
    expect(acceptedCommands(play('step-up', []).state)).toEqual(['join-step-up-cohort']);
    expect(refusal(play('step-up', [joinStepUp()]).state, joinStepUp('trn-0050'))).toBe(
      'the post is already filled by trn-0042',
    );
  });
});

describe('ending a selection route without an appointment', () => {
  const hr = { id: 'hr.sam', role: 'hr' as const };

  it('ends the route unfilled when nobody appointable is left, as RouteEndedUnfilled', () => {
    const state = initialRouteState({ route: 'standard', registrationBody: 'social-work-england' });
    const result = applyRouteCommand(state, {
      type: 'end-unfilled',
      actor: hr,
      reason: 'Nobody appointable',
    });
    expect(result.outcome).toBe('unfilled');
    expect(result.events).toEqual([{ type: 'RouteEndedUnfilled', data: { reason: 'Nobody appointable' } }]);
    expect(routeStep(result.state)).toBe('unfilled');
  });

  it('is not a step of the apprenticeship or Step Up routes', () => {
    const state = initialRouteState({ route: 'step-up', registrationBody: 'social-work-england' });
    expect(() => applyRouteCommand(state, { type: 'end-unfilled', actor: hr, reason: 'x' })).toThrow(
      'end-unfilled is not a step of the step-up route',
    );
  });
});

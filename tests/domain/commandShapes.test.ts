import { describe, expect, it } from 'vitest';
import { postCommandShapeProblem, routeCommandShapeProblem } from '../../domain/commandShapes.js';
import { type PostCommand, type PostCommandType, postCommand } from '../../schemas/postCommands.js';
import { type RouteCommand, type RouteCommandType, routeCommand } from '../../schemas/routeCommands.js';

const hr = { id: 'hr.sam', role: 'hr' } as const;
const director = { id: 'director.julie', role: 'director' } as const;

/** One valid command of every type (the Record makes a new type fail to compile until it has one). */
const postCommands: { [T in PostCommandType]: Extract<PostCommand, { type: T }> } = {
  decide: { type: 'decide', actor: director, decision: 'approve', reason: 'Within the allocation' },
  delegate: {
    type: 'delegate',
    actor: director,
    delegateId: 'deputy.farrah',
    from: '2026-01-05',
    to: '2026-01-09',
    reason: 'Leave',
  },
  revise: { type: 'revise', actor: hr, grade: 'SO1', reason: 'Regraded' },
  'record-consultation': {
    type: 'record-consultation',
    actor: { id: 'union.unison', role: 'union' },
    party: 'union',
    outcome: 'no-concerns',
    summary: 'None',
  },
  'record-call-in': { type: 'record-call-in', actor: hr, board: 'Scrutiny Board', reason: 'Called in' },
  'record-call-in-outcome': {
    type: 'record-call-in-outcome',
    actor: hr,
    outcome: 'decision-stands',
    reason: 'Stands',
  },
  'publish-advert': {
    type: 'publish-advert',
    actor: hr,
    channels: ['council-jobs-page'],
    opensOn: '2026-01-05',
    closesOn: '2026-01-19',
    ringFence: 'external',
  },
  'record-applications': { type: 'record-applications', actor: hr, received: 0, suitable: 0 },
  hold: { type: 'hold', actor: hr, reason: 'Nobody suitable' },
  'start-route': { type: 'start-route', actor: hr, route: 'standard', reason: 'Suitable applicants' },
  'start-agency-cover': {
    type: 'start-agency-cover',
    actor: hr,
    agencyRef: 'agency-7',
    startsOn: '2026-01-05',
    weeklyCostPence: 150_000,
    fte: 1,
  },
  'end-agency-cover': { type: 'end-agency-cover', actor: hr, endsOn: '2026-02-05' },
  withdraw: { type: 'withdraw', actor: hr, reason: 'No longer needed' },
};

const routeCommands: { [T in RouteCommandType]: Extract<RouteCommand, { type: T }> } = {
  shortlist: { type: 'shortlist', actor: hr, candidateRefs: ['cand-1'] },
  'record-interview': { type: 'record-interview', actor: hr, candidateRef: 'cand-1', outcome: 'appointable' },
  'make-offer': { type: 'make-offer', actor: hr, candidateRef: 'cand-1' },
  'record-offer-response': {
    type: 'record-offer-response',
    actor: hr,
    candidateRef: 'cand-1',
    response: 'accepted',
  },
  'record-check': { type: 'record-check', actor: hr, check: 'references', outcome: 'clear' },
  'assign-certificate-of-sponsorship': {
    type: 'assign-certificate-of-sponsorship',
    actor: hr,
    certificateRef: 'cos-1',
  },
  'record-visa-decision': { type: 'record-visa-decision', actor: hr, outcome: 'granted' },
  'confirm-overseas-registration': {
    type: 'confirm-overseas-registration',
    actor: hr,
    registrationRef: 'reg-1',
  },
  'record-arrival': { type: 'record-arrival', actor: hr, arrivedOn: '2026-03-01' },
  'enrol-apprentice': {
    type: 'enrol-apprentice',
    actor: hr,
    employeeRef: 'emp-1',
    provider: 'Open University',
    startsOn: '2026-01-05',
    expectedQualificationOn: '2029-01-05',
  },
  'record-qualification': { type: 'record-qualification', actor: hr, qualifiedOn: '2029-01-05' },
  'join-step-up-cohort': {
    type: 'join-step-up-cohort',
    actor: hr,
    traineeRef: 'trainee-1',
    cohort: 'Cohort 9',
    startsOn: '2026-01-05',
  },
  'confirm-start': { type: 'confirm-start', actor: hr, personRef: 'cand-1', startsOn: '2026-02-02' },
  'end-unfilled': { type: 'end-unfilled', actor: hr, reason: 'Nobody appointable' },
};

describe('the structural guard of the post workflow’s Update validator', () => {
  it.each(Object.values(postCommands))('accepts a $type command the edge accepts', (command) => {
    expect(postCommand.parse(command)).toEqual(command);
    expect(postCommandShapeProblem(command)).toBeUndefined();
  });

  it('refuses a blank reason, naming the field', () => {
    expect(postCommandShapeProblem({ ...postCommands.decide, reason: '  ' })).toBe(
      'reason: a reason is required',
    );
  });

  it('refuses a command it does not know, and one without an actor', () => {
    expect(postCommandShapeProblem({ type: 'approve', actor: director })).toBe(
      'type: no such command: approve',
    );
    const { actor: _actor, ...anonymous } = postCommands.withdraw;
    expect(postCommandShapeProblem(anonymous)).toBe('actor: an actor is required');
    expect(postCommandShapeProblem('withdraw')).toBe('(input): expected a command');
  });

  it('refuses a name where an agency reference belongs', () => {
    expect(
      postCommandShapeProblem({ ...postCommands['start-agency-cover'], agencyRef: 'Jane Smith' }),
    ).toMatch(/^agencyRef: expected an opaque reference/);
  });

  it('refuses a count that is not a number', () => {
    expect(postCommandShapeProblem({ ...postCommands['record-applications'], received: '4' })).toBe(
      'received: expected a number',
    );
  });
});

describe('the structural guard of the route workflow’s Update validator', () => {
  it.each(Object.values(routeCommands))('accepts a $type command the edge accepts', (command) => {
    expect(routeCommand.parse(command)).toEqual(command);
    expect(routeCommandShapeProblem(command)).toBeUndefined();
  });

  it('keeps personal data out of the route: a name is refused where a reference belongs', () => {
    expect(routeCommandShapeProblem({ ...routeCommands['make-offer'], candidateRef: 'Jane Smith' })).toMatch(
      /^candidateRef: expected an opaque reference such as cand-0042, not personal data$/,
    );
    expect(
      routeCommandShapeProblem({ ...routeCommands.shortlist, candidateRefs: ['cand-1', 'Jane Smith'] }),
    ).toMatch(/^candidateRefs: expected opaque references/);
    expect(routeCommandShapeProblem({ ...routeCommands.shortlist, candidateRefs: [] })).toBe(
      'candidateRefs: at least one is required',
    );
  });
});

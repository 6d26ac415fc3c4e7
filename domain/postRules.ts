import { type CommandFailureType, commandFailure } from '../contract/failureTypes.js';
import type { Actor, Role } from '../schemas/common.js';
import type {
  ConsultationParty,
  LeaveAuthority,
  PostCommand,
  RecruitmentRoute,
} from '../schemas/postCommands.js';

/**
 * Which command a post accepts in which stage, and from whom. Pure: the workflow's update
 * validators call it (so an illegal command leaves no trace in history) and the HTTP layer calls it
 * to show only the actions a person may take.
 */
export const finalStages: readonly PostStage[] = ['filled', 'rejected', 'withdrawn'];

/** Who is consulted once a post is approved, in the order the post's page lists them; the schema's enum. */
export const consultationParties = ['union', 'executive-member', 'equality'] as const;

/** How a post may be filled; the schema's enum. */
export const recruitmentRoutes = [
  'standard',
  'internal',
  'international',
  'apprenticeship',
  'step-up',
] as const;

/** Every stage, in the order a post meets them. */
export const postStages = [
  'budget-check',
  'budget-held',
  'awaiting-approval',
  'sent-back',
  'consultation',
  'concerns-raised',
  'call-in-period',
  'called-in',
  'ready-to-recruit',
  'advertised',
  'awaiting-applications',
  'applicants-available',
  'no-suitable-applicants',
  'held',
  'recruiting',
  'filled',
  'rejected',
  'withdrawn',
] as const;

/** Where a post stands: one of the stages of docs/lifecycle.md. */
export type PostStage = (typeof postStages)[number];

export interface Delegation {
  delegateId: string;
  from: string;
  to: string;
  by: string;
}

/** The part of a post's state the rules look at. */
export interface PostRuleState {
  stage: PostStage;
  proposedBy: Actor;
  /** The director named to decide; with `namedDecisionMaker`, only they (or who holds their authority) may. */
  decisionMaker: string;
  deputy: string;
  /**
   * Whether the post holds to its named decision maker. Posts started before this rule let any
   * director decide, delegate and withdraw, and keep doing so when they replay.
   */
  namedDecisionMaker: boolean;
  /** The approval went unanswered long enough to be escalated: the deputy may decide. */
  escalated: boolean;
  delegations: Delegation[];
  consultation: Partial<Record<ConsultationParty, 'no-concerns' | 'concerns-raised'>>;
  adverts: number;
  maxReadverts: number;
  agencyCoverActive: boolean;
  /** A command that does I/O before it changes the stage (starting a route) is under way. */
  busy: boolean;
}

/** Why a command is refused: the actor lacks the authority, or the post is not in a state for it. */
export type RefusalKind = 'forbidden' | 'conflict' | 'busy';

export class PostRuleError extends Error {
  override readonly name = 'PostRuleError';
  constructor(
    message: string,
    readonly kind: RefusalKind = 'conflict',
  ) {
    super(message);
  }
}

/** The ApplicationFailure type a refusal travels under, so clients can tell 403 from 409. */
export const refusalFailureType: Record<RefusalKind, CommandFailureType> = {
  forbidden: commandFailure.Forbidden,
  conflict: commandFailure.Conflict,
  busy: commandFailure.Busy,
};

const consultationRole: Record<ConsultationParty, Role> = {
  union: 'union',
  'executive-member': 'executive-member',
  equality: 'equality-lead',
};

const decisionStages: readonly PostStage[] = ['awaiting-approval', 'budget-held', 'concerns-raised'];
const vacantStages: readonly PostStage[] = [
  'consultation',
  'concerns-raised',
  'call-in-period',
  'called-in',
  'ready-to-recruit',
  'advertised',
  'awaiting-applications',
  'applicants-available',
  'no-suitable-applicants',
  'held',
  'recruiting',
];
const advertisedRoutes: readonly RecruitmentRoute[] = ['standard', 'internal', 'international'];

function requireRole(actor: Actor, roles: readonly Role[], doing: string): void {
  if (!roles.includes(actor.role)) throw new PostRuleError(`a ${actor.role} cannot ${doing}`, 'forbidden');
}

function requireStage(state: PostRuleState, stages: readonly PostStage[], doing: string): void {
  if (!stages.includes(state.stage))
    throw new PostRuleError(`cannot ${doing} while the post is ${state.stage}`);
}

/** A director may act for the post only as its named decision maker (when the post holds to one). */
function requireDecisionMaker(state: PostRuleState, actor: Actor, doing: string): void {
  if (state.namedDecisionMaker && actor.id !== state.decisionMaker) {
    throw new PostRuleError(
      `only ${state.decisionMaker}, the post's decision maker, may ${doing}`,
      'forbidden',
    );
  }
}

/** Why a leave delegation does not give this deputy the decision today, or undefined when it does. */
function leaveProblem(state: PostRuleState, leave: LeaveAuthority, today: string): string | undefined {
  if (leave.directorId !== state.decisionMaker) {
    return `the leave cover is for ${leave.directorId}, but ${state.decisionMaker} decides on this post`;
  }
  if (today < leave.from || today > leave.to) {
    return `the leave cover runs from ${leave.from} to ${leave.to}; today is ${today}`;
  }
  return undefined;
}

/** Under what authority this actor may decide on the post today (a London date), or why not. */
export function decisionAuthority(
  state: PostRuleState,
  actor: Actor,
  today: string,
  onBehalfOf?: LeaveAuthority,
): string {
  if (actor.id === state.proposedBy.id) {
    throw new PostRuleError('the proposer of a post can never approve it', 'forbidden');
  }
  if (actor.role === 'director') {
    requireDecisionMaker(state, actor, 'decide on it');
    return 'director';
  }
  if (actor.role === 'deputy') {
    if (onBehalfOf && state.namedDecisionMaker) {
      const problem = leaveProblem(state, onBehalfOf, today);
      if (!problem) {
        return `leave cover for ${onBehalfOf.directorId} from ${onBehalfOf.from} to ${onBehalfOf.to}`;
      }
      // Another authority (a per-post delegation, an escalation) may still hold; say this if none does.
      try {
        return decisionAuthority(state, actor, today);
      } catch {
        throw new PostRuleError(problem, 'forbidden');
      }
    }
    const own = state.delegations.filter((delegation) => delegation.delegateId === actor.id);
    const current = own.find((delegation) => delegation.from <= today && today <= delegation.to);
    if (current) return `delegated by ${current.by} from ${current.from} to ${current.to}`;
    if (state.escalated && actor.id === state.deputy) return 'escalation: approval overdue';
    const last = own.at(-1);
    if (last) {
      throw new PostRuleError(
        `the delegation to ${actor.id} runs from ${last.from} to ${last.to}; today is ${today}`,
        'forbidden',
      );
    }
    throw new PostRuleError(
      `${actor.id} has no delegation and the approval has not been escalated`,
      'forbidden',
    );
  }
  throw new PostRuleError(`a ${actor.role} cannot decide on a post`, 'forbidden');
}

/**
 * Checks a command against the post's state; returns the authority under which it is taken.
 * Throws PostRuleError naming the reason when it is not allowed.
 */
export function authorise(state: PostRuleState, command: PostCommand, today: string): string {
  if (finalStages.includes(state.stage)) {
    throw new PostRuleError(`the post is ${state.stage}: no further commands are accepted`);
  }
  if (state.busy) throw new PostRuleError('another command is still being carried out; try again', 'busy');
  const { actor } = command;
  switch (command.type) {
    case 'decide': {
      requireStage(state, decisionStages, 'decide');
      if (state.stage === 'budget-held' && command.decision === 'approve') {
        throw new PostRuleError('the post does not fit the budget: send it back for revision or reject it');
      }
      return decisionAuthority(state, actor, today, command.onBehalfOf);
    }
    case 'delegate':
      requireRole(actor, ['director'], 'delegate decisions');
      requireDecisionMaker(state, actor, 'delegate decisions on it');
      if (state.namedDecisionMaker && command.delegateId === actor.id) {
        throw new PostRuleError('a director cannot delegate a decision to themselves', 'forbidden');
      }
      if (command.delegateId === state.proposedBy.id) {
        throw new PostRuleError('decisions cannot be delegated to the proposer of the post', 'forbidden');
      }
      if (command.to < today)
        throw new PostRuleError(`the delegation would end (${command.to}) before today`);
      return 'director';
    case 'revise':
      requireRole(actor, ['hr'], 'revise a post');
      requireStage(state, ['sent-back', 'budget-held'], 'revise');
      return actor.id === state.proposedBy.id ? 'proposer' : 'hr';
    case 'record-consultation': {
      requireStage(state, ['consultation', 'concerns-raised'], 'record a consultation response');
      const role = consultationRole[command.party];
      if (actor.role !== role) {
        throw new PostRuleError(`only a ${role} records the ${command.party} response`, 'forbidden');
      }
      if (state.consultation[command.party]) {
        throw new PostRuleError(`the ${command.party} response is already recorded`);
      }
      return role;
    }
    case 'record-call-in':
      requireRole(actor, ['deputy'], 'record a call-in');
      requireStage(state, ['call-in-period'], 'record a call-in');
      return `scrutiny board: ${command.board}`;
    case 'record-call-in-outcome':
      requireRole(actor, ['deputy'], 'record a call-in outcome');
      requireStage(state, ['called-in'], 'record a call-in outcome');
      return 'scrutiny board';
    case 'publish-advert':
      requireRole(actor, ['hr'], 'publish an advert');
      requireStage(state, ['ready-to-recruit', 'no-suitable-applicants', 'held'], 'publish an advert');
      if (state.adverts > state.maxReadverts) {
        throw new PostRuleError(
          `re-adverts are exhausted: ${state.adverts} adverts, at most ${state.maxReadverts} re-adverts`,
        );
      }
      return 'hr';
    case 'record-applications':
      requireRole(actor, ['hr'], 'record applications');
      requireStage(state, ['awaiting-applications'], 'record applications');
      return 'hr';
    case 'hold':
      requireRole(actor, ['hr'], 'hold a post');
      requireStage(state, ['ready-to-recruit', 'no-suitable-applicants'], 'hold the post');
      return 'hr';
    case 'start-route':
      requireRole(actor, ['hr'], 'start a recruitment route');
      if (advertisedRoutes.includes(command.route)) {
        requireStage(state, ['applicants-available'], `start the ${command.route} route`);
      } else {
        requireStage(
          state,
          ['ready-to-recruit', 'applicants-available', 'no-suitable-applicants', 'held'],
          `start the ${command.route} route`,
        );
      }
      return 'hr';
    case 'start-agency-cover':
      requireRole(actor, ['hr'], 'arrange agency cover');
      requireStage(state, vacantStages, 'start agency cover');
      if (state.agencyCoverActive) throw new PostRuleError('agency cover is already in place');
      return 'hr';
    case 'end-agency-cover':
      requireRole(actor, ['hr'], 'end agency cover');
      if (!state.agencyCoverActive) throw new PostRuleError('there is no agency cover to end');
      return 'hr';
    case 'withdraw':
      requireRole(actor, ['hr', 'director'], 'withdraw a post');
      if (actor.role === 'director') requireDecisionMaker(state, actor, 'withdraw it');
      return actor.role;
  }
}

/** Every command type the post would accept from this actor now: what a page offers them. */
export function availableCommands(
  state: PostRuleState,
  actor: Actor,
  today: string,
  onBehalfOf?: LeaveAuthority,
): PostCommand['type'][] {
  const probes: PostCommand[] = [
    { type: 'decide', actor, decision: 'reject', reason: 'probe', ...(onBehalfOf ? { onBehalfOf } : {}) },
    { type: 'delegate', actor, delegateId: '~', from: today, to: today, reason: 'probe' },
    { type: 'revise', actor, reason: 'probe' },
    ...(['union', 'executive-member', 'equality'] as const).map(
      (party): PostCommand => ({
        type: 'record-consultation',
        actor,
        party,
        outcome: 'no-concerns',
        summary: 'p',
      }),
    ),
    { type: 'record-call-in', actor, board: 'probe', reason: 'probe' },
    { type: 'record-call-in-outcome', actor, outcome: 'decision-stands', reason: 'probe' },
    {
      type: 'publish-advert',
      actor,
      channels: ['council-jobs-page'],
      opensOn: today,
      closesOn: today,
      ringFence: 'external',
    },
    { type: 'record-applications', actor, received: 0, suitable: 0 },
    { type: 'hold', actor, reason: 'probe' },
    { type: 'start-route', actor, route: 'standard', reason: 'probe' },
    { type: 'start-route', actor, route: 'apprenticeship', reason: 'probe' },
    { type: 'start-agency-cover', actor, agencyRef: 'probe', startsOn: today, weeklyCostPence: 0, fte: 1 },
    { type: 'end-agency-cover', actor, endsOn: today },
    { type: 'withdraw', actor, reason: 'probe' },
  ];
  const allowed = new Set<PostCommand['type']>();
  for (const probe of probes) {
    try {
      authorise(state, probe, today);
      allowed.add(probe.type);
    } catch {
      // not available to this actor now
    }
  }
  return [...allowed];
}

/**
 * The recruitment routes this actor may start now (advertised routes need suitable applicants, the
 * others do not): what the start-route form offers, answered by the workflow with its own clock.
 */
export function startableRoutes(state: PostRuleState, actor: Actor, today: string): RecruitmentRoute[] {
  return recruitmentRoutes.filter((route) => {
    try {
      authorise(state, { type: 'start-route', actor, route, reason: 'probe' }, today);
      return true;
    } catch {
      return false;
    }
  });
}

import type { RecruitmentRoute } from '../../schemas/postCommands.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { preEmploymentCheck } from '../../schemas/routeCommands.js';

/**
 * What the dispatcher remembers of one post, built from its earlier events, so that a later event
 * (which carries only what changed) can be told in words: what the post is and who is involved.
 */
export interface PostFacts {
  proposalId: string;
  jobTitle?: string;
  grade?: string;
  serviceArea?: string;
  annualCostPence?: number;
  /** Who proposed the post (HR): told when a decision comes back and at the route's hand-offs. */
  proposer?: string;
  decisionMaker?: string;
  deputy?: string;
  openForCallIn?: boolean;
  route?: RecruitmentRoute;
  /** Set by PostRevised until the next decision, so the director is told it is a revision. */
  revised?: boolean;
  /** Pre-employment checks recorded clear for the candidate who accepted; a failed check clears them. */
  checksClear: string[];
  /** A confidential post: only HR and the people named on it may see it (temporal/namedPeople.ts). */
  confidential?: boolean;
  /** The people named on the post: who proposed, decides, deputises, was delegated to, or acted on it. */
  named?: string[];
}

export const allPreEmploymentChecks: readonly string[] = preEmploymentCheck.options;

/** The posts' facts after one event. Pure; a repeated event leaves the facts as they were. */
export function foldFacts(facts: PostFacts | undefined, event: PostEvent): PostFacts {
  const next: PostFacts = facts
    ? { ...facts, checksClear: [...facts.checksClear] }
    : { proposalId: event.proposalId, checksClear: [] };
  const named = new Set(next.named);
  const name = (id: string | undefined) => {
    if (id && id !== 'system' && !named.has(id)) {
      named.add(id);
      next.named = [...named];
    }
  };
  name(event.actor.id);
  if (event.type === 'PostProposed') {
    name(event.data.decisionMaker);
    name(event.data.deputy);
  } else if (event.type === 'DecisionDelegated') {
    name(event.data.delegateId);
  }
  switch (event.type) {
    case 'PostProposed': {
      const { data } = event;
      next.jobTitle = data.jobTitle;
      next.grade = data.grade;
      next.serviceArea = data.serviceArea;
      next.annualCostPence = data.annualCostPence;
      next.proposer = event.actor.id;
      if (data.decisionMaker) next.decisionMaker = data.decisionMaker;
      if (data.deputy) next.deputy = data.deputy;
      if (data.openForCallIn !== undefined) next.openForCallIn = data.openForCallIn;
      if (data.confidential) next.confidential = true;
      return next;
    }
    case 'PostRevised':
      next.jobTitle = event.data.jobTitle;
      next.grade = event.data.grade;
      next.annualCostPence = event.data.annualCostPence;
      next.revised = true;
      return next;
    case 'PostApproved':
    case 'PostRejected':
    case 'PostSentBack':
      delete next.revised;
      return next;
    // Posts proposed before PostProposed named them: the events that do name them fill the gap.
    case 'ApprovalReminderSent':
      next.decisionMaker ??= event.data.to;
      return next;
    case 'ApprovalEscalated':
      next.deputy ??= event.data.to;
      return next;
    case 'RecruitmentRouteStarted':
      next.route = event.data.route;
      next.checksClear = [];
      return next;
    case 'OfferAccepted':
      next.checksClear = [];
      return next;
    case 'PreEmploymentCheckRecorded':
      if (event.data.outcome === 'failed') next.checksClear = [];
      else if (!next.checksClear.includes(event.data.check)) next.checksClear.push(event.data.check);
      return next;
    default:
      return next;
  }
}

/** Every pre-employment check is clear. */
export function checksComplete(facts: PostFacts | undefined): boolean {
  return allPreEmploymentChecks.every((check) => facts?.checksClear.includes(check));
}

/** Events after which a post waits for nobody, so its facts can be forgotten. */
export const finalEventTypes: ReadonlySet<PostEvent['type']> = new Set([
  'PostFilled',
  'PostRejected',
  'PostWithdrawn',
]);

import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { checksComplete, type PostFacts } from './postFacts.js';

/**
 * Who is told of which hand-off: the moment a post starts to wait for someone. Pure: the event, the
 * post's facts before and after it, and the staff directory decide; nothing is sent here.
 */
export type HandOffKind =
  | 'decision-requested'
  | 'budget-held'
  | 'approval-reminder'
  | 'approval-escalated'
  | 'decision-delegated'
  | 'post-approved'
  | 'consultation-requested'
  | 'post-rejected'
  | 'post-sent-back'
  | 'consultation-concerns'
  | 'decision-called-in'
  | 'ready-to-recruit'
  | 'advert-closed'
  | 'applicants-available'
  | 'no-suitable-applicants'
  | 'offer-accepted'
  | 'offer-declined'
  | 'recruit-arrived'
  | 'check-failed'
  | 'checks-complete'
  | 'route-ended-unfilled';

/** The consultation parts a person records, by the role that records them. */
export type ConsultationRole = 'union' | 'executive-member' | 'equality-lead';
export const consultationRoles: readonly ConsultationRole[] = ['union', 'executive-member', 'equality-lead'];

export interface HandOff {
  kind: HandOffKind;
  /** A user id of the staff directory. */
  to: string;
  /** For consultation: the parts this person records. */
  parts?: ConsultationRole[];
}

export type HandOffDirectory = Pick<StaffDirectory, 'person' | 'withRole' | 'actsFor' | 'directorOf'>;

/**
 * Whether a person may be told of a post: anyone for an ordinary post; for a confidential one only HR
 * and the people named on it, as only they may open it (temporal/namedPeople.ts, mayViewPost).
 */
export function mayBeTold(to: string, facts: PostFacts, directory: HandOffDirectory): boolean {
  if (!facts.confidential) return true;
  return (facts.named ?? []).includes(to) || (directory.person(to)?.roles.includes('hr') ?? false);
}

/** The post's decision maker, or for a post proposed before events named one, its service's director. */
function decisionMakerOf(facts: PostFacts, directory: HandOffDirectory): string | undefined {
  if (facts.decisionMaker) return facts.decisionMaker;
  return facts.serviceArea ? directory.directorOf(facts.serviceArea)?.id : undefined;
}

/** Everyone who records a consultation response for the post's service area, each once with all their parts. */
function consultees(facts: PostFacts, directory: HandOffDirectory): HandOff[] {
  const byPerson = new Map<string, ConsultationRole[]>();
  for (const role of consultationRoles) {
    for (const person of directory.withRole(role)) {
      if (facts.serviceArea !== undefined && !directory.actsFor(person, facts.serviceArea)) continue;
      byPerson.set(person.id, [...(byPerson.get(person.id) ?? []), role]);
    }
  }
  return [...byPerson].map(([to, parts]) => ({ kind: 'consultation-requested', to, parts }));
}

function to(kind: HandOffKind, ...recipients: (string | undefined)[]): HandOff[] {
  return recipients.flatMap((recipient) => (recipient ? [{ kind, to: recipient }] : []));
}

/** The hand-offs an event makes, before anyone is left out. */
function handOffsOfEvent(
  event: PostEvent,
  before: PostFacts | undefined,
  facts: PostFacts,
  directory: HandOffDirectory,
): HandOff[] {
  const proposer = facts.proposer;
  switch (event.type) {
    // A post funded from an allocation waits for the director once its budget check has answered
    // (BudgetReserved, or BudgetShortfall: held); a backfill, from the establishment, at once.
    case 'PostProposed':
      return event.data.funding === 'existing-establishment'
        ? to('decision-requested', decisionMakerOf(facts, directory))
        : [];
    case 'BudgetReserved':
      return to('decision-requested', decisionMakerOf(facts, directory));
    case 'BudgetShortfall':
      return to('budget-held', decisionMakerOf(facts, directory));
    case 'ApprovalReminderSent':
      return to('approval-reminder', event.data.to);
    case 'ApprovalEscalated':
      return to('approval-escalated', event.data.to);
    case 'DecisionDelegated':
      return to('decision-delegated', event.data.delegateId);
    case 'PostApproved':
      return [...to('post-approved', proposer), ...consultees(facts, directory)];
    case 'PostRejected':
      return to('post-rejected', proposer);
    case 'PostSentBack':
      return to('post-sent-back', proposer);
    case 'ConsultationResponseRecorded':
      return event.data.outcome === 'concerns-raised'
        ? to('consultation-concerns', decisionMakerOf(facts, directory))
        : [];
    case 'DecisionCalledIn':
      return to('decision-called-in', proposer, decisionMakerOf(facts, directory));
    // Not open for call-in: the post is ready to recruit as soon as consultation is complete. Open (or
    // not known, for a post proposed before events said): CallInPeriodEnded says when it is.
    case 'ConsultationCompleted':
      return facts.openForCallIn === false ? to('ready-to-recruit', proposer) : [];
    case 'CallInPeriodEnded':
      return to('ready-to-recruit', proposer);
    case 'AdvertClosed':
      return to('advert-closed', proposer);
    case 'ApplicationsRecorded':
      return to(event.data.suitable > 0 ? 'applicants-available' : 'no-suitable-applicants', proposer);
    case 'OfferAccepted':
      return to('offer-accepted', proposer);
    case 'OfferDeclined':
      return to('offer-declined', proposer);
    case 'RecruitArrived':
      return to('recruit-arrived', proposer);
    case 'PreEmploymentCheckRecorded':
      if (event.data.outcome === 'failed') return to('check-failed', proposer);
      return !checksComplete(before) && checksComplete(facts) ? to('checks-complete', proposer) : [];
    case 'VisaDecisionRecorded':
      return event.data.outcome === 'refused' ? to('route-ended-unfilled', proposer) : [];
    case 'RouteEndedUnfilled':
      return to('route-ended-unfilled', proposer);
    default:
      return [];
  }
}

/**
 * The hand-offs of an event: whom it leaves waiting to act, each person once. Nobody is told of
 * their own action (HR who record a step are not mailed about it; a colleague in HR who proposed the
 * post is), and nobody of a confidential post they may not see.
 */
export function handOffsOf(
  event: PostEvent,
  before: PostFacts | undefined,
  facts: PostFacts,
  directory: HandOffDirectory,
): HandOff[] {
  const seen = new Set<string>();
  return handOffsOfEvent(event, before, facts, directory).filter((handOff) => {
    if (handOff.to === event.actor.id || seen.has(handOff.to)) return false;
    if (!mayBeTold(handOff.to, facts, directory)) return false;
    seen.add(handOff.to);
    return true;
  });
}

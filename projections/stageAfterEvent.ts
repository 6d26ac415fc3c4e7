import { finalStages, type PostStage } from '../domain/postRules.js';
import type { PostEvent } from '../schemas/postEvents.js';

export type Funding = 'allocation' | 'existing-establishment';

/**
 * The stage a post is in after one of its events, read from the event alone (docs/lifecycle.md).
 * Events that do not move a post (reminders, route steps, agency cover, releases after the end) leave
 * the stage as it was, and nothing moves a post out of a final stage.
 *
 * Two moves are not in the stream and are inferred: a post funded from the existing establishment
 * has no budget check, so its proposal (or revision) puts it straight in `awaiting-approval`; and
 * `ConsultationCompleted` does not say whether a call-in period follows, so it implies
 * `ready-to-recruit` until `CallInPeriodStarted` (published a moment later) says otherwise.
 */
export function stageAfterEvent(stage: PostStage, funding: Funding, event: PostEvent): PostStage {
  if (finalStages.includes(stage)) return stage;
  switch (event.type) {
    case 'PostProposed':
      return event.data.funding === 'existing-establishment' ? 'awaiting-approval' : 'budget-check';
    case 'PostRevised':
      return funding === 'existing-establishment' ? 'awaiting-approval' : 'budget-check';
    case 'BudgetReserved':
      return 'awaiting-approval';
    case 'BudgetShortfall':
      return 'budget-held';
    case 'PostApproved':
      return 'consultation';
    case 'PostSentBack':
      return 'sent-back';
    case 'PostRejected':
      return 'rejected';
    case 'ConsultationResponseRecorded':
      // A response without concerns while concerns are open leaves the post with the director.
      return event.data.outcome === 'concerns-raised' ? 'concerns-raised' : stage;
    case 'ConsultationConcernsResolved':
      return 'consultation';
    case 'ConsultationCompleted':
      return 'ready-to-recruit';
    case 'CallInPeriodStarted':
      return 'call-in-period';
    case 'DecisionCalledIn':
      return 'called-in';
    case 'CallInOutcomeRecorded':
      // An overturned decision is followed by PostRejected, which ends the post.
      return event.data.outcome === 'decision-stands' ? 'ready-to-recruit' : stage;
    case 'CallInPeriodEnded':
      return 'ready-to-recruit';
    case 'AdvertPublished':
      return 'advertised';
    case 'AdvertClosed':
      return 'awaiting-applications';
    case 'ApplicationsRecorded':
      return event.data.suitable > 0 ? 'applicants-available' : 'no-suitable-applicants';
    case 'PostHeld':
      return 'held';
    case 'RecruitmentRouteStarted':
      return 'recruiting';
    case 'RouteEndedUnfilled':
      return 'no-suitable-applicants';
    case 'PostFilled':
      return 'filled';
    case 'PostWithdrawn':
      return 'withdrawn';
    default:
      return stage;
  }
}

import type { DecisionRecord, PostView } from '../contract/postView.js';
import { workflowIds } from '../contract/workflowIds.js';
import { formatPence } from '../domain/money.js';
import type { PostEvent } from '../schemas/postEvents.js';
import type { CataloguedPost, CatalogueStep } from './postCatalogue.js';

/** What each step of a post's story is called on its page. */
const actions: Partial<Record<PostEvent['type'], string>> = {
  PostProposed: 'proposed',
  BudgetReserved: 'budget check',
  BudgetShortfall: 'budget check',
  BudgetReleased: 'budget released',
  ApprovalReminderSent: 'reminder',
  ApprovalEscalated: 'escalation',
  DecisionDelegated: 'delegate',
  PostApproved: 'approve',
  PostRejected: 'reject',
  PostSentBack: 'send-back',
  PostRevised: 'revise',
  ConsultationResponseRecorded: 'consultation response',
  ConsultationConcernsResolved: 'proceed despite concerns',
  ConsultationCompleted: 'consultation complete',
  CallInPeriodStarted: 'call-in period started',
  DecisionCalledIn: 'record-call-in',
  CallInOutcomeRecorded: 'call-in outcome',
  CallInPeriodEnded: 'call-in period ended',
  AdvertPublished: 'publish-advert',
  AdvertClosed: 'advert closed',
  ApplicationsRecorded: 'record-applications',
  AdvertsExhausted: 'adverts exhausted',
  PostHeld: 'hold',
  RecruitmentRouteStarted: 'start-route',
  AgencyCoverStarted: 'start-agency-cover',
  AgencyCoverEnded: 'end-agency-cover',
  PostFilled: 'filled',
  BackfillPostStarted: 'backfill post started',
  PostWithdrawn: 'withdraw',
};

function decisionOf(step: CatalogueStep, post: CataloguedPost): DecisionRecord | undefined {
  const action = actions[step.type];
  if (!action) return undefined;
  const authority =
    step.authority ??
    (step.actor.role === 'system'
      ? step.type.startsWith('Budget')
        ? 'budget allocation'
        : 'workflow'
      : step.actor.role);
  const reason =
    step.reason ??
    (step.type === 'BudgetReserved'
      ? `reserved ${formatPence(post.reservedPence)}`
      : step.type === 'PostProposed'
        ? post.jobTitle
        : '');
  return { action, actor: step.actor, authority, reason, at: step.at };
}

const waitingFor: Record<string, string> = {
  filled: 'nothing: the post is filled',
  rejected: 'nothing: the post was rejected',
  withdrawn: 'nothing: the post was withdrawn',
};

/**
 * A post from its catalogued record in the shape of a live post's view, so its page and the API show
 * a closed post the same way whether or not Temporal still holds its workflow's history.
 */
export function postViewOfRecord(post: CataloguedPost): PostView & { fromRecord: true; closedAt?: string } {
  return {
    fromRecord: true,
    ...(post.closedAt ? { closedAt: post.closedAt } : {}),
    postId: post.postId,
    proposalId: post.proposalId,
    details: {
      serviceArea: post.serviceArea,
      jobTitle: post.jobTitle,
      grade: post.grade,
      annualCostPence: post.annualCostPence,
      fte: post.fte,
    },
    proposedBy: post.proposedBy,
    ...(post.approvalPolicyVersion ? { approvalPolicyVersion: post.approvalPolicyVersion } : {}),
    decisionMaker: post.decisionMaker ?? '',
    deputy: post.deputy ?? '',
    confidential: post.confidential,
    maxReadverts: 0,
    stage: post.stage,
    waitingFor: waitingFor[post.stage] ?? 'see the live post',
    budget: { reservedPence: post.reservedPence },
    remindersSent: post.steps.filter((step) => step.type === 'ApprovalReminderSent').length,
    escalated: false,
    overdue: false,
    delegations: [],
    consultation: Object.fromEntries(
      Object.entries(post.consultation).map(([party, response]) => [party, response]),
    ) as PostView['consultation'],
    adverts: {
      count: post.adverts.count,
      ...(post.adverts.closesOn ? { closesOn: post.adverts.closesOn } : {}),
    },
    ...(post.route
      ? {
          route: {
            type: post.route as NonNullable<PostView['route']>['type'],
            workflowId: workflowIds.route(post.postId),
          },
        }
      : {}),
    ...(post.filled ? { filled: post.filled } : {}),
    ...(post.backfillPostId ? { backfillPostId: post.backfillPostId } : {}),
    decisions: post.steps
      .map((step) => decisionOf(step, post))
      .filter((decision): decision is DecisionRecord => decision !== undefined),
  };
}

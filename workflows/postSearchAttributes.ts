import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { PostView } from '../contract/postView.js';
import {
  ApprovalOverdueKey,
  ConfidentialKey,
  ConsultationKey,
  DecidersKey,
  DecisionMakerKey,
  GradeKey,
  JobTitleKey,
  NamedPeopleKey,
  PostStageKey,
  ProposalIdKey,
  ProposedByKey,
  RecruitmentRouteKey,
  ServiceAreaKey,
} from '../contract/searchAttributes.js';

const consultationStages: readonly string[] = ['consultation', 'concerns-raised'];
const parties = ['union', 'executive-member', 'equality'] as const;

/** Who may decide now by the post's own state (leave cover is resolved when a list is asked for). */
function decidersOf(view: PostView, today: string): string[] {
  const delegates = view.delegations.filter((d) => d.to >= today).map((d) => d.delegateId);
  return [...new Set([view.decisionMaker, ...delegates, ...(view.escalated ? [view.deputy] : [])])];
}

/** `awaiting:<party>` for each party yet to answer in consultation, `answered:<party>` for each that has. */
function consultationOf(view: PostView): string[] {
  return parties.flatMap((party) => {
    if (view.consultation[party]) return [`answered:${party}`];
    return consultationStages.includes(view.stage) ? [`awaiting:${party}`] : [];
  });
}

/**
 * Posts started before this patch upserted their search attributes after every command and every
 * turn of the post's loop, changed or not: 15 upserts in a lifecycle, each a visibility write on the
 * server, for 11 changes. Now an unchanged set is not sent again.
 */
const SEARCH_ATTRIBUTES_ON_CHANGE = 'search-attributes-on-change';

/**
 * Keeps the visibility record in step with the post, so every person's work list is a query: who
 * decides, who may decide now, whose consultation response is awaited, who may see it. One per post
 * workflow: it remembers what it last sent.
 */
export class SearchAttributePublisher {
  private lastSent: string | undefined;

  publish(view: PostView, today: string): void {
    const attributes = searchAttributesOf(view, today);
    const sent = JSON.stringify(attributes);
    if (sent === this.lastSent && patched(SEARCH_ATTRIBUTES_ON_CHANGE)) return;
    this.lastSent = sent;
    upsertSearchAttributes(attributes);
  }
}

function searchAttributesOf(view: PostView, today: string) {
  const named = new Set([
    view.proposedBy.id,
    view.decisionMaker,
    view.deputy,
    ...view.delegations.map((d) => d.delegateId),
  ]);
  return [
    { key: PostStageKey, value: view.stage },
    { key: ServiceAreaKey, value: view.details.serviceArea },
    { key: GradeKey, value: view.details.grade },
    { key: ApprovalOverdueKey, value: view.overdue },
    { key: ProposalIdKey, value: view.proposalId },
    { key: RecruitmentRouteKey, value: view.route?.type ?? null },
    { key: JobTitleKey, value: view.details.jobTitle },
    { key: DecisionMakerKey, value: view.decisionMaker },
    { key: ProposedByKey, value: view.proposedBy.id },
    { key: DecidersKey, value: decidersOf(view, today) },
    { key: ConsultationKey, value: consultationOf(view) },
    { key: ConfidentialKey, value: view.confidential },
    { key: NamedPeopleKey, value: [...named] },
  ];
}

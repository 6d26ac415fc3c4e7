import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { PostView } from './postView.js';

// The keys of schemas/searchAttributes.ts, typed for workflow and client code.
export const PostStageKey = defineSearchAttributeKey('PostStage', SearchAttributeType.KEYWORD);
export const ServiceAreaKey = defineSearchAttributeKey('ServiceArea', SearchAttributeType.KEYWORD);
export const GradeKey = defineSearchAttributeKey('Grade', SearchAttributeType.KEYWORD);
export const RecruitmentRouteKey = defineSearchAttributeKey('RecruitmentRoute', SearchAttributeType.KEYWORD);
export const ApprovalOverdueKey = defineSearchAttributeKey('ApprovalOverdue', SearchAttributeType.BOOL);
export const ProposalIdKey = defineSearchAttributeKey('ProposalId', SearchAttributeType.KEYWORD);

/** Keeps the visibility record in step with the post, so the director's inbox is a query. */
export function publishSearchAttributes(view: PostView): void {
  upsertSearchAttributes([
    { key: PostStageKey, value: view.stage },
    { key: ServiceAreaKey, value: view.details.serviceArea },
    { key: GradeKey, value: view.details.grade },
    { key: ApprovalOverdueKey, value: view.overdue },
    { key: ProposalIdKey, value: view.proposalId },
    { key: RecruitmentRouteKey, value: view.route?.type ?? null },
  ]);
}

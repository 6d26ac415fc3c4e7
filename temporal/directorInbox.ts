import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import {
  ApprovalOverdueKey,
  GradeKey,
  JobTitleKey,
  PostStageKey,
  ProposalIdKey,
  ServiceAreaKey,
} from '../contract/searchAttributes.js';
import type { PostStage } from '../domain/postRules.js';

/** The stages in which a post waits for the director. */
export const awaitingDirectorStages: readonly PostStage[] = [
  'awaiting-approval',
  'budget-held',
  'concerns-raised',
];

export interface InboxEntry {
  postId: string;
  proposalId: string;
  stage: string;
  serviceArea: string;
  grade: string;
  overdue: boolean;
  startedAt: Date;
}

/** A post as its visibility record shows it: no workflow is asked. */
export function postSummaryOf(execution: WorkflowExecutionInfo) {
  const attributes = execution.typedSearchAttributes;
  return {
    postId: execution.workflowId,
    proposalId: attributes.get(ProposalIdKey) ?? '',
    stage: attributes.get(PostStageKey) ?? '',
    serviceArea: attributes.get(ServiceAreaKey) ?? '',
    grade: attributes.get(GradeKey) ?? '',
    jobTitle: attributes.get(JobTitleKey) ?? '',
  };
}

export function quoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The visibility query behind the director's inbox, optionally for one proposal. */
export function directorInboxQuery(proposalId?: string): string {
  const stages = awaitingDirectorStages.map(quoted).join(', ');
  const base = `PostStage IN (${stages}) AND ExecutionStatus = 'Running'`;
  return proposalId ? `${base} AND ProposalId = ${quoted(proposalId)}` : base;
}

/**
 * The posts waiting for a director, overdue first, then oldest first: a visibility query, no
 * workflow is asked. (SQL visibility cannot ORDER BY custom attributes, so the sort is done here.)
 */
export async function directorInbox(client: Client, proposalId?: string): Promise<InboxEntry[]> {
  const entries: InboxEntry[] = [];
  for await (const execution of client.workflow.list({ query: directorInboxQuery(proposalId) })) {
    entries.push({
      ...postSummaryOf(execution),
      overdue: execution.typedSearchAttributes.get(ApprovalOverdueKey) ?? false,
      startedAt: execution.startTime,
    });
  }
  return entries.sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.startedAt.getTime() - b.startedAt.getTime(),
  );
}

/**
 * The custom search attributes of a post workflow. The director's inbox and the overdue list are
 * visibility queries over these, so the dev server (infra/stack.ts), the Temporal cluster
 * (docker-compose.yml) and the workflows (workflows/searchAttributes.ts) all read this one list.
 */
export const postSearchAttributes = {
  PostStage: 'Keyword',
  ServiceArea: 'Keyword',
  Grade: 'Keyword',
  RecruitmentRoute: 'Keyword',
  ApprovalOverdue: 'Bool',
  ProposalId: 'Keyword',
} as const;

export type PostSearchAttributeName = keyof typeof postSearchAttributes;

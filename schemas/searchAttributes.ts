/**
 * The custom search attributes of a post workflow. Every person's work list is a visibility query
 * over these (SQL visibility has 10 Keyword, 3 Bool and 3 KeywordList slots; this uses 8, 2 and 3), so the dev server (infra/stack.ts), the Temporal cluster
 * (docker-compose.yml) and the workflows (workflows/searchAttributes.ts) all read this one list.
 */
export const postSearchAttributes = {
  PostStage: 'Keyword',
  ServiceArea: 'Keyword',
  Grade: 'Keyword',
  RecruitmentRoute: 'Keyword',
  ApprovalOverdue: 'Bool',
  ProposalId: 'Keyword',
  JobTitle: 'Keyword',
  /** The director named to decide, and the HR officer who proposed the post. */
  DecisionMaker: 'Keyword',
  ProposedBy: 'Keyword',
  /** Who may decide now by the post's own state: the decision maker, delegates, the deputy once escalated. */
  Deciders: 'KeywordList',
  /** `awaiting:<party>` and `answered:<party>` for the union, executive member and equality lead. */
  Consultation: 'KeywordList',
  Confidential: 'Bool',
  /** Everyone named on the post (proposer, decision maker, deputy, delegates): who may see a confidential one. */
  NamedPeople: 'KeywordList',
} as const;

export type PostSearchAttributeName = keyof typeof postSearchAttributes;

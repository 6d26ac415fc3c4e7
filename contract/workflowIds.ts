/**
 * The id of every workflow the product runs, built in one place, so the workflows, the API, the
 * projections and the tools name a workflow alike. Pure functions: workflow code imports them.
 */
export const workflowIds = {
  /** A post's own workflow: the post id (`<proposal>.L<line>.P<post>`, domain/proposalPosts.ts). */
  post: (postId: string) => postId,
  /** The recruitment route of a post, its child workflow. */
  route: (postId: string) => `${postId}.route`,
  /** The post that backfills the one an internal appointee leaves. */
  backfill: (postId: string) => `${postId}.backfill`,
  /** The budget ledger of a proposal's allocation. */
  budget: (proposalId: string) => `${proposalId}.budget`,
  /** The one ledger of the places under the cap on international recruits. */
  internationalCap: 'international-recruits-cap',
} as const;

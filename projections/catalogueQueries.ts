import { finalStages, type PostStage } from '../domain/postRules.js';
import type { CataloguedPost, PostCatalogue } from './postCatalogue.js';

/** Who asks: a confidential post is listed only for HR and the people named on it. */
export interface CatalogueViewer {
  id: string;
  roles: readonly string[];
}

export const postSorts = ['waiting', 'title', 'cost', 'proposed', 'stage'] as const;
export type PostSort = (typeof postSorts)[number];

export interface PostListQuery {
  /** Words found in the job title, proposal title, post id or proposal id. */
  text?: string | undefined;
  stages?: readonly PostStage[] | undefined;
  serviceArea?: string | undefined;
  grade?: string | undefined;
  route?: string | undefined;
  overdue?: boolean | undefined;
  proposalId?: string | undefined;
  /** Only open (or only closed) posts. */
  open?: boolean | undefined;
  sort?: PostSort | undefined;
  /** Newest, longest or largest first when true (the default for every sort but title). */
  descending?: boolean | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
}

/** A post as every list shows it: what it is, what it costs, where it stands and for how long. */
export interface PostListItem {
  postId: string;
  proposalId: string;
  proposalTitle?: string;
  jobTitle: string;
  serviceArea: string;
  grade: string;
  fte: number;
  annualCostPence: number;
  stage: PostStage;
  proposedBy: string;
  decisionMaker?: string;
  /** Whole days in the current stage (for an open post), by the clock of `now`. */
  daysWaiting: number;
  overdue: boolean;
  confidential: boolean;
  closedAt?: string;
  route?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
}

const DAY = 86_400_000;

/** Whether a person may see a post: every post for HR; a confidential one for the people named on it. */
export function mayView(post: CataloguedPost, viewer: CatalogueViewer): boolean {
  if (!post.confidential || viewer.roles.includes('hr')) return true;
  const named = [
    post.proposedBy.id,
    post.decisionMaker,
    post.deputy,
    ...post.steps.map((step) => step.actor.id),
  ];
  return named.includes(viewer.id);
}

export function listItemOf(post: CataloguedPost, now: number): PostListItem {
  const open = !finalStages.includes(post.stage);
  return {
    postId: post.postId,
    proposalId: post.proposalId,
    ...(post.proposalTitle ? { proposalTitle: post.proposalTitle } : {}),
    jobTitle: post.jobTitle,
    serviceArea: post.serviceArea,
    grade: post.grade,
    fte: post.fte,
    annualCostPence: post.annualCostPence,
    stage: post.stage,
    proposedBy: post.proposedBy.id,
    ...(post.decisionMaker ? { decisionMaker: post.decisionMaker } : {}),
    daysWaiting: open ? Math.max(0, Math.floor((now - Date.parse(post.stageSince)) / DAY)) : 0,
    overdue: open && post.overdue,
    confidential: post.confidential,
    ...(post.closedAt ? { closedAt: post.closedAt } : {}),
    ...(post.route ? { route: post.route } : {}),
  };
}

// Plain comparisons, not Intl collation: a list of 10,000 posts is filtered and sorted on every page.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function matches(post: CataloguedPost, query: PostListQuery): boolean {
  if (query.proposalId && post.proposalId !== query.proposalId) return false;
  if (query.stages?.length && !query.stages.includes(post.stage)) return false;
  if (query.serviceArea && post.serviceArea.toLowerCase() !== query.serviceArea.toLowerCase()) return false;
  if (query.grade && post.grade.toLowerCase() !== query.grade.toLowerCase()) return false;
  if (query.route && post.route !== query.route) return false;
  if (query.overdue !== undefined && (post.overdue && !finalStages.includes(post.stage)) !== query.overdue) {
    return false;
  }
  if (query.open !== undefined && finalStages.includes(post.stage) === query.open) return false;
  const text = query.text?.trim().toLowerCase();
  if (text) {
    const haystack =
      `${post.jobTitle} ${post.proposalTitle ?? ''} ${post.postId} ${post.proposalId}`.toLowerCase();
    if (!text.split(/\s+/).every((word) => haystack.includes(word))) return false;
  }
  return true;
}

const comparators: Record<PostSort, (a: PostListItem, b: PostListItem) => number> = {
  waiting: (a, b) => Number(a.overdue) - Number(b.overdue) || a.daysWaiting - b.daysWaiting,
  title: (a, b) => byText(a.jobTitle.toLowerCase(), b.jobTitle.toLowerCase()),
  cost: (a, b) => a.annualCostPence - b.annualCostPence,
  proposed: () => 0,
  stage: (a, b) => byText(a.stage, b.stage),
};

/** One page of the posts a person may see that match the query, sorted; the post id breaks ties. */
export function listPosts(
  catalogue: PostCatalogue,
  query: PostListQuery,
  viewer: CatalogueViewer,
  now = Date.now(),
): Page<PostListItem> {
  const sort = query.sort ?? 'waiting';
  const descending = query.descending ?? sort !== 'title';
  const found = Object.values(catalogue.posts)
    .filter((post) => mayView(post, viewer) && matches(post, query))
    .map((post) => ({ post, item: listItemOf(post, now) }));
  found.sort((a, b) => {
    const by =
      sort === 'proposed'
        ? a.post.proposedAt.localeCompare(b.post.proposedAt)
        : comparators[sort](a.item, b.item);
    return (descending ? -by : by) || a.item.postId.localeCompare(b.item.postId);
  });
  return pageOf(
    found.map(({ item }) => item),
    query.page,
    query.perPage,
  );
}

export function pageOf<T>(all: readonly T[], page = 1, perPage = 25): Page<T> {
  const size = Math.min(100, Math.max(1, Math.floor(perPage)));
  const pages = Math.max(1, Math.ceil(all.length / size));
  const current = Math.min(pages, Math.max(1, Math.floor(page)));
  return {
    items: all.slice((current - 1) * size, current * size),
    total: all.length,
    page: current,
    pages,
    perPage: size,
  };
}

/** A proposal as the proposals list shows it: its title, its posts and where they stand. */
export interface ProposalListItem {
  proposalId: string;
  title?: string;
  proposedBy: string;
  proposedAt: string;
  posts: number;
  open: number;
  fte: number;
  annualCostPence: number;
}

/** The proposals a person may see (through their posts), newest first, optionally searched. */
export function listProposals(
  catalogue: PostCatalogue,
  query: { text?: string | undefined; page?: number | undefined; perPage?: number | undefined },
  viewer: CatalogueViewer,
): Page<ProposalListItem> {
  const proposals = new Map<string, ProposalListItem>();
  for (const post of Object.values(catalogue.posts)) {
    if (!mayView(post, viewer)) continue;
    const entry = proposals.get(post.proposalId) ?? {
      proposalId: post.proposalId,
      ...(post.proposalTitle ? { title: post.proposalTitle } : {}),
      proposedBy: post.proposedBy.id,
      proposedAt: post.proposedAt,
      posts: 0,
      open: 0,
      fte: 0,
      annualCostPence: 0,
    };
    entry.posts += 1;
    if (!finalStages.includes(post.stage)) entry.open += 1;
    entry.fte = Math.round((entry.fte + post.fte) * 1e6) / 1e6;
    entry.annualCostPence += post.annualCostPence;
    if (post.proposedAt < entry.proposedAt) entry.proposedAt = post.proposedAt;
    proposals.set(post.proposalId, entry);
  }
  const text = query.text?.trim().toLowerCase();
  const all = [...proposals.values()]
    .filter((p) => !text || `${p.title ?? ''} ${p.proposalId}`.toLowerCase().includes(text))
    .sort((a, b) => byText(b.proposedAt, a.proposedAt) || byText(a.proposalId, b.proposalId));
  return pageOf(all, query.page, query.perPage);
}

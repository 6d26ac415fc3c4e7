import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';
import { postStages } from '../../domain/postRules.js';
import { postSorts } from '../../projections/catalogueQueries.js';
import type { PostService } from '../../temporal/postService.js';
import { postListQuery, proposalListQuery } from '../api/apiSchemas.js';
import type { SignedInUser } from '../auth/user.js';
import { stageTag } from './stageTags.js';
import { renderPage } from './views.js';

const sortNames: Record<(typeof postSorts)[number], string> = {
  waiting: 'Days waiting',
  title: 'Job title',
  cost: 'Annual cost',
  proposed: 'Date proposed',
  stage: 'Stage',
};

/** GOV.UK pagination items for a list page, keeping every other query parameter. */
function pagination(path: string, query: Record<string, unknown>, page: number, pages: number) {
  if (pages <= 1) return undefined;
  const href = (n: number) => {
    const params = new URLSearchParams(
      Object.entries(query).filter(([, v]) => v !== undefined && v !== '') as [string, string][],
    );
    params.set('page', String(n));
    return `${path}?${params}`;
  };
  const near = Array.from({ length: pages }, (_, i) => i + 1).filter(
    (n) => n === 1 || n === pages || Math.abs(n - page) <= 2,
  );
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  near.forEach((n, i) => {
    if (i > 0 && n - (near[i - 1] ?? n) > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items,
  };
}

/**
 * Every post and every proposal, open and closed, as people read them: job title, proposal, service
 * area, grade, FTE, cost, stage, proposer and days waiting; searched, filtered, sorted and paged with
 * plain GET forms and links, so the lists work without JavaScript.
 */
export function listPages(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  app.get('/posts', async (request, reply) => {
    const parsed = postListQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : {};
    const raw = (request.query ?? {}) as Record<string, string>;
    const { q, stage, order, ...filters } = query;
    const page = posts.listPosts(
      {
        ...filters,
        ...(q ? { text: q } : {}),
        ...(stage ? { stages: [stage] } : {}),
        ...(order ? { descending: order === 'desc' } : {}),
      },
      request.user as SignedInUser,
    );
    const sortHref = (sort: string) => {
      const params = new URLSearchParams({
        ...raw,
        sort,
        order: raw.sort === sort && raw.order !== 'asc' ? 'asc' : 'desc',
      });
      params.delete('page');
      return `/posts?${params}`;
    };
    return renderPage(views, request, reply, 'postList.njk', {
      pageTitle: 'Posts',
      query: raw,
      stages: postStages.map((value) => ({ value, text: stageTag(value).text, selected: value === stage })),
      sorts: postSorts.map((value) => ({
        value,
        text: sortNames[value],
        href: sortHref(value),
        current: (query.sort ?? 'waiting') === value,
      })),
      rows: (page?.items ?? []).map((item) => ({ ...item, tag: stageTag(item.stage) })),
      total: page?.total ?? 0,
      pagination: page ? pagination('/posts', raw, page.page, page.pages) : undefined,
    });
  });

  app.get('/proposals', async (request, reply) => {
    const parsed = proposalListQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : {};
    const raw = (request.query ?? {}) as Record<string, string>;
    const page = posts.listProposals(
      { ...(query.q ? { text: query.q } : {}), page: query.page, perPage: query.perPage },
      request.user as SignedInUser,
    );
    return renderPage(views, request, reply, 'proposalList.njk', {
      pageTitle: 'Proposals',
      query: raw,
      rows: page?.items ?? [],
      total: page?.total ?? 0,
      pagination: page ? pagination('/proposals', raw, page.page, page.pages) : undefined,
    });
  });
}

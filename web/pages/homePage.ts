import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';
import { londonDateOf } from '../../domain/workingDays.js';
import type { PostService, PostSummary } from '../../temporal/postService.js';
import type { WorkItem, WorkSection } from '../../temporal/workLists.js';
import { hasRole, type SignedInUser } from '../auth/user.js';
import { messagePage } from './messagePage.js';
import { stageTag } from './stageTags.js';
import { renderPage } from './views.js';

/** Rows of each section on the home page; the rest are a click away, paged. */
const ON_HOME = 10;
const PER_PAGE = 25;

function postRows(posts: readonly PostSummary[]) {
  return posts.map((post) => ({ ...post, tag: stageTag(post.stage) }));
}

function workRows(items: readonly WorkItem[], now: number) {
  return items.map((item) => ({
    ...item,
    tag: stageTag(item.stage),
    daysWaiting: Math.max(0, Math.floor((now - item.startedAt.getTime()) / 86_400_000)),
  }));
}

/** The leave cover a person gives (as a director) or holds (as a deputy), for the banner. */
function leaveOf(posts: PostService, user: SignedInUser) {
  const today = londonDateOf(Date.now());
  const current = posts.directory.currentAndComing(today);
  return {
    given: current.filter((leave) => leave.directorId === user.id),
    held: current.filter((leave) => leave.deputyId === user.id && leave.from <= today),
  };
}

/** Home: what waits for this person in each of their roles, overdue first; HR also sees every post. */
export function homePage(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  app.get('/', async (request, reply) => {
    const user = request.user as SignedInUser;
    const now = Date.now();
    const sections = (await posts.workList(user)).map((section) => ({
      ...section,
      total: section.items.length,
      rows: workRows(section.items.slice(0, ON_HOME), now),
    }));
    const showsAllPosts = hasRole(user, 'hr', 'finance', 'viewer') || sections.length === 0;
    const all = showsAllPosts ? await posts.posts({ limit: 200, viewer: user }) : [];
    return renderPage(views, request, reply, 'home.njk', {
      pageTitle: 'Your work',
      sections,
      waitingTotal: sections.filter((s) => s.waiting).reduce((sum, s) => sum + s.total, 0),
      isHr: hasRole(user, 'hr'),
      isDirector: hasRole(user, 'director'),
      leave: leaveOf(posts, user),
      posts: showsAllPosts ? postRows(all) : undefined,
    });
  });

  // One section of the work list in full, a page at a time.
  app.get<{ Params: { section: string }; Querystring: { page?: string } }>(
    '/work/:section',
    async (request, reply) => {
      const user = request.user as SignedInUser;
      const section = (await posts.workList(user)).find((s) => s.key === request.params.section) as
        | WorkSection
        | undefined;
      if (!section) {
        return messagePage(views, request, reply, 404, 'Page not found', 'There is no such list for you.');
      }
      const pages = Math.max(1, Math.ceil(section.items.length / PER_PAGE));
      const page = Math.min(pages, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
      const href = (n: number) => `/work/${section.key}?page=${n}`;
      return renderPage(views, request, reply, 'workSection.njk', {
        pageTitle: section.title,
        section: { ...section, total: section.items.length },
        rows: workRows(section.items.slice((page - 1) * PER_PAGE, page * PER_PAGE), Date.now()),
        pagination:
          pages > 1
            ? {
                ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
                ...(page < pages ? { next: { href: href(page + 1) } } : {}),
                items: Array.from({ length: pages }, (_, i) => ({
                  number: i + 1,
                  href: href(i + 1),
                  current: i + 1 === page,
                })),
              }
            : undefined,
      });
    },
  );
}

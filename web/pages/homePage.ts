import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';
import type { PostService, PostSummary } from '../../temporal/postService.js';
import { hasRole, type SignedInUser } from '../auth/user.js';
import { stageTag } from './stageTags.js';
import { renderPage } from './views.js';

const consultationStages = ['consultation', 'concerns-raised'];

const consultationRoles = ['union', 'executive-member', 'equality-lead'] as const;

function postRows(posts: readonly PostSummary[]) {
  return posts.map((post) => ({ ...post, tag: stageTag(post.stage) }));
}

/** Home: what this person has to do, by role. */
export function homePage(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  app.get('/', async (request, reply) => {
    const user = request.user as SignedInUser;
    if (hasRole(user, 'director', 'deputy')) {
      const inbox = await posts.inbox();
      return renderPage(views, request, reply, 'home.njk', {
        pageTitle: 'Approvals',
        view: 'inbox',
        inbox: inbox.map((entry) => ({
          ...entry,
          startedAt: entry.startedAt.toISOString(),
          tag: stageTag(entry.stage),
        })),
        overdueCount: inbox.filter((entry) => entry.overdue).length,
      });
    }
    const all = await posts.posts({ limit: 200 });
    if (hasRole(user, ...consultationRoles)) {
      return renderPage(views, request, reply, 'home.njk', {
        pageTitle: 'Posts waiting for consultation',
        view: 'consultation',
        posts: postRows(all.filter((post) => consultationStages.includes(post.stage))),
      });
    }
    return renderPage(views, request, reply, 'home.njk', {
      pageTitle: hasRole(user, 'hr') ? 'Posts and proposals' : 'Posts',
      view: hasRole(user, 'hr') ? 'hr' : 'posts',
      posts: postRows(all),
    });
  });
}

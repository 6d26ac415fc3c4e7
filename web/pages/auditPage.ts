import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../audit/auditLog.js';
import { CommandRefused } from '../../temporal/postService.js';
import { auditExportRoles } from '../api/commandRoles.js';
import { hasRole, type SignedInUser } from '../auth/user.js';
import { messagePage } from './messagePage.js';
import type { PostPageDeps } from './postPage.js';
import { renderPage } from './views.js';

/** A post's audit log: every command sent to it or its route, accepted or refused, newest first. */
export function auditPage(app: FastifyInstance, deps: PostPageDeps & { audit: AuditLog }): void {
  app.get<{ Params: { postId: string } }>('/posts/:postId/audit', async (request, reply) => {
    const { postId } = request.params;
    const view = await deps.posts.post(postId, request.user as SignedInUser).catch((error: unknown) => {
      if (error instanceof CommandRefused && error.reason === 'not-found') return undefined;
      throw error;
    });
    if (!view) {
      return messagePage(deps.views, request, reply, 404, 'Post not found', 'There is no post with this id.');
    }
    const user = request.user as SignedInUser;
    return renderPage(deps.views, request, reply, 'audit.njk', {
      pageTitle: `Commands sent: ${view.details.jobTitle} (${view.details.grade})`,
      post: view,
      attempts: (await deps.audit.forPost(postId)).reverse(),
      csvHref: hasRole(user, ...auditExportRoles)
        ? `/api/audit.csv?postId=${encodeURIComponent(postId)}`
        : undefined,
    });
  });
}

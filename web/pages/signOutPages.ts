import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';
import type { AuthServices } from '../auth/authServices.js';
import { endSession } from '../auth/sessionCookie.js';
import { renderPage } from './views.js';

/**
 * Sign-out, in both modes: the session is deleted on the server (its cookie never signs anyone in
 * again), then, after an identity provider's sign-in, the browser goes to the provider's
 * end-session endpoint (RP-initiated logout) to end the provider's session too, and comes back to
 * /signed-out.
 */
export function signOutPages(app: FastifyInstance, views: nunjucks.Environment, auth: AuthServices): void {
  app.post('/sign-out', async (request, reply) => {
    const ended = await endSession(request, reply, auth.sessions, auth.cookies);
    if (ended) request.log.info({ userId: ended.userId, via: ended.via }, 'signed out');
    if (!auth.oidc) return reply.redirect('/sign-in', 303);
    const endSessionUrl = ended?.via === 'oidc' ? await auth.oidc.endSessionUrl(ended.idToken) : undefined;
    return reply.redirect(endSessionUrl?.href ?? '/signed-out', 303);
  });

  app.get('/signed-out', async (request, reply) =>
    renderPage(views, request, reply, 'signedOut.njk', { pageTitle: 'You have signed out' }),
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { AuthServices } from '../auth/authServices.js';
import { safeReturnTo } from '../auth/returnTo.js';
import { beginSession } from '../auth/sessionCookie.js';
import type { RateLimit } from '../security/rateLimits.js';
import { messageFor } from './errorCatalogue.js';
import { signInWords } from './fieldWords.js';
import { FormReader, formBodyOf } from './formReader.js';
import { messagePage } from './messagePage.js';
import { sessionEndedNotice } from './signInNotice.js';
import { renderPage } from './views.js';

const roleNames: Record<string, string> = {
  hr: 'HR / service manager: proposes posts and runs recruitment',
  director: 'Director: approves, rejects or sends back posts',
  deputy: 'Deputy director: takes escalations, call-ins and delegated decisions',
  union: 'Trade union representative: consultation response',
  'executive-member': 'Executive Member: briefing response',
  'equality-lead': 'Equality lead: equality (EDCI) screening',
  finance: 'Finance: views posts and budgets',
  viewer: 'Viewer: read only',
};

function signInContext(
  directory: StaffDirectory,
  returnTo: string,
  { selected, error, notice }: { selected?: string | undefined; error?: string; notice?: string | undefined },
) {
  return {
    pageTitle: 'Sign in',
    ...(error ? { errorList: [{ text: error, href: '#userId' }] } : {}),
    error,
    notice,
    returnTo,
    users: directory.store
      .people()
      .filter((person) => person.active)
      .map((person) => ({
        value: person.id,
        text: person.name,
        hint: { text: `${person.id} · ${person.roles.map((role) => roleNames[role] ?? role).join('; ')}` },
        checked: person.id === selected,
      })),
  };
}

/** The rate limit's page: counted before anything else of the request is looked at. */
export function limitedSignIn(views: nunjucks.Environment, limit: RateLimit) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const verdict = await limit.count(request);
    if (!verdict.limited) return;
    reply.header('retry-after', String(verdict.retryAfterSeconds));
    return messagePage(
      views,
      request,
      reply,
      429,
      'Too many sign-in attempts',
      `There have been more than ${limit.perMinute} sign-in attempts from your address in a minute. Wait ${verdict.retryAfterSeconds} seconds, then try again.`,
    );
  };
}

/**
 * Local sign-in as anyone in the staff directory (AUTH_MODE=local): a server-side session like the
 * identity provider's sign-in makes, and back to the page the person asked for.
 */
export function signInPages(
  app: FastifyInstance,
  views: nunjucks.Environment,
  limit: RateLimit,
  directory: StaffDirectory,
  auth: AuthServices,
): void {
  app.get('/sign-in', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const notice = sessionEndedNotice(query.ended, auth.sessions.timeouts);
    return renderPage(
      views,
      request,
      reply,
      'signIn.njk',
      signInContext(directory, safeReturnTo(query.returnTo), { selected: request.user?.id, notice }),
    );
  });

  app.post('/sign-in', { onRequest: limitedSignIn(views, limit) }, async (request, reply) => {
    const form = new FormReader(formBodyOf(request.body), signInWords);
    const returnTo = safeReturnTo(form.text('returnTo'));
    const user = directory.person(form.text('userId'));
    if (!user) {
      return renderPage(
        views,
        request,
        reply,
        'signIn.njk',
        signInContext(directory, returnTo, {
          error: messageFor(form.wordsOf('userId'), { kind: 'missing' }),
        }),
        400,
      );
    }
    await beginSession(request, reply, auth.sessions, auth.cookies, { userId: user.id, via: 'local' });
    request.log.info({ userId: user.id, via: 'local' }, 'signed in');
    return reply.redirect(returnTo, 303);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { signIn, signOut } from '../auth/authentication.js';
import type { RateLimit } from '../security/rateLimits.js';
import { FormReader, formBodyOf } from './formReader.js';
import { messagePage } from './messagePage.js';
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

function signInContext(directory: StaffDirectory, selected?: string, error?: string) {
  return {
    pageTitle: 'Sign in',
    ...(error ? { errorList: [{ text: error, href: '#userId' }] } : {}),
    error,
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

/**
 * Local sign-in as anyone in the staff directory (AUTH_MODE=local); production signs in through OIDC.
 * Attempts are limited per client address, counted before anything else is looked at.
 */
export function signInPages(
  app: FastifyInstance,
  views: nunjucks.Environment,
  limit: RateLimit,
  directory: StaffDirectory,
): void {
  app.get('/sign-in', async (request, reply) =>
    renderPage(views, request, reply, 'signIn.njk', signInContext(directory, request.user?.id)),
  );

  const limited = async (request: FastifyRequest, reply: FastifyReply) => {
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

  app.post('/sign-in', { onRequest: limited }, async (request, reply) => {
    const userId = new FormReader(formBodyOf(request.body)).text('userId');
    const user = directory.person(userId);
    if (!user) {
      return renderPage(
        views,
        request,
        reply,
        'signIn.njk',
        signInContext(directory, undefined, 'Select who you are'),
        400,
      );
    }
    signIn(reply, user.id);
    return reply.redirect('/', 303);
  });

  app.post('/sign-out', async (_request, reply) => {
    signOut(reply);
    return reply.redirect('/sign-in', 303);
  });
}

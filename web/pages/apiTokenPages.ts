import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { z } from 'zod';
import { type ApiTokenLifetime, apiTokenLifetimesDays } from '../../auth/apiTokens.js';
import type { Config } from '../../config/index.js';
import type { AuthServices } from '../auth/authServices.js';
import type { SignedInUser } from '../auth/user.js';
import { apiTokenWords } from './fieldWords.js';
import { type ErrorLink, FormReader, type FormValues, formBodyOf } from './formReader.js';
import { messagePage } from './messagePage.js';
import { renderPage } from './views.js';

const tokenIdParams = z.object({ tokenId: z.uuid() });

const lifetimeItems = apiTokenLifetimesDays.map((days) => ({ value: String(days), text: `${days} days` }));

function readCreateForm(
  body: unknown,
):
  | { ok: true; name: string; lifetime: ApiTokenLifetime }
  | { ok: false; errors: Record<string, string>; values: FormValues } {
  const form = new FormReader(formBodyOf(body), apiTokenWords);
  const name = form.text('name');
  if (name === '') form.problem('name', { kind: 'missing' });
  else if (name.length > 100) form.problem('name', { kind: 'too-long', max: 100 });
  const days = Number(form.text('lifetimeDays'));
  const lifetime = apiTokenLifetimesDays.find((choice) => choice === days);
  if (lifetime === undefined) form.problem('lifetimeDays', { kind: 'missing' });
  if (form.hasErrors || lifetime === undefined)
    return { ok: false, errors: form.errors, values: form.values };
  return { ok: true, name, lifetime };
}

/**
 * "API tokens": a signed-in person makes personal access tokens for the CLI and scripts (each shown
 * once, kept only as a hash), sees when each was last used, and revokes any. Only in a browser
 * session: a token can never be used to make or revoke tokens.
 */
export function apiTokenPages(
  app: FastifyInstance,
  views: nunjucks.Environment,
  { auth, config }: { auth: AuthServices; config: Pick<Config, 'PUBLIC_URL'> },
): void {
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: FormValues; successMessage?: string } = {},
    status = 200,
  ) => {
    const user = request.user as SignedInUser;
    const errors = extra.errors ?? {};
    const values = extra.values ?? { lifetimeDays: '30' };
    const errorList: ErrorLink[] = [
      ...(errors.name ? [{ text: errors.name, href: '#name' }] : []),
      ...(errors.lifetimeDays ? [{ text: errors.lifetimeDays, href: '#lifetimeDays' }] : []),
    ];
    return renderPage(
      views,
      request,
      reply,
      'apiTokens.njk',
      {
        pageTitle: 'API tokens',
        tokens: await auth.apiTokens.list(user.id),
        errors,
        errorList,
        values,
        lifetimeItems: lifetimeItems.map((item) => ({
          ...item,
          checked: item.value === values.lifetimeDays,
        })),
        ...(extra.successMessage ? { successMessage: extra.successMessage } : {}),
      },
      status,
    );
  };

  const browserOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.authenticatedBy === 'session') return;
    return messagePage(
      views,
      request,
      reply,
      403,
      'API tokens are managed in the browser',
      'Sign in to this service in a browser to make or revoke API tokens. A token cannot be used to manage tokens.',
    );
  };

  app.get('/api-tokens', { preHandler: browserOnly }, async (request, reply) => {
    const revoked = (request.query as Record<string, unknown>).revoked === '1';
    return listPage(request, reply, revoked ? { successMessage: 'The token has been revoked.' } : {});
  });

  app.post('/api-tokens', { preHandler: browserOnly }, async (request, reply) => {
    const user = request.user as SignedInUser;
    const form = readCreateForm(request.body);
    if (!form.ok) return listPage(request, reply, { errors: form.errors, values: form.values }, 400);
    const { token, record } = await auth.apiTokens.issue(user.id, form.name, form.lifetime);
    request.log.info({ userId: user.id, tokenId: record.id, expiresAt: record.expiresAt }, 'API token made');
    // Shown this once: the answer must not be kept by the browser or anything between.
    reply.header('cache-control', 'no-store');
    return renderPage(views, request, reply, 'apiTokenCreated.njk', {
      pageTitle: 'Your new API token',
      token,
      record,
      publicUrl: config.PUBLIC_URL,
    });
  });

  app.post('/api-tokens/:tokenId/revoke', { preHandler: browserOnly }, async (request, reply) => {
    const user = request.user as SignedInUser;
    const params = tokenIdParams.safeParse(request.params);
    const revoked = params.success && (await auth.apiTokens.revoke(user.id, params.data.tokenId));
    if (!revoked) {
      return messagePage(
        views,
        request,
        reply,
        404,
        'Token not found',
        'You have no token like that: it may have been revoked already or have expired.',
      );
    }
    request.log.info({ userId: user.id, tokenId: params.data.tokenId }, 'API token revoked');
    return reply.redirect('/api-tokens?revoked=1', 303);
  });
}

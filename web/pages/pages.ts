import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { AuditLog } from '../../audit/auditLog.js';
import type { Config } from '../../config/index.js';
import type { PostService } from '../../temporal/postService.js';
import type { AuthServices } from '../auth/authServices.js';
import { signInPathFor } from '../auth/returnTo.js';
import { isCsrfRefusal, requireFormToken } from '../security/csrf.js';
import type { RateLimits } from '../security/rateLimits.js';
import { amendPages } from './amendPages.js';
import { apiTokenPages } from './apiTokenPages.js';
import { auditPage } from './auditPage.js';
import { commandRoutes } from './commandRoutes.js';
import { errorPage } from './errorPage.js';
import { homePage } from './homePage.js';
import { leavePages } from './leavePages.js';
import { listPages } from './listPages.js';
import { messagePage } from './messagePage.js';
import { oidcSignInPages } from './oidcSignInPages.js';
import { postPage } from './postPage.js';
import { proposalPages } from './proposalPages.js';
import { signInPages } from './signInPages.js';
import { signOutPages } from './signOutPages.js';
import {
  appAssetPath,
  appAssetsDir,
  assetPath,
  createViews,
  govukFrontendDist,
  mojFrontendDir,
} from './views.js';
import { waitingCountHook } from './waitingCount.js';

export interface PagesOptions {
  posts: PostService;
  config: Config;
  audit: AuditLog;
  limits: RateLimits;
  auth: AuthServices;
}

// What the browser may fetch from govuk-frontend's dist folder: the compiled CSS and JS, the fonts
// and images the CSS asks for under /assets, and the web manifest. Not its Sass or templates.
const servedAssets =
  /^\/(?:govuk-frontend\.min\.(?:css|js)(?:\.map)?|manifest\.json|fonts\/[\w.-]+|images\/[\w.-]+)$/;

// The service's own stylesheet and scripts, and MOJ Frontend's compiled JS (its add-another pattern).
const appAssets = /^\/(?:[\w-]+\.(?:css|js)|moj\/moj-frontend\.min\.js(?:\.map)?)$/;

/**
 * The GOV.UK-style pages: server-rendered with govuk-frontend's Nunjucks macros, plain forms and
 * POST-redirect-GET, so they work without JavaScript. Every page but sign-in needs a signed-in person.
 */
export async function pages(
  app: FastifyInstance,
  { posts, config, audit, limits, auth }: PagesOptions,
): Promise<void> {
  const views = createViews(posts.directory);
  refuseForeignForms(app, views);
  // An address that is no page (mistyped, or an old bookmark) is a page too, in the Design System's
  // words; the API answers its own unknown paths with a problem (web/api/apiRoutes.ts).
  app.setNotFoundHandler((request, reply) =>
    messagePage(
      views,
      request,
      reply,
      404,
      'Page not found',
      'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.',
    ),
  );
  limitCommands(app, views, limits);
  const govuk = join(govukFrontendDist, 'govuk');
  await app.register(fastifyStatic, {
    root: [join(govuk, 'assets'), govuk],
    prefix: `${assetPath}/`,
    decorateReply: false,
    allowedPath: (pathName) => servedAssets.test(pathName),
  });
  await app.register(fastifyStatic, {
    root: [appAssetsDir, mojFrontendDir],
    prefix: `${appAssetPath}/`,
    decorateReply: false,
    allowedPath: (pathName) => appAssets.test(pathName),
  });

  if (config.AUTH_MODE === 'local') signInPages(app, views, limits.signIn, posts.directory, auth);
  else if (auth.oidc) {
    const { directory } = posts;
    oidcSignInPages(app, views, { config, directory, auth, oidc: auth.oidc, limit: limits.signIn });
  }
  signOutPages(app, views, auth);

  await app.register(async (signedIn) => {
    // Signed out (or the session has ended): sign in, then back to the page asked for.
    signedIn.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) return;
      const askedFor = request.method === 'GET' ? request.url : '/';
      return reply.redirect(signInPathFor(askedFor, request.sessionEnded), 303);
    });
    signedIn.addHook('preHandler', waitingCountHook(posts));
    const deps = { views, posts };
    homePage(signedIn, views, posts);
    listPages(signedIn, views, posts);
    leavePages(signedIn, views, posts);
    proposalPages(signedIn, views, posts);
    amendPages(signedIn, views, posts);
    postPage(signedIn, deps);
    auditPage(signedIn, { ...deps, audit });
    commandRoutes(signedIn, deps);
    apiTokenPages(signedIn, views, { auth, config });
  });
}

/**
 * Every form post (sign-in and sign-out too) must carry the token of a page this service rendered;
 * one without it, or with a wrong one, is answered 403 before anything is read or changed.
 */
function refuseForeignForms(app: FastifyInstance, views: nunjucks.Environment): void {
  app.setErrorHandler((error, request, reply) => {
    // Any other failure is a page too (a busy Temporal, an unexpected error), never a problem document.
    if (!isCsrfRefusal(error)) return errorPage(views, request, reply, error);
    request.commandRefusal = 'the form did not carry a valid CSRF token';
    return messagePage(
      views,
      request,
      reply,
      403,
      'This form could not be sent',
      'The form did not come with this service’s security token, so nothing was changed. Go back, reload the page and send the form again.',
    );
  });
  app.addHook('preValidation', requireFormToken(app));
}

/** A signed-in person's command forms count against the same limit as their API commands. */
function limitCommands(app: FastifyInstance, views: nunjucks.Environment, limits: RateLimits): void {
  app.addHook('preValidation', async (request, reply) => {
    if (!request.routeOptions.config.command || !request.user) return;
    const verdict = await limits.commands.count(request);
    if (!verdict.limited) return;
    request.commandRefusal = `more than ${limits.commands.perMinute} commands in a minute`;
    reply.header('retry-after', String(verdict.retryAfterSeconds));
    return messagePage(
      views,
      request,
      reply,
      429,
      'You have sent too many commands',
      `You can send up to ${limits.commands.perMinute} a minute. Nothing was changed. Wait ${verdict.retryAfterSeconds} seconds, then send the form again.`,
    );
  });
}

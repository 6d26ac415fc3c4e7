import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { Config } from '../../config/index.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { AuthServices } from '../auth/authServices.js';
import { upsertFromIdentity } from '../auth/directoryFromClaims.js';
import { type ClaimMapping, identityFromClaims } from '../auth/identityFromClaims.js';
import {
  IdentityProviderUnavailable,
  type OidcClient,
  type SignInFlow,
  signInFlow,
} from '../auth/oidcClient.js';
import { safeReturnTo } from '../auth/returnTo.js';
import { beginSession } from '../auth/sessionCookie.js';
import { type SignInRefusal, signInRefusals } from '../auth/signInRefusals.js';
import type { RateLimit } from '../security/rateLimits.js';
import { sessionEndedNotice } from './signInNotice.js';
import { limitedSignIn } from './signInPages.js';
import { renderPage } from './views.js';

/** The cookie that carries a sign-in from its start to the callback: signed, HTTP-only, 10 minutes. */
const flowCookie = 'council-posts-sign-in';
const flowMinutes = 10;

export interface OidcSignInOptions {
  config: ClaimMapping & Pick<Config, 'PUBLIC_URL'>;
  directory: StaffDirectory;
  auth: AuthServices;
  oidc: OidcClient;
  limit: RateLimit;
}

function readFlow(request: FastifyRequest): SignInFlow | undefined {
  const raw = request.cookies[flowCookie];
  const unsigned = raw ? request.unsignCookie(raw) : undefined;
  if (!unsigned?.valid || !unsigned.value) return undefined;
  try {
    const parsed = signInFlow.safeParse(JSON.parse(unsigned.value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sign-in through the council's identity provider (AUTH_MODE=oidc), the authorization code flow:
 * the sign-in page's button starts it (/sign-in/start sends the browser to the provider), the
 * provider sends it back to /sign-in/callback, where the answer is checked, the person is written to
 * the staff directory from their claims, and a session begins.
 */
export function oidcSignInPages(
  app: FastifyInstance,
  views: nunjucks.Environment,
  { config, directory, auth, oidc, limit }: OidcSignInOptions,
): void {
  const flowCookieOptions = {
    path: '/sign-in',
    httpOnly: true,
    sameSite: 'lax',
    secure: auth.cookies.secure,
    signed: true,
  } as const;

  const refuse = (request: FastifyRequest, reply: FastifyReply, refusal: SignInRefusal) => {
    const page = signInRefusals[refusal];
    return renderPage(
      views,
      request,
      reply,
      'signInRefused.njk',
      { pageTitle: page.heading, message: page.message },
      page.status,
    );
  };

  app.get('/sign-in', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const returnTo = safeReturnTo(query.returnTo);
    const start = returnTo === '/' ? '/sign-in/start' : `/sign-in/start?${new URLSearchParams({ returnTo })}`;
    return renderPage(views, request, reply, 'oidcSignIn.njk', {
      pageTitle: 'Sign in',
      startHref: start,
      notice: sessionEndedNotice(query.ended, auth.sessions.timeouts),
    });
  });

  app.get('/sign-in/start', { onRequest: limitedSignIn(views, limit) }, async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo);
    let started: Awaited<ReturnType<OidcClient['start']>>;
    try {
      started = await oidc.start(returnTo);
    } catch (error) {
      request.log.error({ err: error }, 'sign-in could not start: the identity provider is unavailable');
      return refuse(request, reply, 'provider-unavailable');
    }
    reply.setCookie(flowCookie, JSON.stringify(started.flow), {
      ...flowCookieOptions,
      maxAge: flowMinutes * 60,
    });
    return reply.redirect(started.url.href, 303);
  });

  app.get('/sign-in/callback', async (request, reply) => {
    const flow = readFlow(request);
    reply.clearCookie(flowCookie, flowCookieOptions);
    if (!flow) return refuse(request, reply, 'flow-lost');
    const query = request.query as Record<string, unknown>;
    if (typeof query.error === 'string') {
      request.log.warn(
        { error: query.error, description: query.error_description },
        'the identity provider did not sign the person in',
      );
      return refuse(request, reply, 'provider-error');
    }
    let signedIn: Awaited<ReturnType<OidcClient['finish']>>;
    try {
      signedIn = await oidc.finish(new URL(request.url, config.PUBLIC_URL), flow);
    } catch (error) {
      if (error instanceof IdentityProviderUnavailable) {
        request.log.error({ err: error }, 'sign-in could not finish: the identity provider is unavailable');
        return refuse(request, reply, 'provider-unavailable');
      }
      request.log.warn({ err: error }, 'the identity provider’s answer did not check out');
      return refuse(request, reply, 'not-confirmed');
    }
    const claimed = identityFromClaims(signedIn.claims, config);
    if (!claimed.ok) {
      request.log.warn({ refusal: claimed.refusal, subject: signedIn.claims.sub }, 'sign-in refused');
      return refuse(request, reply, claimed.refusal);
    }
    const recorded = await upsertFromIdentity(directory, claimed.identity);
    if (!recorded.ok) {
      request.log.warn({ refusal: recorded.refusal, userId: claimed.identity.id }, 'sign-in refused');
      return refuse(request, reply, recorded.refusal);
    }
    await beginSession(request, reply, auth.sessions, auth.cookies, {
      userId: recorded.person.id,
      via: 'oidc',
      idToken: signedIn.idToken,
    });
    request.log.info({ userId: recorded.person.id, roles: recorded.person.roles, via: 'oidc' }, 'signed in');
    return reply.redirect(safeReturnTo(flow.returnTo), 303);
  });
}

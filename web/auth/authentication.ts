import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config/index.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { Person } from '../../schemas/person.js';
import { bearerTokenVerifier } from './bearerTokens.js';
import type { SignedInUser } from './user.js';

export const sessionCookie = 'council-posts-session';

/** The secret that signs session cookies: from the environment, else one made for this process. */
export function sessionSecret(config: Pick<Config, 'SESSION_SECRET'>): string {
  return config.SESSION_SECRET ?? randomBytes(32).toString('hex');
}

/**
 * Sets `request.user` on every request: from a verified bearer token (OIDC, production) or from the
 * signed session cookie of the local sign-in page. Added to the root instance so it covers every route.
 */
export function installAuthentication(
  app: FastifyInstance,
  config: Pick<Config, 'AUTH_MODE' | 'OIDC_ISSUER' | 'OIDC_AUDIENCE' | 'OIDC_JWKS_URL' | 'OIDC_ROLE_CLAIM'>,
  directory: StaffDirectory,
): void {
  const verify =
    config.AUTH_MODE === 'oidc' && config.OIDC_ISSUER && config.OIDC_AUDIENCE && config.OIDC_JWKS_URL
      ? bearerTokenVerifier({
          issuer: config.OIDC_ISSUER,
          audience: config.OIDC_AUDIENCE,
          jwksUrl: config.OIDC_JWKS_URL,
          roleClaim: config.OIDC_ROLE_CLAIM,
        })
      : undefined;
  app.decorateRequest('user', undefined);
  app.decorateRequest('authenticatedBy', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (verify && header?.startsWith('Bearer ')) {
      request.user = await verify(header.slice('Bearer '.length)).catch(() => undefined);
      if (request.user) request.authenticatedBy = 'bearer';
      return;
    }
    if (config.AUTH_MODE !== 'local') return;
    const raw = request.cookies[sessionCookie];
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    const person = unsigned.valid && unsigned.value ? directory.person(unsigned.value) : undefined;
    if (person) request.user = signedInUserOf(person);
    if (request.user) request.authenticatedBy = 'session';
  });
}

/** The person as the web app knows them for the length of a request. */
export function signedInUserOf(person: Person): SignedInUser {
  return {
    id: person.id,
    name: person.name,
    roles: [...person.roles],
    serviceAreas: [...person.serviceAreas],
  };
}

/** Local sign-in: a signed, HTTP-only session cookie naming the demo user. */
export function signIn(reply: FastifyReply, userId: string): void {
  reply.setCookie(sessionCookie, userId, { signed: true, httpOnly: true, sameSite: 'lax', path: '/' });
}

export function signOut(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/' });
}

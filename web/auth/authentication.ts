import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiTokens } from '../../auth/apiTokens.js';
import { isApiToken } from '../../auth/apiTokens.js';
import type { SessionRecord } from '../../auth/sessionStore.js';
import type { SessionEnd, SessionManager } from '../../auth/sessions.js';
import type { Config } from '../../config/index.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { Person } from '../../schemas/person.js';
import { bearerTokenVerifier } from './bearerTokens.js';
import type { ClaimedIdentity } from './identityFromClaims.js';
import type { OidcClient } from './oidcClient.js';
import { clearSessionCookie, type SessionCookieSettings, sessionCookie } from './sessionCookie.js';
import type { SignedInUser } from './user.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser's live session, when it was recognised by its cookie. */
    session?: SessionRecord | undefined;
    /** The browser sent a session cookie that no longer signs anyone in, and why. */
    sessionEnded?: SessionEnd | undefined;
    /** The personal access token the request was signed in with, by its id. */
    apiTokenId?: string | undefined;
  }
}

export interface AuthenticationOptions {
  config: Pick<
    Config,
    | 'AUTH_MODE'
    | 'OIDC_ISSUER'
    | 'OIDC_CLIENT_ID'
    | 'OIDC_AUDIENCE'
    | 'OIDC_JWKS_URL'
    | 'OIDC_USER_ID_CLAIM'
    | 'OIDC_ROLE_CLAIM'
    | 'OIDC_GROUPS_CLAIM'
    | 'OIDC_ROLE_MAP'
    | 'OIDC_SERVICE_AREA_MAP'
    | 'OIDC_SERVICE_AREA_CLAIM'
  >;
  directory: StaffDirectory;
  sessions: SessionManager;
  apiTokens: ApiTokens;
  cookies: SessionCookieSettings;
  /** The identity provider (AUTH_MODE=oidc); its discovery document gives the token keys. */
  oidc?: OidcClient | undefined;
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

/** The identity provider's token verifier, in OIDC mode with an issuer and an audience to check. */
function jwtVerifierFor({ config, oidc }: AuthenticationOptions) {
  const audience = config.OIDC_AUDIENCE ?? config.OIDC_CLIENT_ID;
  if (config.AUTH_MODE !== 'oidc' || !config.OIDC_ISSUER || !audience) return undefined;
  const configuredKeys = config.OIDC_JWKS_URL;
  const jwksUrl = configuredKeys
    ? async () => configuredKeys
    : async () => {
        if (!oidc) throw new Error('OIDC_JWKS_URL is not set and there is no discovery document to ask');
        return oidc.jwksUri();
      };
  return bearerTokenVerifier({ issuer: config.OIDC_ISSUER, audience, jwksUrl, mapping: config });
}

/**
 * Sets `request.user` on every request, from (in this order) a bearer token, either a personal
 * access token or the identity provider's access token, or the session cookie. A session or a
 * personal access token names a person of the staff directory, who must still be there and active;
 * an identity provider's token carries its own roles. Added to the root instance so it covers every route.
 */
export function installAuthentication(app: FastifyInstance, options: AuthenticationOptions): void {
  const { directory, sessions, apiTokens, cookies } = options;
  const verifyJwt = jwtVerifierFor(options);

  const fromDirectory = (userId: string) => {
    const person = directory.person(userId);
    return person ? signedInUserOf(person) : undefined;
  };
  const fromToken = (identity: ClaimedIdentity): SignedInUser => ({
    id: identity.id,
    name: identity.name,
    roles: identity.roles,
    serviceAreas: identity.serviceAreas ?? directory.person(identity.id)?.serviceAreas ?? ['*'],
  });

  const bearerUser = async (request: FastifyRequest, token: string): Promise<SignedInUser | undefined> => {
    if (isApiToken(token)) {
      const record = await apiTokens.verify(token);
      const user = record ? fromDirectory(record.userId) : undefined;
      if (user) request.apiTokenId = record?.id;
      return user;
    }
    const identity = await verifyJwt?.(token).catch(() => undefined);
    return identity ? fromToken(identity) : undefined;
  };

  app.decorateRequest('user', undefined);
  app.decorateRequest('authenticatedBy', undefined);
  app.decorateRequest('session', undefined);
  app.decorateRequest('sessionEnded', undefined);
  app.decorateRequest('apiTokenId', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.user = await bearerUser(request, header.slice('Bearer '.length).trim());
      if (request.user) request.authenticatedBy = 'bearer';
      return;
    }
    const sessionId = request.cookies[sessionCookie];
    if (!sessionId) return;
    const state = await sessions.resume(sessionId);
    const user = state.live ? fromDirectory(state.record.userId) : undefined;
    if (state.live && user) {
      request.user = user;
      request.authenticatedBy = 'session';
      request.session = state.record;
      return;
    }
    // Gone, timed out, or its person left the directory (then it ends here): the browser forgets it too.
    if (state.live) await sessions.end(sessionId);
    request.sessionEnded = state.live ? 'unknown' : state.ended;
    clearSessionCookie(reply, cookies);
  });
}

import { type ApiTokenStore, openFileApiTokenStore } from '../../auth/apiTokenStore.js';
import { ApiTokens } from '../../auth/apiTokens.js';
import { openFileSessionStore, type SessionStore } from '../../auth/sessionStore.js';
import { SessionManager } from '../../auth/sessions.js';
import type { Config } from '../../config/index.js';
import { OidcClient } from './oidcClient.js';
import { type SessionCookieSettings, secureCookies } from './sessionCookie.js';

/** Everything sign-in needs, made once per web app from the configuration. */
export interface AuthServices {
  sessions: SessionManager;
  apiTokens: ApiTokens;
  cookies: SessionCookieSettings;
  /** The identity provider, with AUTH_MODE=oidc and a client id. */
  oidc?: OidcClient | undefined;
}

export interface AuthStores {
  /** Where sessions are kept; the JSON file at SESSIONS_FILE unless given. */
  sessionStore?: SessionStore;
  /** Where personal access tokens are kept; the JSON file at API_TOKENS_FILE unless given. */
  apiTokenStore?: ApiTokenStore;
  /** The clock sessions and tokens expire by (tests move it). */
  now?: () => number;
}

const minute = 60_000;

export async function createAuthServices(
  config: Pick<
    Config,
    | 'AUTH_MODE'
    | 'PUBLIC_URL'
    | 'SESSION_IDLE_MINUTES'
    | 'SESSION_ABSOLUTE_HOURS'
    | 'SESSIONS_FILE'
    | 'API_TOKENS_FILE'
    | 'OIDC_ISSUER'
    | 'OIDC_CLIENT_ID'
    | 'OIDC_CLIENT_SECRET'
    | 'OIDC_SCOPES'
  >,
  stores: AuthStores = {},
): Promise<AuthServices> {
  const now = stores.now ?? Date.now;
  const timeouts = {
    idleMillis: config.SESSION_IDLE_MINUTES * minute,
    absoluteMillis: config.SESSION_ABSOLUTE_HOURS * 60 * minute,
  };
  const sessionStore = stores.sessionStore ?? (await openFileSessionStore(config.SESSIONS_FILE));
  const apiTokenStore = stores.apiTokenStore ?? (await openFileApiTokenStore(config.API_TOKENS_FILE));
  const oidc =
    config.AUTH_MODE === 'oidc' && config.OIDC_ISSUER && config.OIDC_CLIENT_ID
      ? new OidcClient({
          issuer: config.OIDC_ISSUER,
          clientId: config.OIDC_CLIENT_ID,
          clientSecret: config.OIDC_CLIENT_SECRET,
          scopes: config.OIDC_SCOPES,
          redirectUri: `${config.PUBLIC_URL}/sign-in/callback`,
          postLogoutRedirectUri: `${config.PUBLIC_URL}/signed-out`,
        })
      : undefined;
  return {
    sessions: new SessionManager(sessionStore, timeouts, now),
    apiTokens: new ApiTokens(apiTokenStore, now),
    cookies: {
      secure: secureCookies(config),
      maxAgeSeconds: Math.ceil(timeouts.absoluteMillis / 1000),
    },
    oidc,
  };
}

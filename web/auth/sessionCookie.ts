import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionRecord } from '../../auth/sessionStore.js';
import type { SessionManager } from '../../auth/sessions.js';
import type { Config } from '../../config/index.js';
import { rotateCsrfSecret } from '../security/csrf.js';

/** The cookie naming a server-side session: an opaque random id, nothing else. */
export const sessionCookie = 'council-posts-session';

/** Cookies are `Secure` whenever the service is reached over https. */
export function secureCookies(config: Pick<Config, 'PUBLIC_URL'>): boolean {
  return config.PUBLIC_URL.startsWith('https:');
}

export interface SessionCookieSettings {
  secure: boolean;
  /** The browser drops the cookie when the session could no longer be live anyway. */
  maxAgeSeconds: number;
}

/**
 * HTTP-only (no script reads it), SameSite=Lax (sent when a person follows a link to the service,
 * such as a reminder email's, but not with another site's form posts), Secure over https.
 */
const cookieOptions = (settings: SessionCookieSettings) =>
  ({ path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secure }) as const;

/**
 * Starts a session for a person who has just signed in. The id is always new (any session the
 * browser had is ended), and the CSRF secret is renewed with it: nothing planted in the browser
 * before sign-in carries over.
 */
export async function beginSession(
  request: FastifyRequest,
  reply: FastifyReply,
  sessions: SessionManager,
  settings: SessionCookieSettings,
  details: Pick<SessionRecord, 'userId' | 'via' | 'idToken'>,
): Promise<void> {
  const sessionId = await sessions.start(details, request.cookies[sessionCookie]);
  reply.setCookie(sessionCookie, sessionId, { ...cookieOptions(settings), maxAge: settings.maxAgeSeconds });
  rotateCsrfSecret(reply, settings.secure);
}

/** Ends the browser's session for good (its cookie will never sign anyone in again); what it was. */
export async function endSession(
  request: FastifyRequest,
  reply: FastifyReply,
  sessions: SessionManager,
  settings: SessionCookieSettings,
): Promise<SessionRecord | undefined> {
  const sessionId = request.cookies[sessionCookie];
  const ended = sessionId ? await sessions.end(sessionId) : undefined;
  clearSessionCookie(reply, settings);
  rotateCsrfSecret(reply, settings.secure);
  return ended;
}

export function clearSessionCookie(reply: FastifyReply, settings: SessionCookieSettings): void {
  reply.clearCookie(sessionCookie, cookieOptions(settings));
}

/** The secret that signs the CSRF and sign-in cookies: from the environment, else one made for this process. */
export function cookieSecret(config: Pick<Config, 'SESSION_SECRET'>): string {
  return config.SESSION_SECRET ?? randomBytes(32).toString('hex');
}

import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest, preValidationHookHandler } from 'fastify';

/** The hidden field every form carries, and the header a signed-in browser's API call carries. */
export const csrfField = '_csrf';
export const csrfHeader = 'x-csrf-token';

const csrfCookie = 'council-posts-csrf';

const changesNothing = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenOf(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[csrfField] : undefined;
  if (typeof field === 'string') return field;
  const header = request.headers[csrfHeader];
  return typeof header === 'string' ? header : undefined;
}

/**
 * Cookie-based CSRF tokens (@fastify/csrf-protection over @fastify/cookie): a secret in a signed,
 * HTTP-only cookie, and tokens made from it that a page puts in its forms. Another site can make a
 * browser send the cookie, but cannot read a page to learn a token. SameSite=Lax rather than Strict:
 * a link in a reminder email opens the post with the same secret, so forms in other tabs still work.
 */
export async function installCsrfProtection(
  app: FastifyInstance,
  { secure }: { secure: boolean } = { secure: false },
): Promise<void> {
  await app.register(csrfProtection, {
    cookieKey: csrfCookie,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure },
    getToken: tokenOf,
  });
}

/**
 * Drops the CSRF secret at sign-in and sign-out, so the next page makes a new one: a secret another
 * site managed to plant before sign-in (login CSRF) is worth nothing after it.
 */
export function rotateCsrfSecret(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(csrfCookie, { path: '/', sameSite: 'lax', httpOnly: true, secure });
}

/** A token for the page being rendered (setting the secret cookie on a first visit). */
export function csrfTokenFor(reply: FastifyReply): string | undefined {
  // An app built without the plugin (a test of the dashboard alone) renders pages without forms' tokens.
  return typeof reply.generateCsrf === 'function' ? reply.generateCsrf() : undefined;
}

/** Every form post needs the token of a page this service rendered; anything else goes no further. */
export function requireFormToken(app: FastifyInstance): preValidationHookHandler {
  return (request, reply, done) => {
    // A post to an address that is no page changes nothing either: it is answered "page not found".
    if (changesNothing.has(request.method) || request.is404) return done();
    return app.csrfProtection(request, reply, done);
  };
}

/**
 * The API and a signed-in browser. A bearer token is only ever sent by code that holds it, so such
 * calls need nothing more. The session cookie, though, goes with every request the browser makes,
 * including one a page on another site starts; so a cookie-signed-in call that changes anything must
 * also carry the page's CSRF token in the X-CSRF-Token header (pages put it in
 * `<meta name="csrf-token">`). The token rather than just "some custom header": a custom header is
 * only safe while CORS stays closed and no browser quirk lets one through, and the token is the same
 * check the forms make.
 */
export function requireApiToken(app: FastifyInstance): preValidationHookHandler {
  return (request, reply, done) => {
    if (request.authenticatedBy !== 'session' || changesNothing.has(request.method)) return done();
    return app.csrfProtection(request, reply, done);
  };
}

/** The refusals of @fastify/csrf-protection: no secret cookie, or a missing or wrong token. */
export function isCsrfRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('FST_CSRF_');
}

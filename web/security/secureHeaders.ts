import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The pages' Content-Security-Policy. Everything the pages load (govuk-frontend's CSS, JS, fonts and
 * images under /assets, the dashboard's event stream) comes from the app itself. The few inline
 * blocks (govuk-frontend's `js-enabled` line, the module script that starts its components, the
 * dashboard's style and script) carry the request's nonce, which @fastify/helmet adds to script-src
 * and style-src; nothing else inline runs, and no inline style attribute applies.
 */
const pageDirectives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
};

/**
 * The API docs' policy (swagger-ui on /docs): its scripts are files of its own, but it styles its
 * elements inline and shows its logo as a data: URL, so style-src allows inline styles and img-src
 * data: there, and only there.
 */
export const docsContentSecurityPolicy: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Secure headers on every response, pages and API alike: the CSP above, HSTS (browsers honour it
 * only over HTTPS, where production runs behind the council's TLS), no framing (frame-ancestors
 * 'none' and X-Frame-Options DENY), nosniff (helmet's default), and no Referer leaving the service.
 * upgrade-insecure-requests is left out: TLS ends in front of the app, and locally the app is plain
 * HTTP on 127.0.0.1, where upgrading its own assets would break the pages.
 */
export async function installSecureHeaders(
  app: FastifyInstance,
  {
    identityProviderOrigin,
  }: {
    /**
     * With OIDC sign-in, the sign-out form is answered with a redirect to the identity provider's
     * end-session endpoint, and browsers hold form redirects to form-action: its origin is allowed too.
     */
    identityProviderOrigin?: string | undefined;
  } = {},
): Promise<void> {
  const formAction = identityProviderOrigin ? ["'self'", identityProviderOrigin] : ["'self'"];
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: { useDefaults: false, directives: { ...pageDirectives, formAction } },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

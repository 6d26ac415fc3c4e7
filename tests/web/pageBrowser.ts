import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

type Form = Record<string, string | string[]>;

/** A form's fields as a browser sends them (application/x-www-form-urlencoded). */
export function formEncoded(form: Form): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return body.toString();
}

/** The CSRF token a page carries for its forms (and for the page's own API calls). */
export function csrfTokenOf(html: string): string {
  const token = /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1];
  if (!token) throw new Error('the page carries no csrf-token');
  return token;
}

const signedOut = '(signed out)';

/**
 * A tiny browser for app.inject: one cookie jar per person (the session and the CSRF secret), and
 * forms sent with the token of a page this person was shown, as a real browser's forms are.
 */
export class PageBrowser {
  private readonly jars = new Map<string, Map<string, string>>();
  private readonly tokens = new Map<string, string>();

  constructor(private app: FastifyInstance) {}

  /** Sends every later request to another web process, cookies kept (a load balancer moving the person). */
  switchTo(app: FastifyInstance): void {
    this.app = app;
  }

  private jar(who: string): Map<string, string> {
    let jar = this.jars.get(who);
    if (!jar) {
      jar = new Map();
      this.jars.set(who, jar);
    }
    return jar;
  }

  /** The Cookie header this person's browser sends. */
  cookieHeader(who: string | undefined): string {
    return [...this.jar(who ?? signedOut)].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Sends a request from this person's browser, keeping the cookies the answer sets. */
  async send(who: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse> {
    const key = who ?? signedOut;
    const cookie = this.cookieHeader(key);
    const headers = { ...(options.headers ?? {}), ...(cookie ? { cookie } : {}) };
    const response = await this.app.inject({ ...options, headers });
    for (const set of response.cookies) {
      if (set.value === '') this.jar(key).delete(set.name);
      else this.jar(key).set(set.name, set.value);
    }
    const html = response.headers['content-type']?.toString().startsWith('text/html') ? response.body : '';
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1];
    if (token) this.tokens.set(key, token);
    return response;
  }

  /** Signs in on the sign-in page as a person would: the page first, then its form. */
  async signIn(userId: string): Promise<void> {
    if (this.jar(userId).has('council-posts-session')) return;
    await this.send(userId, { method: 'GET', url: '/sign-in' });
    const response = await this.send(userId, {
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formEncoded({ _csrf: this.token(userId), userId }),
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    // Signing in renews the CSRF secret, so the forms need a page shown after it: the sign-in page
    // (a browser follows the redirect to the home page instead, which needs a working post service).
    await this.send(userId, { method: 'GET', url: '/sign-in' });
  }

  /** The token of the last page this person was shown. */
  token(who: string | undefined): string {
    const token = this.tokens.get(who ?? signedOut);
    if (!token) throw new Error(`${who ?? 'nobody'} has not been shown a page with a form yet`);
    return token;
  }

  /** A page, as this person (signed in first) or as nobody. */
  async get(userId: string | undefined, url: string): Promise<LightMyRequestResponse> {
    if (userId) await this.signIn(userId);
    return this.send(userId, { method: 'GET', url });
  }

  /**
   * Sends a form as this person, with the token of a page they were shown unless `csrf` says
   * otherwise (`false`: no token at all).
   */
  async post(
    userId: string | undefined,
    url: string,
    form: Form,
    { csrf }: { csrf?: string | false } = {},
  ): Promise<LightMyRequestResponse> {
    if (userId) await this.signIn(userId);
    else if (!this.tokens.has(signedOut)) await this.send(undefined, { method: 'GET', url: '/sign-in' });
    const token = csrf === undefined ? this.token(userId) : csrf;
    return this.send(userId, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formEncoded(token === false ? form : { _csrf: token, ...form }),
    });
  }
}

import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../../projections/dashboardFigures.js';
import { emptyDashboard } from '../../../projections/dashboardModel.js';
import { staticDashboardSource } from '../../../web/dashboard/dashboardSource.js';
import { type LocalWebApp, startLocalWebApp } from '../localWebApp.js';

let web: LocalWebApp;

beforeAll(async () => {
  const figures = dashboardFigures(emptyDashboard({ internationalCap: { cap: 20, alreadyRecruited: 13 } }));
  const stage = figures.pipeline.find((row) => row.stage === 'awaiting-approval');
  if (stage) Object.assign(stage, { posts: 3, fte: 2.5 });
  web = await startLocalWebApp({ dashboard: staticDashboardSource(figures) });
});

afterAll(async () => {
  await web?.app.close();
});

/** The CSP as directive → sources. */
function policyOf(response: LightMyRequestResponse): Map<string, string[]> {
  const header = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

function expectSecureHeaders(response: LightMyRequestResponse): void {
  expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  const policy = policyOf(response);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
}

describe('secure headers', () => {
  it('are sent with the pages, the API, its problems and the static assets', async () => {
    const responses = await Promise.all([
      web.browser.get(undefined, '/sign-in'),
      web.browser.get('viewer.pat', '/dashboard'),
      web.app.inject({ method: 'GET', url: '/api/posts' }),
      web.app.inject({ method: 'GET', url: '/openapi.json' }),
      web.app.inject({ method: 'GET', url: '/assets/govuk-frontend.min.css' }),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 401, 200, 200]);
    for (const response of responses) expectSecureHeaders(response);
  });

  it('let a page run only its own scripts and styles, and inline ones carrying the response’s nonce', async () => {
    for (const [who, url] of [
      [undefined, '/sign-in'],
      ['viewer.pat', '/dashboard'],
    ] as const) {
      const response = await web.browser.get(who, url);
      const policy = policyOf(response);
      const scriptNonce = policy.get('script-src')?.find((source) => source.startsWith("'nonce-"));
      const styleNonce = policy.get('style-src')?.find((source) => source.startsWith("'nonce-"));
      expect(policy.get('script-src')).toEqual(["'self'", scriptNonce]);
      expect(policy.get('style-src')).toEqual(["'self'", styleNonce]);
      expect(policy.get('script-src-attr')).toEqual(["'none'"]);
      expect(policy.has('upgrade-insecure-requests')).toBe(false);

      const html = response.body;
      const inlineScripts = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((match) => match[1]);
      expect(inlineScripts.length, url).toBeGreaterThan(0);
      for (const attributes of inlineScripts)
        expect(`'nonce-${/nonce="([^"]+)"/.exec(attributes ?? '')?.[1]}'`).toBe(scriptNonce);
      for (const match of html.matchAll(/<style([^>]*)>/g)) {
        expect(`'nonce-${/nonce="([^"]+)"/.exec(match[1] ?? '')?.[1]}'`).toBe(styleNonce);
      }
      // An inline style attribute would be refused by this policy: the pages have none.
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('give each response its own nonce', async () => {
    const one = policyOf(await web.browser.get(undefined, '/sign-in')).get('script-src');
    const two = policyOf(await web.browser.get(undefined, '/sign-in')).get('script-src');
    expect(one).not.toEqual(two);
  });

  it('relax the policy for the API docs alone, which style their elements inline', async () => {
    const docs = await web.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expectSecureHeaders(docs);
    const policy = policyOf(docs);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(docs.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const page = policyOf(await web.browser.get(undefined, '/sign-in'));
    expect(page.get('style-src')).not.toContain("'unsafe-inline'");
    expect(page.get('img-src')).toEqual(["'self'"]);
  });
});

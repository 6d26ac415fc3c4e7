import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../../support/testIdentityProvider.js';
import { type LocalWebApp, startLocalWebApp } from '../localWebApp.js';

const publicUrl = 'http://127.0.0.1:3999';
const client = { clientId: 'council-posts-test', clientSecret: 'a test client secret, long enough to pass' };

let provider: TestIdentityProvider;
let web: LocalWebApp;

beforeAll(async () => {
  provider = await startTestIdentityProvider({}, { ...client, publicUrls: [publicUrl] });
  web = await startLocalWebApp({
    config: {
      AUTH_MODE: 'oidc',
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: client.clientId,
      OIDC_CLIENT_SECRET: client.clientSecret,
    },
  });
});

afterAll(async () => {
  await web?.app.close();
  await provider?.close();
});

/** Starts a sign-in: where the browser is sent, and the cookie that carries the flow. */
async function start(returnTo?: string) {
  const response = await web.app.inject({
    method: 'GET',
    url: returnTo ? `/sign-in/start?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in/start',
  });
  expect(response.statusCode).toBe(303);
  const flow = response.cookies.find((cookie) => cookie.name === 'council-posts-sign-in');
  if (!flow) throw new Error('no flow cookie');
  return { location: new URL(String(response.headers.location)), flow };
}

describe('the OIDC sign-in flow, at its edges', () => {
  it('sends the browser to the provider with PKCE (S256), state, nonce and the registered redirect URI', async () => {
    const { location, flow } = await start('/posts/p1');
    expect(location.origin).toBe(provider.issuer);
    const query = Object.fromEntries(location.searchParams);
    expect(query).toMatchObject({
      client_id: client.clientId,
      response_type: 'code',
      redirect_uri: `${publicUrl}/sign-in/callback`,
      scope: 'openid profile email',
      code_challenge_method: 'S256',
    });
    expect(query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(query.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The verifier stays with the browser's flow cookie, signed and unreadable to scripts.
    expect(location.href).not.toContain('code_verifier');
    expect(flow).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/sign-in', maxAge: 600 });
  });

  it('refuses a callback without the flow that started it (too late, or another browser)', async () => {
    const response = await web.app.inject({ method: 'GET', url: '/sign-in/callback?code=abc&state=xyz' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your sign-in could not be finished');
  });

  it('refuses a callback whose flow cookie was tampered with', async () => {
    const { flow } = await start();
    const response = await web.app.inject({
      method: 'GET',
      url: '/sign-in/callback?code=abc&state=xyz',
      cookies: { 'council-posts-sign-in': `${flow.value}x` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your sign-in could not be finished');
  });

  it('says the person was not signed in when the provider answers with an error', async () => {
    const { flow, location } = await start();
    const state = location.searchParams.get('state') ?? '';
    const response = await web.app.inject({
      method: 'GET',
      url: `/sign-in/callback?error=access_denied&state=${state}`,
      cookies: { 'council-posts-sign-in': flow.value },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('You were not signed in');
  });

  it('refuses an answer whose state is not the one sent (a code from someone else’s sign-in)', async () => {
    const { flow } = await start();
    const response = await web.app.inject({
      method: 'GET',
      url: '/sign-in/callback?code=stolen-code&state=another-state',
      cookies: { 'council-posts-sign-in': flow.value },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your sign-in could not be confirmed');
    expect(response.cookies.map((cookie) => cookie.name)).not.toContain('council-posts-session');
  });

  it('says sign-in is unavailable when the provider cannot be reached', async () => {
    const unreachable = await startLocalWebApp({
      config: {
        AUTH_MODE: 'oidc',
        OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
        OIDC_CLIENT_ID: client.clientId,
      },
    });
    const response = await unreachable.app.inject({ method: 'GET', url: '/sign-in/start' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('Sign-in is not available at the moment');
    await unreachable.app.close();
  });
});

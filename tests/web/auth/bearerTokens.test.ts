import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemTypes } from '../../../web/api/problems.js';
import { type JwtIssuer, startJwtIssuer } from '../../support/jwtIssuer.js';
import { type LocalWebApp, startLocalWebApp } from '../localWebApp.js';

const directorsGroup = '0b7e2a4c-0000-4000-8000-000000000001';
const hrGroup = '0b7e2a4c-0000-4000-8000-000000000002';

let issuer: JwtIssuer;
let web: LocalWebApp;

beforeAll(async () => {
  issuer = await startJwtIssuer();
  web = await startLocalWebApp({
    config: {
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: issuer.issuer,
      OIDC_CLIENT_ID: 'council-posts-web',
      OIDC_AUDIENCE: issuer.audience,
      OIDC_JWKS_URL: issuer.jwksUrl,
      OIDC_ROLE_MAP: { [directorsGroup]: ['director'], [hrGroup]: ['hr'] },
    },
  });
});

afterAll(async () => {
  await web?.app.close();
  await issuer?.close();
});

const julie = {
  sub: 'c0ffee00-julie',
  preferred_username: 'Julie.Longworth@council.example',
  name: 'Julie Longworth',
  groups: [directorsGroup, hrGroup, 'some-other-group'],
};

async function me(token: string) {
  return web.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
}

describe('API bearer tokens from the identity provider', () => {
  it('signs in a valid token with the roles its groups map to', async () => {
    const response = await me(await issuer.sign(julie));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: 'julie.longworth',
      name: 'Julie Longworth',
      roles: ['hr', 'director'],
      serviceAreas: ['*'],
      signedInWith: 'identity-provider-token',
    });
  });

  it('refuses with 401 a token signed with a key the provider never published (forged)', async () => {
    const response = await me(await issuer.sign(julie, { forged: true }));
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ type: problemTypes[401], status: 401 });
  });

  it('refuses with 401 an expired token', async () => {
    const expired = await issuer.sign(julie, { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    expect((await me(expired)).statusCode).toBe(401);
  });

  it('refuses with 401 a token for another audience, or from another issuer', async () => {
    expect((await me(await issuer.sign(julie, { audience: 'another-service' }))).statusCode).toBe(401);
    expect((await me(await issuer.sign(julie, { issuer: 'https://elsewhere.example' }))).statusCode).toBe(
      401,
    );
  });

  it('refuses with 401 a token whose groups map to no role, or that names no user', async () => {
    expect((await me(await issuer.sign({ ...julie, groups: ['some-other-group'] }))).statusCode).toBe(401);
    const { preferred_username: _, ...nameless } = julie;
    expect((await me(await issuer.sign(nameless))).statusCode).toBe(401);
  });

  it('refuses an unsigned token and one that is not a token at all', async () => {
    expect((await me('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).statusCode).toBe(401);
    expect((await me('not a token')).statusCode).toBe(401);
  });
});

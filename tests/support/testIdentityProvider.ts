import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** A test account: what the provider says of the person in their ID token. */
export interface TestAccount {
  name: string;
  email?: string;
  /** Group object ids, as Microsoft Entra ID puts them in the `groups` claim. */
  groups: string[];
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** Every web app the test starts, by its PUBLIC_URL. */
  publicUrls: string[];
}

export interface TestIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

/** A free port on 127.0.0.1, for a server whose address must be known before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A real OpenID Provider (panva's oidc-provider, certified) on a random loopback port, standing in
 * for the council's Entra ID: discovery, the authorization code flow with PKCE, ID tokens signed
 * with a key of its own, RP-initiated logout. Its development sign-in form takes an account's id as
 * the login (any password); the ID token carries name, preferred_username, email and groups.
 */
export async function startTestIdentityProvider(
  accounts: Record<string, TestAccount>,
  client: TestClient,
): Promise<TestIdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.publicUrls.map((url) => `${url}/sign-in/callback`),
        post_logout_redirect_uris: client.publicUrls.map((url) => `${url}/signed-out`),
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['a test provider’s cookie key, not a secret'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups'],
      email: ['email', 'email_verified'],
    },
    // As Entra ID does: the ID token itself carries the profile claims and the groups.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // The provider asks before it signs anyone out, as Entra ID may: the browser must confirm.
        async logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Sign out</title></head><body>
            <h1>Sign out of the council’s test identity provider?</h1>${form}
            <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
            </body></html>`;
        },
      },
    },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          name: account.name,
          preferred_username: `${id}@council.example`,
          ...(account.email ? { email: account.email, email_verified: true } : {}),
          groups: account.groups,
        }),
      };
    },
    // A first-party client: the provider grants what it asks without a consent page.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      if (!oidc.client || !oidc.session?.accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

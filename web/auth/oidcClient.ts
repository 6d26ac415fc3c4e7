import * as client from 'openid-client';
import { z } from 'zod';

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  /** Unset: a public client, proved by PKCE alone. */
  clientSecret?: string | undefined;
  scopes: string;
  /** `${PUBLIC_URL}/sign-in/callback`, registered at the identity provider. */
  redirectUri: string;
  /** `${PUBLIC_URL}/signed-out`, registered at the identity provider for sign-out. */
  postLogoutRedirectUri: string;
}

/**
 * What a browser carries from the start of a sign-in to its callback (in a signed, HTTP-only cookie):
 * the PKCE verifier, the state and nonce the answer must match, and where to go afterwards.
 */
export const signInFlow = z.object({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  returnTo: z.string().max(1000),
});
export type SignInFlow = z.infer<typeof signInFlow>;

export interface SignedInClaims {
  claims: Record<string, unknown>;
  idToken: string;
}

/** The provider could not be reached or its discovery document is unusable. */
export class IdentityProviderUnavailable extends Error {
  override readonly name = 'IdentityProviderUnavailable';
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The authorization code flow with PKCE, state and nonce, through openid-client: nothing of the
 * protocol is written here. The provider's discovery document is read on first use (and again after
 * a failure), so the web app starts while the provider is briefly away.
 */
export class OidcClient {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(private readonly settings: OidcClientSettings) {}

  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.settings.issuer);
      // openid-client refuses plain http; a provider on this machine (the tests' own) is the exception.
      const insecure = issuer.protocol === 'http:' && loopbackHosts.has(issuer.hostname);
      const { clientId, clientSecret } = this.settings;
      this.discovered = client
        .discovery(
          issuer,
          clientId,
          clientSecret,
          clientSecret ? client.ClientSecretPost(clientSecret) : client.None(),
          insecure ? { execute: [client.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.discovered = undefined;
          throw new IdentityProviderUnavailable(
            `cannot read the discovery document of ${this.settings.issuer}: ${(error as Error).message}`,
            { cause: error },
          );
        });
    }
    return this.discovered;
  }

  /** The provider's signing keys, for verifying API bearer tokens when OIDC_JWKS_URL is not set. */
  async jwksUri(): Promise<string> {
    const uri = (await this.configuration()).serverMetadata().jwks_uri;
    if (!uri) throw new IdentityProviderUnavailable(`${this.settings.issuer} publishes no jwks_uri`);
    return uri;
  }

  /** Where to send the browser to sign in, and what it must bring back. */
  async start(returnTo: string): Promise<{ url: URL; flow: SignInFlow }> {
    const configuration = await this.configuration();
    const flow: SignInFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url, flow };
  }

  /**
   * Checks the provider's answer at the callback (state, then the code exchanged with the PKCE
   * verifier, then the ID token's signature, issuer, audience, expiry and nonce) and gives its claims.
   */
  async finish(callbackUrl: URL, flow: SignInFlow): Promise<SignedInClaims> {
    const configuration = await this.configuration();
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new Error('the provider sent no ID token');
    return { claims: { ...claims }, idToken: tokens.id_token };
  }

  /**
   * RP-initiated logout: the provider's end_session_endpoint with the ID token as a hint and where to
   * come back to; undefined when the provider has no such endpoint (or cannot be reached).
   */
  async endSessionUrl(idToken: string | undefined): Promise<URL | undefined> {
    const configuration = await this.configuration().catch(() => undefined);
    if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
      client_id: this.settings.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }
}

import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type ClaimedIdentity, type ClaimMapping, identityFromClaims } from './identityFromClaims.js';

export interface BearerTokenSettings {
  issuer: string;
  audience: string;
  /** The signing keys' address: OIDC_JWKS_URL, or the discovery document's jwks_uri. */
  jwksUrl: () => Promise<string>;
  mapping: ClaimMapping;
}

/** Signing keys fetched (and cached, and refreshed on an unknown key id) by jose, from a URL found once. */
function remoteKeys(jwksUrl: () => Promise<string>): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    keys ??= jwksUrl().then(
      (url) => createRemoteJWKSet(new URL(url)),
      (error: unknown) => {
        keys = undefined;
        throw error;
      },
    );
    return (await keys)(header, token);
  };
}

/**
 * Verifies the identity provider's access tokens (jose: signature against the provider's keys,
 * issuer, audience, expiry) and maps their claims as a sign-in's are. A token that is not to be
 * trusted, or whose claims give no user id or no role, signs nobody in.
 */
export function bearerTokenVerifier(settings: BearerTokenSettings) {
  const keys = remoteKeys(settings.jwksUrl);
  return async (token: string): Promise<ClaimedIdentity | undefined> => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.audience,
    });
    const verdict = identityFromClaims(payload, settings.mapping);
    return verdict.ok ? verdict.identity : undefined;
  };
}

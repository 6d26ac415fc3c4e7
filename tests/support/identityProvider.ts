import { startJwtIssuer } from './jwtIssuer.js';

/** Who a token is for: a directory id and the role(s) the token claims. */
export interface TokenSubject {
  id: string;
  role: string;
}

export const identityIssuer = 'https://identity.test.council.example';
export const identityAudience = 'council-posts';

/**
 * The test identity provider (tests/support/jwtIssuer.ts) as the API tests and the fuzz app use it:
 * one token per user, roles and lifetime, carrying the user id in preferred_username and the roles in
 * the `roles` claim, as production's provider does.
 */
export async function startIdentityProvider() {
  const issuer = await startJwtIssuer({ issuer: identityIssuer, audience: identityAudience });
  const tokens = new Map<string, string>();
  return {
    issuer,
    jwksUrl: issuer.jwksUrl,
    async tokenFor(user: TokenSubject, roles: unknown = [user.role], expiresIn = '30m'): Promise<string> {
      const key = `${user.id}:${JSON.stringify(roles)}:${expiresIn}`;
      const known = tokens.get(key);
      if (known) return known;
      const token = await issuer.sign(
        { sub: user.id, roles, name: user.id, preferred_username: user.id },
        { expiresIn },
      );
      tokens.set(key, token);
      return token;
    },
    close: () => issuer.close(),
  };
}

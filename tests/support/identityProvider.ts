import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** Who a token is for: a directory id and the role(s) the token claims. */
export interface TokenSubject {
  id: string;
  role: string;
}

export const identityIssuer = 'https://identity.test.council.example';
export const identityAudience = 'council-posts';

/**
 * A stand-in for the council's identity provider: an RS256 key pair, its JWKS served on 127.0.0.1,
 * and signed tokens carrying a `roles` claim, so tests sign in the way production does.
 */
export async function startIdentityProvider() {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tokens = new Map<string, string>();
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    async tokenFor(user: TokenSubject, roles: unknown = [user.role], expiresIn = '30m'): Promise<string> {
      const key = `${user.id}:${JSON.stringify(roles)}:${expiresIn}`;
      const known = tokens.get(key);
      if (known) return known;
      const token = await new SignJWT({ roles, name: user.id })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(identityIssuer)
        .setAudience(identityAudience)
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
      tokens.set(key, token);
      return token;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

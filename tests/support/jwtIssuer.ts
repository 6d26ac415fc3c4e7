import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export interface JwtIssuer {
  issuer: string;
  audience: string;
  /** Where the issuer's public keys are served (127.0.0.1, a port of its own). */
  jwksUrl: string;
  /** A signed access token; `forged` signs with a key the issuer never published. */
  sign(
    claims: JWTPayload,
    options?: { expiresIn?: string | number; audience?: string; issuer?: string; forged?: boolean },
  ): Promise<string>;
  close(): Promise<void>;
}

/**
 * A stand-in for the council's identity provider as the API sees it: an RS256 key pair with its JWKS
 * served on 127.0.0.1, and access tokens signed with it, so tests present bearer tokens the way
 * production clients do.
 */
export async function startJwtIssuer({
  issuer = 'https://identity.test.council.example',
  audience = 'council-posts',
} = {}): Promise<JwtIssuer> {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '30m')
        .sign(options.forged ? stranger.privateKey : privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

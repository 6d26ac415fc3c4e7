import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { role as roleSchema } from '../../schemas/common.js';
import type { SignedInUser } from './user.js';

export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  roleClaim: string;
}

/** The first role in the token that the product knows; `system` can never come from outside. */
function roleFrom(payload: JWTPayload, claim: string): SignedInUser['role'] | undefined {
  const value = payload[claim];
  const candidates = Array.isArray(value) ? value : [value];
  for (const candidate of candidates) {
    const parsed = roleSchema.safeParse(candidate);
    if (parsed.success && parsed.data !== 'system') return parsed.data;
  }
  return undefined;
}

/** Verifies bearer tokens against the identity provider's keys, issuer and audience. */
export function bearerTokenVerifier(settings: OidcSettings) {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl));
  return async (token: string): Promise<SignedInUser | undefined> => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.audience,
    });
    const role = roleFrom(payload, settings.roleClaim);
    if (!payload.sub || !role) return undefined;
    const name = typeof payload.name === 'string' ? payload.name : payload.sub;
    return { id: payload.sub, name, role };
  };
}

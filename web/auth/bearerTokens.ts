import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { personRole } from '../../schemas/person.js';
import type { SignedInUser } from './user.js';

export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  roleClaim: string;
}

/** Every role in the token that the product knows; `system` can never come from outside. */
function rolesFrom(payload: JWTPayload, claim: string): SignedInUser['roles'] {
  const value = payload[claim];
  const candidates = Array.isArray(value) ? value : [value];
  const roles: SignedInUser['roles'] = [];
  for (const candidate of candidates) {
    const parsed = personRole.safeParse(candidate);
    if (parsed.success && !roles.includes(parsed.data)) roles.push(parsed.data);
  }
  return roles;
}

/** Verifies bearer tokens against the identity provider's keys, issuer and audience. */
export function bearerTokenVerifier(settings: OidcSettings) {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl));
  return async (token: string): Promise<SignedInUser | undefined> => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.audience,
    });
    const roles = rolesFrom(payload, settings.roleClaim);
    if (!payload.sub || roles.length === 0) return undefined;
    const name = typeof payload.name === 'string' ? payload.name : payload.sub;
    return { id: payload.sub, name, roles, serviceAreas: ['*'] };
  };
}

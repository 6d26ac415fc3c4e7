import type { Config } from '../../config/index.js';
import { userId as userIdSchema } from '../../schemas/common.js';
import { type PersonRole, personRole } from '../../schemas/person.js';

/** How the identity provider's claims become a person of this service (from config/index.ts). */
export type ClaimMapping = Pick<
  Config,
  | 'OIDC_USER_ID_CLAIM'
  | 'OIDC_ROLE_CLAIM'
  | 'OIDC_GROUPS_CLAIM'
  | 'OIDC_ROLE_MAP'
  | 'OIDC_SERVICE_AREA_MAP'
  | 'OIDC_SERVICE_AREA_CLAIM'
>;

export interface ClaimedIdentity {
  id: string;
  name: string;
  email?: string;
  /** At least one, in the order of the product's roles. */
  roles: PersonRole[];
  /** From the token when the configuration maps service areas; otherwise undefined (the directory's). */
  serviceAreas?: string[];
}

/** Why claims make nobody of this service (each has its page in web/auth/signInRefusals.ts). */
export type ClaimsRefusal = 'no-user-id' | 'no-role';

export type ClaimsVerdict = { ok: true; identity: ClaimedIdentity } | { ok: false; refusal: ClaimsRefusal };

/** A claim's string values, whether it holds one string or a list; anything else is ignored. */
function valuesOf(claims: Record<string, unknown>, name: string | undefined): string[] {
  if (!name) return [];
  const value = claims[name];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string' && item !== '');
}

/**
 * "Julie.Longworth@council.example" → "julie.longworth": the directory's ids are lower-case user
 * names without the mail domain. Undefined when the result is not a valid user id.
 */
export function userIdFromClaim(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const local = value.trim().toLowerCase().split('@')[0] ?? '';
  const parsed = userIdSchema.safeParse(local);
  return parsed.success ? parsed.data : undefined;
}

const roleOrder = personRole.options;

/**
 * Every role the claims give: role names in the role claim, and whatever OIDC_ROLE_MAP says of each
 * value in the groups and role claims. Values it does not know are ignored; `system` can never come
 * from outside (it is not a person's role).
 */
export function rolesFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping): PersonRole[] {
  const found = new Set<PersonRole>();
  const roleValues = valuesOf(claims, mapping.OIDC_ROLE_CLAIM);
  for (const value of roleValues) {
    const direct = personRole.safeParse(value);
    if (direct.success) found.add(direct.data);
  }
  for (const value of [...valuesOf(claims, mapping.OIDC_GROUPS_CLAIM), ...roleValues]) {
    for (const role of mapping.OIDC_ROLE_MAP[value] ?? []) found.add(role);
  }
  return roleOrder.filter((role) => found.has(role));
}

/** Service areas from the token, or undefined when the configuration does not map them. */
export function serviceAreasFromClaims(
  claims: Record<string, unknown>,
  mapping: ClaimMapping,
): string[] | undefined {
  const mapped = Object.keys(mapping.OIDC_SERVICE_AREA_MAP).length > 0;
  if (!mapped && !mapping.OIDC_SERVICE_AREA_CLAIM) return undefined;
  const areas = new Set<string>(valuesOf(claims, mapping.OIDC_SERVICE_AREA_CLAIM).map((area) => area.trim()));
  for (const value of valuesOf(claims, mapping.OIDC_GROUPS_CLAIM)) {
    for (const area of mapping.OIDC_SERVICE_AREA_MAP[value] ?? []) areas.add(area);
  }
  return [...areas].filter((area) => area !== '');
}

const emailLike = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function nameOf(claims: Record<string, unknown>, id: string): string {
  if (typeof claims.name === 'string' && claims.name.trim() !== '') return claims.name.trim();
  const parts = [claims.given_name, claims.family_name].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  return parts.length > 0 ? parts.join(' ') : id;
}

function emailOf(claims: Record<string, unknown>, mapping: ClaimMapping): string | undefined {
  for (const candidate of [claims.email, claims[mapping.OIDC_USER_ID_CLAIM], claims.upn]) {
    if (typeof candidate === 'string' && emailLike.test(candidate.trim())) return candidate.trim();
  }
  return undefined;
}

/** The person the claims of an ID token or an access token name, in this service's terms. */
export function identityFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping): ClaimsVerdict {
  const id = userIdFromClaim(claims[mapping.OIDC_USER_ID_CLAIM]);
  if (!id) return { ok: false, refusal: 'no-user-id' };
  const roles = rolesFromClaims(claims, mapping);
  if (roles.length === 0) return { ok: false, refusal: 'no-role' };
  const email = emailOf(claims, mapping);
  const serviceAreas = serviceAreasFromClaims(claims, mapping);
  return {
    ok: true,
    identity: {
      id,
      name: nameOf(claims, id),
      roles,
      ...(email ? { email } : {}),
      ...(serviceAreas ? { serviceAreas } : {}),
    },
  };
}

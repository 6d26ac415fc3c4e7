import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { type Person, person as personSchema } from '../../schemas/person.js';
import type { ClaimedIdentity } from './identityFromClaims.js';

/** Why a person with a role in the token still cannot sign in (pages in web/auth/signInRefusals.ts). */
export type DirectoryRefusal = 'inactive' | 'no-email' | 'unusable-claims';

export type DirectoryVerdict = { ok: true; person: Person } | { ok: false; refusal: DirectoryRefusal };

/**
 * The directory's entry for a person who has just signed in through the identity provider: name,
 * email, roles and (when the configuration maps them) service areas from the token, everything only
 * the directory knows (whom they direct or deputise for, how they like notifications) kept. A person
 * the directory marks as no longer using the service stays out, whatever the token says.
 */
export function personFromIdentity(
  identity: ClaimedIdentity,
  existing: Person | undefined,
): DirectoryVerdict {
  if (existing && !existing.active) return { ok: false, refusal: 'inactive' };
  const email = identity.email ?? existing?.email;
  if (!email) return { ok: false, refusal: 'no-email' };
  const parsed = personSchema.safeParse({
    id: identity.id,
    name: identity.name,
    email,
    roles: identity.roles,
    serviceAreas: identity.serviceAreas ?? existing?.serviceAreas ?? ['*'],
    directorOf: existing?.directorOf ?? [],
    deputisesFor: existing?.deputisesFor ?? [],
    notifications: existing?.notifications ?? 'immediate',
    active: true,
  });
  if (!parsed.success) {
    const email = parsed.error.issues.some((issue) => issue.path[0] === 'email');
    return { ok: false, refusal: email ? 'no-email' : 'unusable-claims' };
  }
  return { ok: true, person: parsed.data };
}

/** Adds or updates the person in the staff directory; nothing is written when nothing changed. */
export async function upsertFromIdentity(
  directory: StaffDirectory,
  identity: ClaimedIdentity,
): Promise<DirectoryVerdict> {
  const existing = directory.store.people().find((one) => one.id === identity.id);
  const verdict = personFromIdentity(identity, existing);
  if (verdict.ok && JSON.stringify(verdict.person) !== JSON.stringify(existing)) {
    await directory.store.upsertPerson(verdict.person);
  }
  return verdict;
}

import type { Actor, Role } from '../../schemas/common.js';
import type { PersonRole } from '../../schemas/person.js';

/**
 * The person behind a request: from a session (the browser) or a verified bearer token (the API).
 * A person may hold several roles and acts in each of them: a command is sent in the role it needs.
 */
export interface SignedInUser {
  id: string;
  name: string;
  /** At least one. */
  roles: PersonRole[];
  /** The service areas the person acts for (`*` for all), from the directory or the token. */
  serviceAreas: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: SignedInUser | undefined;
    /** How `user` was recognised: a browser sends the session cookie by itself, never a bearer token. */
    authenticatedBy?: 'bearer' | 'session' | undefined;
  }
}

export function hasRole(user: SignedInUser | undefined, ...roles: readonly Role[]): boolean {
  return user?.roles.some((role) => roles.includes(role)) ?? false;
}

/**
 * The actor a command carries into the workflow, where its authority is checked again: the person in
 * the first of their roles that may send it (their first role when none may, so the refusal names it).
 */
export function actorFor(user: SignedInUser, allowed: readonly Role[]): Actor {
  const role = user.roles.find((held) => allowed.includes(held)) ?? user.roles[0] ?? 'viewer';
  return { id: user.id, role };
}

/** The person's roles in words, for the header and the sign-in page: "director and deputy". */
export function rolesInWords(user: Pick<SignedInUser, 'roles'>): string {
  const words = user.roles.map((role) => role.replaceAll('-', ' '));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
}

/** Each role as a person is called in a sentence, article included. */
export const rolePhrase: Record<PersonRole, string> = {
  hr: 'an HR officer',
  director: 'a director',
  deputy: 'a deputy director',
  union: 'a union representative',
  'executive-member': 'an executive member',
  'equality-lead': 'an equality lead',
  finance: 'a finance officer',
  viewer: 'a viewer',
};

/** "a director", or for several roles "someone who is a director and an HR officer". */
export function aRole(user: Pick<SignedInUser, 'roles'>): string {
  const phrases = user.roles.map((role) => rolePhrase[role]);
  if (phrases.length <= 1) return phrases[0] ?? 'someone with no role';
  return `someone who is ${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}

import type { Actor, Role } from '../../schemas/common.js';

/** The person behind a request: from a session cookie (local) or a verified bearer token (OIDC). */
export interface SignedInUser {
  id: string;
  name: string;
  role: Exclude<Role, 'system'>;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: SignedInUser | undefined;
    /** How `user` was recognised: a browser sends the session cookie by itself, never a bearer token. */
    authenticatedBy?: 'bearer' | 'session' | undefined;
  }
}

/** The actor a command carries into the workflow, where its authority is checked again. */
export function actorOf(user: SignedInUser): Actor {
  return { id: user.id, role: user.role };
}

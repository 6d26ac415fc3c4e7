import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import { aRole, hasRole, type SignedInUser } from '../auth/user.js';
import type { UserRole } from './commandRoles.js';
import { ProblemError, problem, sendProblem } from './problems.js';

/**
 * The role table's check for one route, run before validation: who you are and what your role may
 * do come before what you sent.
 */
export function roleCheck(config: Pick<Config, 'AUTH_MODE'>) {
  return (roles: readonly UserRole[], doing: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.user) {
        if (config.AUTH_MODE === 'oidc') reply.header('www-authenticate', 'Bearer');
        return sendProblem(
          reply,
          problem(401, 'Sign in first: send a bearer token, or use the sign-in page.'),
          request.url,
        );
      }
      if (!hasRole(request.user, ...roles)) {
        return sendProblem(reply, problem(403, `${aRole(request.user)} may not ${doing}`), request.url);
      }
    };
}

/** The person behind a request that passed the role check. */
export function signedIn(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new ProblemError(problem(401, 'Sign in first.'));
  return request.user;
}

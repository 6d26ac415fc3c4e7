import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthServices } from '../auth/authServices.js';
import { type roleCheck, signedIn } from './access.js';
import { meView } from './apiSchemas.js';
import { userRoles } from './commandRoles.js';
import { ProblemError, problem, problemResponsesFor } from './problems.js';

/**
 * Who the caller is (`GET /api/me`: the CLI's `login` checks a token with it), and `DELETE
 * /api/me/token`, which revokes the personal access token the request was sent with (the CLI's
 * `logout`): a token can end itself, never make another.
 */
export const meRoutes: FastifyPluginAsync<{
  auth: AuthServices;
  allow: ReturnType<typeof roleCheck>;
}> = async (parent, { auth, allow }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const anyone = allow(userRoles, 'use the API');

  app.get(
    '/me',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'The signed-in person: id, name, roles and service areas',
        response: { 200: meView, ...problemResponsesFor([401, 403]) },
      },
      preValidation: anyone,
    },
    async (request) => {
      const user = signedIn(request);
      const signedInWith =
        request.authenticatedBy === 'session'
          ? 'session'
          : request.apiTokenId
            ? 'api-token'
            : 'identity-provider-token';
      return { ...user, signedInWith } as const;
    },
  );

  app.delete(
    '/me/token',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'Revoke the personal access token this request is sent with',
        description:
          'Only a request sent with a personal access token has one to revoke: sent with the session cookie or an identity provider’s token, it is refused with 400.',
        response: { 204: z.null(), ...problemResponsesFor([400, 401, 403]) },
      },
      preValidation: anyone,
    },
    async (request, reply) => {
      const user = signedIn(request);
      if (!request.apiTokenId) {
        throw new ProblemError(problem(400, 'This request was not sent with a personal access token.'));
      }
      await auth.apiTokens.revoke(user.id, request.apiTokenId);
      request.log.info({ userId: user.id, tokenId: request.apiTokenId }, 'API token revoked by its holder');
      return reply.code(204).send(null);
    },
  );
};

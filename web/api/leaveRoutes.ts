import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { leaveRequest, planLeaveCover } from '../../directory/leaveCover.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { londonDateOf } from '../../domain/workingDays.js';
import { leaveDelegation } from '../../schemas/person.js';
import { hasRole } from '../auth/user.js';
import { type roleCheck, signedIn } from './access.js';
import { commandHeaders } from './apiSchemas.js';
import { readerRoles } from './commandRoles.js';
import { ProblemError, problem, problemResponsesFor } from './problems.js';

export interface LeaveRoutesOptions {
  directory: StaffDirectory;
  allow: ReturnType<typeof roleCheck>;
}

/** A director's leave cover through the API: the same rules and records as the /leave page. */
export const leaveRoutes: FastifyPluginAsync<LeaveRoutesOptions> = async (parent, { directory, allow }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const command = (name: string) => ({
    command: { channel: 'api' as const, target: 'leave' as const, command: name },
  });

  app.get(
    '/leave-delegations',
    {
      schema: {
        tags: ['leave cover'],
        summary:
          'Leave cover current and coming that the signed-in person gives (a director) or holds (a deputy)',
        response: { 200: leaveDelegation.array(), ...problemResponsesFor([401, 403]) },
      },
      preValidation: allow(readerRoles, 'read leave cover'),
    },
    async (request) => {
      const user = signedIn(request);
      return directory
        .currentAndComing(londonDateOf(Date.now()))
        .filter((leave) => leave.directorId === user.id || leave.deputyId === user.id);
    },
  );

  app.post(
    '/leave-delegations',
    {
      schema: {
        tags: ['leave cover'],
        summary:
          'A director hands their decisions (all, or one service area’s) to a deputy for a range of dates',
        description:
          '`to` must not be before `from` nor before today; the deputy must be a deputy in the staff directory, and a service area one the director directs.',
        headers: commandHeaders,
        body: leaveRequest,
        response: { 201: leaveDelegation, ...problemResponsesFor([400, 401, 403, 409, 413, 415, 422, 429]) },
      },
      config: command('arrange-leave-cover'),
      preValidation: allow(['director'], 'arrange leave cover'),
    },
    async (request, reply) => {
      const user = signedIn(request);
      const planned = planLeaveCover(directory, request.body, user.id, londonDateOf(Date.now()));
      if (!planned.delegation) {
        throw new ProblemError(problem(400, 'The leave cover cannot be arranged.', planned.problems));
      }
      await directory.store.addLeaveDelegation(planned.delegation);
      return reply.code(201).send(planned.delegation);
    },
  );

  app.delete(
    '/leave-delegations/:id',
    {
      schema: {
        tags: ['leave cover'],
        summary: 'Cancels a leave cover the signed-in director arranged',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: leaveDelegation, ...problemResponsesFor([400, 401, 403, 404, 414, 429]) },
      },
      config: command('cancel-leave-cover'),
      preValidation: allow(['director'], 'cancel leave cover'),
    },
    async (request) => {
      const user = signedIn(request);
      const mine = directory.store
        .leaveDelegations()
        .find(
          (leave) => leave.id === request.params.id && leave.directorId === user.id && !leave.cancelledAt,
        );
      if (!mine || !hasRole(user, 'director'))
        throw new ProblemError(problem(404, 'No such leave cover of yours.'));
      const cancelled = await directory.store.cancelLeaveDelegation(
        mine.id,
        user.id,
        new Date().toISOString(),
      );
      return cancelled ?? mine;
    },
  );
};

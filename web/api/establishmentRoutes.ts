import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { BaselinePublisher } from '../../kafka/establishmentPublisher.js';
import type { BaselineSummary } from '../../projections/vacancyFigures.js';
import { isoDate, isoInstant } from '../../schemas/common.js';
import { baselineRecordedEvent, establishmentBaseline } from '../../schemas/establishmentBaseline.js';
import { establishmentBaselineRecorded } from '../../schemas/establishmentEvents.js';
import { actorFor } from '../auth/user.js';
import { type roleCheck, signedIn } from './access.js';
import { commandHeaders } from './apiSchemas.js';
import { readerRoles, type UserRole } from './commandRoles.js';
import { commandProblemResponses, ProblemError, problem, problemResponses } from './problems.js';

/** Where the API records a baseline, and reads the one the dashboard uses now. */
export interface EstablishmentBaselines {
  publisher: BaselinePublisher;
  /** The current baseline as the dashboard projection has read it (a new one shows once it is read). */
  current(): BaselineSummary | null;
}

export interface EstablishmentRoutesOptions {
  establishment: EstablishmentBaselines;
  directory: Pick<StaffDirectory, 'nameOf'>;
  allow: ReturnType<typeof roleCheck>;
}

/** Those who keep the establishment's figures: HR, finance and directors. */
export const baselineRoles: readonly UserRole[] = ['hr', 'finance', 'director'];

const baselineView = z.object({
  asOf: isoDate,
  source: z.string().optional(),
  recordedAt: isoInstant,
  recordedBy: z.string().describe('The id of who recorded it'),
  recordedByName: z.string(),
  byServiceArea: z.boolean(),
  establishmentFte: z.number(),
  vacantFte: z.number(),
  rows: z.array(
    z.object({
      serviceArea: z.string().nullable(),
      grade: z.string().nullable(),
      establishmentFte: z.number(),
      vacantFte: z.number(),
    }),
  ),
});

/**
 * The same key from the same person means the same baseline: its event id is made from them, so the
 * projection applies a retried request once however often it reaches the topic.
 */
function eventIdFor(userId: string, idempotencyKey: string): string {
  const hex = createHash('sha256')
    .update(`establishment-baseline\0${userId}\0${idempotencyKey}`)
    .digest('hex');
  // A version 8 (name-based, custom hash) UUID with the RFC 9562 variant bits.
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** The establishment baseline through the API: record one (HR, finance, directors), read the current one. */
export const establishmentRoutes: FastifyPluginAsync<EstablishmentRoutesOptions> = async (
  parent,
  { establishment, directory, allow },
) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/establishment-baselines',
    {
      schema: {
        tags: ['establishment'],
        summary:
          'Record the establishment baseline: the service’s posts and vacancies on a date (e.g. 71.5 vacant of 500 FTE on 2022-06-30), whole or by service area and grade. It replaces the current one for the vacancy rate once the dashboard has read it.',
        headers: commandHeaders,
        body: establishmentBaseline,
        response: { 202: establishmentBaselineRecorded, ...commandProblemResponses },
      },
      config: {
        command: { channel: 'api', target: 'establishment', command: 'record-establishment-baseline' },
      },
      preValidation: allow(baselineRoles, 'record the establishment baseline'),
    },
    async (request, reply) => {
      const user = signedIn(request);
      const actor = actorFor(user, baselineRoles);
      request.commandRole = actor.role;
      const event = baselineRecordedEvent(request.body, actor, {
        eventId: eventIdFor(user.id, request.headers['idempotency-key']),
        occurredAt: new Date().toISOString(),
      });
      await establishment.publisher.publish(event);
      request.log.info({ eventId: event.eventId, asOf: event.data.asOf }, 'establishment baseline recorded');
      return reply.code(202).header('location', '/api/establishment-baselines/current').send(event);
    },
  );

  app.get(
    '/establishment-baselines/current',
    {
      schema: {
        tags: ['establishment'],
        summary: 'The establishment baseline the dashboard’s vacancy rate uses now',
        response: { 200: baselineView, ...problemResponses },
      },
      preValidation: allow(readerRoles, 'read the establishment baseline'),
    },
    async () => {
      const current = establishment.current();
      if (!current) throw new ProblemError(problem(404, 'No establishment baseline has been recorded.'));
      return { ...current, recordedByName: directory.nameOf(current.recordedBy) };
    },
  );
};

import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { checkReadiness, type ReadinessChecks } from '../../observability/readiness.js';

/**
 * The web app's operator endpoints, as the worker has them: `/health/live` (the process answers),
 * `/health/ready` (Temporal and Kafka answer, and PostgreSQL when configured: 503 naming what does
 * not; nginx and orchestrators route only to a ready replica) and `/metrics` (Prometheus text).
 * No sign-in: they say nothing about posts or people.
 */
export async function healthRoutes(
  app: FastifyInstance,
  { readiness, registry }: { readiness: ReadinessChecks; registry?: Registry },
): Promise<void> {
  const noStore = { 'cache-control': 'no-store' };
  app.get('/health/live', { schema: { hide: true } }, async (_request, reply) =>
    reply.headers(noStore).send({ status: 'live' }),
  );
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const { ready, checks } = await checkReadiness(readiness);
    return reply
      .code(ready ? 200 : 503)
      .headers(noStore)
      .send({ status: ready ? 'ready' : 'not ready', checks });
  });
  if (registry) {
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.headers({ ...noStore, 'content-type': registry.contentType }).send(await registry.metrics()),
    );
  }
}

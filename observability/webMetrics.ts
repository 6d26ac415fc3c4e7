import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditLog } from '../audit/auditLog.js';
import { type LaggingProjection, lagOf, type TopicEnds } from './projectionLag.js';
import { publishLatencyHistogram } from './publishMetrics.js';

/** The web process's Prometheus metrics (served at /metrics by web/health/healthRoutes.ts). */
export function createWebMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'council_posts_web_' });
  const commands = new Counter({
    name: 'council_posts_commands_total',
    help: 'Command attempts through the API and the forms, by command, channel and outcome',
    labelNames: ['command', 'channel', 'outcome'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'council_posts_command_refusals_total',
    help: 'Refused command attempts, by command and HTTP status (403 authority, 409 the workflow, 429 rate limit…)',
    labelNames: ['command', 'status'] as const,
    registers: [registry],
  });
  const httpRequests = new Histogram({
    name: 'council_posts_http_request_seconds',
    help: 'HTTP requests answered, by method, route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Measured when scraped (prom-client calls collect() first), so an idle process asks the broker nothing.
  let lagSource: { topicEnds: TopicEnds; projections: Record<string, LaggingProjection> } | undefined;
  const projectionLag = new Gauge({
    name: 'council_posts_projection_lag_messages',
    help: "Messages on the post events topic not yet in this replica's stored projection, by projection",
    labelNames: ['projection'] as const,
    registers: [registry],
    async collect() {
      if (!lagSource) return;
      try {
        const ends = await lagSource.topicEnds();
        for (const [name, projection] of Object.entries(lagSource.projections)) {
          this.set({ projection: name }, lagOf(ends, projection.offsets()));
        }
      } catch {
        // The broker does not answer: no figure rather than a stale one (/health/ready says why).
        this.reset();
      }
    },
  });
  const publishSeconds = publishLatencyHistogram(registry);
  return {
    registry,
    commands,
    refusals,
    httpRequests,
    projectionLag,
    publishSeconds,
    /** Reports these projections' lag behind the topic's ends on every scrape. */
    watchProjectionLag(topicEnds: TopicEnds, projections: Record<string, LaggingProjection>): void {
      lagSource = { topicEnds, projections };
    },
  };
}

export type WebMetrics = ReturnType<typeof createWebMetrics>;

/** The audit log, counting every attempt it records: the one place every command passes through. */
export function countingAuditLog(
  audit: AuditLog,
  metrics: Pick<WebMetrics, 'commands' | 'refusals'>,
): AuditLog {
  return {
    location: audit.location,
    forPost: (postId) => audit.forPost(postId),
    all: () => audit.all(),
    async record(entry) {
      await audit.record(entry);
      metrics.commands.inc({ command: entry.command, channel: entry.channel, outcome: entry.outcome });
      if (entry.outcome === 'refused')
        metrics.refusals.inc({ command: entry.command, status: String(entry.status) });
    },
  };
}

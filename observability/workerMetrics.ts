import { Gauge, Registry } from 'prom-client';
import { publishLatencyHistogram } from './publishMetrics.js';

/** The worker's own Prometheus metrics (served by workers/workerHttp.ts at /metrics). */
export function createWorkerMetrics() {
  const registry = new Registry();
  const stuckWorkflows = new Gauge({
    name: 'council_posts_stuck_workflows',
    help: 'Open entity workflows whose workflow task keeps failing or timing out, by workflow type',
    labelNames: ['workflow_type'] as const,
    registers: [registry],
  });
  const publishSeconds = publishLatencyHistogram(registry);
  return { registry, stuckWorkflows, publishSeconds };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

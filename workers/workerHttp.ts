import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { checkReadiness, type ReadinessChecks } from '../observability/readiness.js';

export interface WorkerHttpOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Each dependency the worker needs to make progress, by name; resolves when it answers. */
  readiness: ReadinessChecks;
}

/**
 * The worker's operator endpoints: `/health/live` (the process answers), `/health/ready` (Temporal
 * and Kafka answer: 503 naming what does not) and `/metrics` (Prometheus text).
 */
export async function startWorkerHttp({
  host,
  port,
  registry,
  readiness,
}: WorkerHttpOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, body: string, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(405, JSON.stringify({ error: 'only GET' }));
    if (path === '/health/live') return send(200, JSON.stringify({ status: 'live' }));
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(200, text, registry.contentType),
        (error: Error) => send(500, JSON.stringify({ error: error.message })),
      );
      return;
    }
    if (path === '/health/ready') {
      checkReadiness(readiness).then(({ ready, checks }) => {
        send(ready ? 200 : 503, JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
      });
      return;
    }
    send(404, JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

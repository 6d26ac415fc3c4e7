import { type Context, context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tracer } from './tracing.js';

const requestContexts = new WeakMap<FastifyRequest, Context>();

/**
 * A server span per HTTP request, continuing a caller's W3C `traceparent` when it sends one, and
 * active while the route's handler runs, so the Temporal Update it sends (and all that follows)
 * joins the request's trace. The context is entered again before the handler: a request body is read
 * from the socket's own callbacks, which do not carry it. A no-op when tracing is off.
 */
export function traceRequests(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer().startSpan(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    requestContexts.set(request, active);
    context.with(active, done);
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const active = requestContexts.get(request);
    if (active) context.with(active, done);
    else done();
  });
  app.addHook('onResponse', async (request, reply) => {
    const active = requestContexts.get(request);
    const span = active && trace.getSpan(active);
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}

import { context, propagation, type Span, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * OpenTelemetry traces, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, as the OpenTelemetry specification names them; off
 * otherwise, when every span below is a no-op. One trace follows a command: the HTTP request (web),
 * the Temporal Update (the client interceptor in temporal/connection.ts), the activities that publish
 * its events (the worker's activity interceptor), the Kafka send, and the projection of each event.
 */
export interface Tracing {
  enabled: boolean;
  /** Sends what is buffered and stops; call before the process exits. */
  shutdown(): Promise<void>;
}

export const tracer = () => trace.getTracer('council-posts');

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Where spans go: the signal-specific variable as given, or `/v1/traces` under the general one. */
function tracesEndpoint(env: NodeJS.ProcessEnv): string {
  return (
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    `${env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/$/, '')}/v1/traces`
  );
}

/** Starts tracing for this process (`web` or `worker`), once, before any client is made. */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (!tracingConfigured(env)) return { enabled: false, shutdown: async () => undefined };
  const provider = new NodeTracerProvider({
    resource: new Resource({ [ATTR_SERVICE_NAME]: `council-posts-${serviceName}` }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesEndpoint(env) }), {
        scheduledDelayMillis: 500,
      }),
    ],
  });
  // Registers the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  return { enabled: true, shutdown: () => provider.shutdown() };
}

/** The active trace's ids, for log lines (logging/logger.ts). */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span?.isRecording()) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** W3C trace-context headers (`traceparent`, `tracestate`) for the active trace, for a Kafka message. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** A span for `fn`, child of the active one. */
export function inSpan<T>(name: string, kind: SpanKind, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A finished span for work already done on a message that carried `headers` (a Kafka consumer's). */
export function recordConsumerSpan(
  name: string,
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
  attributes: Record<string, string>,
): void {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) carrier[key] = first.toString();
  }
  if (!carrier.traceparent) return;
  const parent = propagation.extract(context.active(), carrier);
  tracer().startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent).end();
}

import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { dataConverterFor } from '../codec/dataConverter.js';
import type { Config } from '../config/index.js';

/** A Temporal client for the configured frontend and namespace, encrypting payloads when keys are set. */
export async function connectClient(
  config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>,
) {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(config),
    // Starts, Updates, signals and queries continue the caller's trace into the workflow's headers
    // (a no-op unless tracing is on: observability/tracing.ts).
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
}

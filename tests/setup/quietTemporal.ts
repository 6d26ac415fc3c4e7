import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

// The SDK logs every worker start and workflow bundle at info; tests only want to hear about trouble.
try {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
} catch {
  // Already installed in this process by an earlier test file.
}

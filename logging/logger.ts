import pino, { type Logger } from 'pino';
import { activeTraceIds } from '../observability/tracing.js';

/**
 * The product's logger: pino JSON, one line per event, post id and workflow id bound where known,
 * and the trace and span ids of the command being carried out when tracing is on
 * (observability/tracing.ts), so a log line leads to its trace and back.
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, mixin: () => activeTraceIds() ?? {} });
}

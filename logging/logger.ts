import pino, { type Logger } from 'pino';

/** The product's logger: pino JSON, one line per event, post id and workflow id bound where known. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level });
}

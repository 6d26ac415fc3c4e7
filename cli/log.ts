import pino, { type Logger } from 'pino';

/** The CLI's logger: pino JSON on stderr, warnings and errors only, so stdout stays for people. */
export function createCliLogger(): Logger {
  return pino({ name: 'council-posts-cli', level: 'warn' }, pino.destination({ fd: 2, sync: true }));
}

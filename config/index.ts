import { z } from 'zod';

/**
 * The one place configuration enters the product. Every value comes from the environment and has a
 * default that runs the embedded local stack (scripts/start.sh), so nothing needs setting to try it.
 * docker-compose.yml sets the same variables for operators.
 */
const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233');

const port = z.coerce.number().int().min(1).max(65_535);

export const configSchema = z.object({
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('council-posts'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('posts'),
  /** Port of the Temporal Web UI started by the local dev server. */
  TEMPORAL_UI_PORT: port.default(8233),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(hostPort).min(1)),
  /** KRaft controller listener of the local broker; not used by clients. */
  KAFKA_CONTROLLER_PORT: port.default(9093),
  KAFKA_CLIENT_ID: z.string().min(1).default('council-posts'),
  POST_EVENTS_TOPIC: z.string().min(1).default('post-events'),
  POST_EVENTS_PARTITIONS: z.coerce.number().int().min(1).default(6),
  HTTP_PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses configuration from an environment, naming every variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** Host and port of a `host:port` address. */
export function splitHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

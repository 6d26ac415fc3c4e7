import { z } from 'zod';
import { roleMap, serviceAreaMap } from './claimMaps.js';
import { base64Key, keyId, keyring } from './keys.js';

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
  /**
   * Copies of each partition of the product's topics, set when the project creates them: 1 on the
   * one local broker; 3 on the cluster profile and in compose, where `min.insync.replicas` is then 2 so
   * an acknowledged event (the producer asks for acks=all) is on two brokers before a post moves on.
   */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
  /** The consumer group of the dashboards' projection. */
  DASHBOARD_PROJECTION_GROUP: z.string().min(1).default('dashboard-projection'),
  /** The projection's snapshot (model and offsets together); relative paths are from the working directory. */
  DASHBOARD_SNAPSHOT_FILE: z.string().min(1).default('.local/projections/dashboard.json'),
  /** Every post's record (open and closed) from the event stream: its consumer group and its file. */
  POST_CATALOGUE_GROUP: z.string().min(1).default('post-catalogue'),
  POST_CATALOGUE_FILE: z.string().min(1).default('.local/projections/post-catalogue.json'),
  HTTP_PORT: port.default(3000),
  /**
   * Which replica this process is, when several web or worker processes run (the cluster profile:
   * web-1, web-2): each web replica's dashboard and catalogue consumers then get a group and a
   * snapshot of their own (`<group>.<id>`, `<file>.<id>.json`), so every replica sees every partition.
   */
  INSTANCE_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'expected a short name such as web-1 (a-z, 0-9, -)')
    .optional(),
  /**
   * PostgreSQL for the state several web processes share: sessions, API tokens, rate limits, the
   * audit log and the staff directory (`npm run db -- migrate` makes the tables; storage/sharedState.ts).
   * Unset: the embedded default, files under .local/.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'expected postgres://user:password@host:port/database')
    .optional(),
  /**
   * The Temporal SDK's own metrics (workflow and activity task latencies, sticky cache, slots, polls):
   * with an address (127.0.0.1:13111) the worker's SDK core serves them there in Prometheus text at
   * /metrics, beside the worker's own /metrics. Unset: not collected.
   */
  TEMPORAL_SDK_METRICS_ADDRESS: hostPort.optional(),
  /** The worker's health and metrics endpoints (/health/live, /health/ready, /metrics); 0 picks a free port. */
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  /** Interface the web app and the worker's endpoints listen on: loopback locally, 0.0.0.0 in a container. */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * `local`: a sign-in page listing the staff directory; `oidc`: sign-in through the council's identity
   * provider (OpenID Connect), whose tokens the API accepts too.
   */
  AUTH_MODE: z.enum(['local', 'oidc']).default('local'),
  /**
   * The address people's browsers use for the web app: the OIDC redirect URI is made from it, an
   * https one makes every cookie `Secure`, and notifications link to PUBLIC_URL/posts/<postId>. Behind
   * a reverse proxy, the proxy's public address.
   */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s?#]+\/?$/, 'expected an origin such as https://posts.council.example (no path)')
    .default('http://127.0.0.1:3000')
    .transform((value) => value.replace(/\/$/, '')),
  /** Signs the CSRF and sign-in cookies; without one a random secret is made at start. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** A session ends after this many minutes without a request (fractions allowed, for tests). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /** A session ends this many hours after sign-in, however busy. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(10),
  /** The server-side sessions (the embedded default: a JSON file, so sessions outlive a web restart). */
  SESSIONS_FILE: z.string().min(1).default('.local/auth/sessions.json'),
  /** Personal access tokens for the API and the CLI: only their SHA-256 hashes are kept. */
  API_TOKENS_FILE: z.string().min(1).default('.local/auth/api-tokens.json'),
  /** Sign-in attempts (POST /sign-in) one address may make in a minute. */
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Commands (API and forms together) one signed-in person may send in a minute. */
  RATE_LIMIT_COMMANDS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Every command attempt, one JSON entry per line, appended; relative paths are from the working directory. */
  AUDIT_LOG_FILE: z.string().min(1).default('.local/audit/commands.ndjson'),
  /**
   * The council's approval policy (README, "Writing an approval policy"): checked whole, against the
   * staff directory, when the web app starts; it does not start under a policy with problems.
   */
  APPROVAL_POLICY_FILE: z.string().min(1).default('policy/approval-policy.yaml'),
  /** The staff directory (people, roles, service areas, leave delegations); a JSON file locally. */
  DIRECTORY_FILE: z.string().min(1).default('.local/directory/people.json'),
  /**
   * A .csv or .json directory that fills an empty DIRECTORY_FILE at start: locally the example
   * directory. `none` in production, where the directory is imported (`cli directory import`).
   */
  DIRECTORY_SEED_FILE: z
    .string()
    .min(1)
    .default('examples/directory.csv')
    .transform((value) => (value === 'none' ? undefined : value)),
  /** The identity provider's issuer; its discovery document is read from <issuer>/.well-known/openid-configuration. */
  OIDC_ISSUER: z.string().min(1).optional(),
  /** This service's client (application) id at the identity provider. */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** The client secret; unset for a public client (PKCE alone). */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Scopes asked for at sign-in. */
  OIDC_SCOPES: z.string().min(1).default('openid profile email'),
  /** The `aud` an API bearer token must carry; OIDC_CLIENT_ID when unset. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** The keys that sign tokens; from the discovery document when unset. */
  OIDC_JWKS_URL: z.url().optional(),
  /** The claim holding the person's user id: lower-cased, any @domain dropped (julie.longworth@council → julie.longworth). */
  OIDC_USER_ID_CLAIM: z.string().min(1).default('preferred_username'),
  /** The token claim holding role names (hr, director, …) or values OIDC_ROLE_MAP maps (Entra app roles). */
  OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  /** The token claim holding the person's groups (Entra ID: group object ids). */
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** JSON: group (or role claim) value → role or roles, e.g. {"0b7e…": "director"}. Unknown values are ignored. */
  OIDC_ROLE_MAP: roleMap.default({}),
  /** JSON: group value → service area(s). With this or OIDC_SERVICE_AREA_CLAIM, service areas come from the token. */
  OIDC_SERVICE_AREA_MAP: serviceAreaMap.default({}),
  /** A claim naming service areas directly; unset: none. */
  OIDC_SERVICE_AREA_CLAIM: z.string().min(1).optional(),
  /** How mail is sent: appended to an outbox file locally, SMTP in production (addresses from the directory). */
  NOTIFY_TRANSPORT: z.enum(['outbox', 'smtp']).default('outbox'),
  /** The outbox file, one JSON notification per line; relative paths are from the working directory. */
  NOTIFY_OUTBOX_FILE: z.string().min(1).default('.local/notifications.ndjson'),
  /** SMTP connection URL, e.g. smtps://user:pass@smtp.example.org:465; required when NOTIFY_TRANSPORT=smtp. */
  SMTP_URL: z.url().optional(),
  NOTIFY_FROM: z.string().min(3).default('posts@council.example'),
  /**
   * `on`: the worker process runs the notification dispatcher (notifications/dispatcher). Run exactly
   * one per NOTIFY_DISPATCHER_DIR: set `off` on every other worker process.
   */
  NOTIFY_DISPATCHER: z.enum(['on', 'off']).default('on'),
  /** The dispatcher's consumer group on POST_EVENTS_TOPIC. */
  NOTIFY_DISPATCHER_GROUP: z.string().min(1).default('notification-dispatcher'),
  /** The dispatcher's state (per-post facts, queued and digest hand-offs, offsets) and its sent-log. */
  NOTIFY_DISPATCHER_DIR: z.string().min(1).default('.local/notifications/dispatcher'),
  /** London wall-clock time (HH:MM) at which people who chose a daily digest get it. */
  NOTIFY_DIGEST_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as 08:00')
    .default('08:00'),
  /** A Microsoft Teams (or any) incoming webhook that is told every hand-off besides the mail; unset: none. */
  NOTIFY_WEBHOOK_URL: z.url().optional(),
  /** `teams`: an Adaptive Card message as Teams' incoming webhooks take it; `json`: the notification as it is. */
  NOTIFY_WEBHOOK_FORMAT: z.enum(['teams', 'json']).default('teams'),
  /** A failed send is tried again after this long, doubling on each failure up to NOTIFY_RETRY_MAX_SECONDS. */
  NOTIFY_RETRY_FIRST_SECONDS: z.coerce.number().positive().default(10),
  NOTIFY_RETRY_MAX_SECONDS: z.coerce.number().positive().default(900),
  /** A hand-off not delivered this long after it was queued is given up and logged as an error. */
  NOTIFY_GIVE_UP_AFTER_HOURS: z.coerce.number().positive().default(72),
  /** The service's cap on international recruits, and how many it already has (the seed: 20 and 13). */
  INTERNATIONAL_RECRUITS_CAP: z.coerce.number().int().min(0).default(20),
  INTERNATIONAL_RECRUITS_ALREADY: z.coerce.number().int().min(0).default(13),
  /**
   * How many workflows a worker keeps in memory between tasks (the rest are replayed from history
   * when next needed): bounds the worker's memory however many posts are open (bench/RESULTS.md).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
  /**
   * How many ledger workflows (budget allocations, the international cap) the ledgers' worker keeps in
   * memory: enough for every open one, so a burst of reservations never replays a ledger's history.
   */
  WORKER_MAX_CACHED_LEDGERS: z.coerce.number().int().min(1).default(200),
  /**
   * Posts one proposal may make: at most 1,000 (half Temporal's 2,000 pending child workflows, see
   * domain/proposalLimits.ts); lower it to keep proposals smaller (the API fuzz run uses 5).
   */
  PROPOSAL_MAX_POSTS: z.coerce.number().int().min(1).max(1_000).default(1_000),
  /** Hours an Idempotency-Key is kept with its first answer: a retry within them gets that answer. */
  IDEMPOTENCY_KEY_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** The kept first answers to requests with an Idempotency-Key, one JSON record per line. */
  IDEMPOTENCY_STORE_FILE: z.string().min(1).default('.local/idempotency/keys.ndjson'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Keys that encrypt workflow payloads at rest, "id1:base64key,id2:base64key" (32 bytes each). Unset:
   * payloads are stored in the clear (the local default). Retired keys stay listed to read old histories.
   */
  PAYLOAD_KEYS: keyring.optional(),
  /** The id in PAYLOAD_KEYS that encrypts new payloads; the other keys only decrypt. */
  PAYLOAD_KEY_ID: keyId.optional(),
  /** Origin of the Temporal Web UI, the only page allowed to call the codec endpoint from a browser. */
  TEMPORAL_UI_ORIGIN: z
    .string()
    .regex(/^https?:\/\/[^/\s]+$/, 'expected an origin such as http://127.0.0.1:8233 (no path)')
    .default('http://127.0.0.1:8233'),
  /** The candidate register's files (records, wrapped data keys, erasure log). */
  CANDIDATES_DIR: z.string().min(1).default('.local/candidates'),
  /** Wraps each candidate's data key (base64 of 32 bytes). Unset: a generated key in CANDIDATE_LOCAL_KEY_FILE. */
  CANDIDATE_MASTER_KEY: base64Key.optional(),
  /** Where the local stack keeps its generated candidate master key when CANDIDATE_MASTER_KEY is unset. */
  CANDIDATE_LOCAL_KEY_FILE: z.string().min(1).default('.local/keys/candidate-master.key'),
});

export type Config = z.infer<typeof configSchema>;

const checkedConfig = configSchema
  .refine((config) => config.NOTIFY_TRANSPORT !== 'smtp' || config.SMTP_URL, {
    path: ['SMTP_URL'],
    message: 'required when NOTIFY_TRANSPORT=smtp',
  })
  .superRefine((config, context) => {
    if (config.PAYLOAD_KEYS && !config.PAYLOAD_KEY_ID) {
      context.addIssue({
        code: 'custom',
        path: ['PAYLOAD_KEY_ID'],
        message: 'required when PAYLOAD_KEYS is set: the id of the key that encrypts new payloads',
      });
    }
    if (!config.PAYLOAD_KEYS && config.PAYLOAD_KEY_ID) {
      context.addIssue({
        code: 'custom',
        path: ['PAYLOAD_KEYS'],
        message: 'required when PAYLOAD_KEY_ID is set (without it payloads would be stored unencrypted)',
      });
    }
    if (config.PAYLOAD_KEYS && config.PAYLOAD_KEY_ID && !config.PAYLOAD_KEYS.has(config.PAYLOAD_KEY_ID)) {
      context.addIssue({
        code: 'custom',
        path: ['PAYLOAD_KEY_ID'],
        message: `no key "${config.PAYLOAD_KEY_ID}" in PAYLOAD_KEYS (it has ${[...config.PAYLOAD_KEYS.keys()].join(', ')})`,
      });
    }
  })
  .superRefine((config, context) => {
    if (config.AUTH_MODE !== 'oidc') return;
    for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID'] as const) {
      if (!config[key])
        context.addIssue({ code: 'custom', path: [key], message: 'required when AUTH_MODE=oidc' });
    }
  });

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses configuration from an environment, naming every variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`OIDC_ISSUER=`, as compose writes `${OIDC_ISSUER:-}`) means "not set".
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = checkedConfig.safeParse(set);
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

/**
 * Where this web process's projections keep their consumer group and snapshot: as configured, or,
 * with INSTANCE_ID, a group and snapshot of the replica's own, so that every replica's dashboard and
 * catalogue read every partition (replicas sharing one group would each see only some posts).
 */
export function projectionPlaces(
  config: Pick<
    Config,
    | 'INSTANCE_ID'
    | 'DASHBOARD_PROJECTION_GROUP'
    | 'DASHBOARD_SNAPSHOT_FILE'
    | 'POST_CATALOGUE_GROUP'
    | 'POST_CATALOGUE_FILE'
  >,
): { dashboard: { group: string; file: string }; catalogue: { group: string; file: string } } {
  const id = config.INSTANCE_ID;
  const group = (name: string) => (id ? `${name}.${id}` : name);
  const file = (path: string) => (id ? path.replace(/(\.json)?$/, `.${id}.json`) : path);
  return {
    dashboard: {
      group: group(config.DASHBOARD_PROJECTION_GROUP),
      file: file(config.DASHBOARD_SNAPSHOT_FILE),
    },
    catalogue: { group: group(config.POST_CATALOGUE_GROUP), file: file(config.POST_CATALOGUE_FILE) },
  };
}

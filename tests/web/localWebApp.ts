import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { AuditLog } from '../../audit/auditLog.js';
import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import { type Config, loadConfig } from '../../config/index.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { memoryIdempotencyStore } from '../../idempotency/memoryIdempotencyStore.js';
import type { BaselinePublisher } from '../../kafka/establishmentPublisher.js';
import type { ReadinessChecks } from '../../observability/readiness.js';
import type { WebMetrics } from '../../observability/webMetrics.js';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import type { AuthStores } from '../../web/auth/authServices.js';
import type { DashboardSource } from '../../web/dashboard/dashboardSource.js';
import type { RateLimitStoreClass } from '../../web/security/rateLimits.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import { PageBrowser } from './pageBrowser.js';

/**
 * A stand-in PostService in which no post exists: every read and command is refused as not found,
 * without Temporal (the staff directory is there). For tests of what happens before a request
 * reaches a post (headers, CSRF, limits, sign-in).
 */
export function noPostsWith(directory: StaffDirectory): PostService {
  return new Proxy(
    {},
    {
      get: (_target, name) =>
        name === 'directory'
          ? directory
          : async () => {
              throw new CommandRefused('not-found', 'no such post or proposal');
            },
    },
  ) as PostService;
}

export const noPosts = noPostsWith(exampleDirectory());

export interface LocalWebApp {
  app: FastifyInstance;
  audit: AuditLog;
  browser: PageBrowser;
  config: Config;
}

/** The web app as web/app.ts builds it, with the local sign-in and an audit log in memory. */
export async function startLocalWebApp({
  posts = noPosts,
  config: overrides = {},
  dashboard,
  authStores = memoryAuthStores(),
  readiness,
  metrics,
  audit = memoryAuditLog(),
  rateLimitStore,
  baselines,
}: {
  posts?: PostService;
  config?: Partial<Config>;
  dashboard?: DashboardSource;
  /** Sessions and API tokens (in memory unless given) and the clock they expire by. */
  authStores?: AuthStores;
  /** What /health/ready asks, and the metrics served at /metrics. */
  readiness?: ReadinessChecks;
  metrics?: WebMetrics;
  /** Where command attempts are recorded; in memory unless given. */
  audit?: AuditLog;
  /** Where rate limits are counted; this process's memory unless given. */
  rateLimitStore?: RateLimitStoreClass;
  baselines?: BaselinePublisher;
} = {}): Promise<LocalWebApp> {
  const config: Config = {
    ...loadConfig({}),
    AUTH_MODE: 'local',
    SESSION_SECRET: 's'.repeat(40),
    ...overrides,
  };
  const app = await createWebApp({
    config,
    posts,
    log: pino({ level: 'silent' }),
    audit,
    idempotency: memoryIdempotencyStore(),
    authStores,
    ...(dashboard ? { dashboard } : {}),
    ...(readiness ? { readiness } : {}),
    ...(metrics ? { metrics } : {}),
    ...(rateLimitStore ? { rateLimitStore } : {}),
    ...(baselines ? { baselines } : {}),
  });
  await app.ready();
  return { app, audit, browser: new PageBrowser(app), config };
}

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/auditLog.js';
import { jsonLinesAuditLog } from '../audit/jsonLinesAuditLog.js';
import { payloadCodecFor } from '../codec/dataConverter.js';
import type { Config } from '../config/index.js';
import { fileIdempotencyStore } from '../idempotency/fileIdempotencyStore.js';
import type { IdempotencyStore } from '../idempotency/idempotencyStore.js';
import type { BaselinePublisher } from '../kafka/establishmentPublisher.js';
import { traceRequests } from '../observability/httpTracing.js';
import type { ReadinessChecks } from '../observability/readiness.js';
import { countingAuditLog, type WebMetrics } from '../observability/webMetrics.js';
import type { PostService } from '../temporal/postService.js';
import { apiRoutes } from './api/apiRoutes.js';
import { problem, problemContentType, problemErrorHandler } from './api/problems.js';
import { installCommandAudit } from './audit/commandAudit.js';
import { installAuthentication } from './auth/authentication.js';
import { type AuthStores, createAuthServices } from './auth/authServices.js';
import { cookieSecret } from './auth/sessionCookie.js';
import { codecEndpoint } from './codec/codecEndpoint.js';
import { dashboardPlugin } from './dashboard/dashboardPlugin.js';
import type { DashboardSource } from './dashboard/dashboardSource.js';
import { healthRoutes } from './health/healthRoutes.js';
import { collectMethodsForNotAllowed } from './methodNotAllowed.js';
import { pages } from './pages/pages.js';
import { installCsrfProtection } from './security/csrf.js';
import { installRateLimits, type RateLimitStoreClass } from './security/rateLimits.js';
import { installSecureHeaders } from './security/secureHeaders.js';

export interface WebAppOptions {
  config: Config;
  posts: PostService;
  log: Logger;
  /** The dashboard projection's figures; without it there is no dashboard. */
  dashboard?: DashboardSource;
  /** Where command attempts are recorded; the JSON-lines file at AUDIT_LOG_FILE unless given. */
  audit?: AuditLog;
  /** Where first answers to Idempotency-Keys are kept; the file at IDEMPOTENCY_STORE_FILE unless given. */
  idempotency?: IdempotencyStore;
  /** Where sessions and API tokens are kept, and the clock they expire by; the JSON files unless given. */
  authStores?: AuthStores;
  /** Where rate limits are counted: this process's memory unless given (PostgreSQL with DATABASE_URL). */
  rateLimitStore?: RateLimitStoreClass;
  /** What /health/ready asks (Temporal, Kafka…); without it only /health/live answers, and ready says so. */
  readiness?: ReadinessChecks;
  /** The process's metrics, served at /metrics; commands, refusals and requests are counted into them. */
  metrics?: WebMetrics;
  /** Where the API records establishment baselines (the post events topic); the dashboard reads them back. */
  baselines?: BaselinePublisher;
}

/**
 * Path parameters are ids of at most 128 characters (schemas/common.ts): the router reads up to
 * 1,024 so that a longer one is refused by validation (400) or as too long (414), as a problem.
 */
const maxParamLength = 1_024;

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers too large, a malformed
 * request line) is answered as a problem too.
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(error);
    return;
  }
  const body = JSON.stringify(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problem(431, 'The request headers are larger than this service reads (16 KiB).')
      : problem(400, 'The request is not valid HTTP.'),
  );
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The people's side: the HTTP API under /api (OpenAPI at /openapi.json, docs at /docs) and the
 * GOV.UK-style pages, sharing one sign-in. Commands go to workflows as Updates through PostService;
 * every command attempt, accepted or refused, is recorded in the audit log.
 */
export async function createWebApp({
  config,
  posts,
  log,
  dashboard,
  audit: auditLog = jsonLinesAuditLog(config.AUDIT_LOG_FILE),
  idempotency = fileIdempotencyStore(config.IDEMPOTENCY_STORE_FILE),
  authStores = {},
  rateLimitStore,
  readiness = {},
  metrics,
  baselines,
}: WebAppOptions): Promise<FastifyInstance> {
  const audit = metrics ? countingAuditLog(auditLog, metrics) : auditLog;
  const auth = await createAuthServices(config, authStores);
  // pino's Logger is a FastifyBaseLogger; typing it as one keeps the instance type the plugins expect.
  // One line per request (Fastify's own logging writes two: the request and its response).
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    disableRequestLogging: true,
    routerOptions: { maxParamLength },
    // A path parameter past maxParamLength (414) or badly percent-encoded (400), as a problem.
    frameworkErrors: (error, request, reply) => problemErrorHandler(error, request, reply),
    clientErrorHandler,
  });
  traceRequests(app);
  app.addHook('onResponse', async (request, reply) => {
    const line = {
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      ...(request.user ? { user: request.user.id } : {}),
    };
    metrics?.httpRequests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
    // Static assets, health checks and scrapes would drown the rest.
    const quiet =
      line.path?.startsWith('/assets/') || line.path?.startsWith('/health/') || line.path === '/metrics';
    if (reply.statusCode >= 500) request.log.error(line, 'request');
    else request.log[quiet ? 'debug' : 'info'](line, 'request');
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Errors outside the API's and pages' own handlers (a 405 route's body) leave as problems too.
  app.setErrorHandler(problemErrorHandler);
  const addMethodNotAllowed = collectMethodsForNotAllowed(app);
  const identityProviderOrigin =
    auth.oidc && config.OIDC_ISSUER ? new URL(config.OIDC_ISSUER).origin : undefined;
  await installSecureHeaders(app, { identityProviderOrigin });
  await app.register(cookie, { secret: cookieSecret(config) });
  await app.register(formbody);
  await installCsrfProtection(app, { secure: auth.cookies.secure });
  await app.register(healthRoutes, { readiness, ...(metrics ? { registry: metrics.registry } : {}) });
  const limits = await installRateLimits(app, config, rateLimitStore);
  installAuthentication(app, { ...auth, config, directory: posts.directory });
  installCommandAudit(app, audit);
  const establishment =
    baselines && dashboard
      ? { publisher: baselines, current: () => dashboard.figures().vacancies.baseline }
      : undefined;
  await app.register(apiRoutes, {
    posts,
    config,
    audit,
    limits,
    auth,
    idempotency,
    ...(establishment ? { establishment } : {}),
  });
  await app.register(pages, { posts, config, audit, limits, auth });
  if (dashboard)
    await app.register(dashboardPlugin, { source: dashboard, config, directory: posts.directory });
  // The Temporal Web UI's codec endpoint, beside the pages rather than in them: its cross-origin
  // POSTs carry no CSRF token (they change nothing, and only the UI's origin may read the answer).
  const payloadCodec = payloadCodecFor(config);
  if (payloadCodec) await app.register(codecEndpoint, { codec: payloadCodec, config });
  addMethodNotAllowed();
  return app;
}

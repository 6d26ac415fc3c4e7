import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { PostService } from '../temporal/postService.js';
import { apiRoutes } from './api/apiRoutes.js';
import { installAuthentication, sessionSecret } from './auth/authentication.js';
import { dashboardPlugin } from './dashboard/dashboardPlugin.js';
import type { DashboardSource } from './dashboard/dashboardSource.js';
import { pages } from './pages/pages.js';

export interface WebAppOptions {
  config: Config;
  posts: PostService;
  log: Logger;
  /** The dashboard projection's figures; without it there is no dashboard. */
  dashboard?: DashboardSource;
}

/**
 * The people's side: the HTTP API under /api (OpenAPI at /openapi.json, docs at /docs) and the
 * GOV.UK-style pages, sharing one sign-in. Commands go to workflows as Updates through PostService.
 */
export async function createWebApp({
  config,
  posts,
  log,
  dashboard,
}: WebAppOptions): Promise<FastifyInstance> {
  // pino's Logger is a FastifyBaseLogger; typing it as one keeps the instance type the plugins expect.
  const app = Fastify({ loggerInstance: log as FastifyBaseLogger });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie, { secret: sessionSecret(config) });
  await app.register(formbody);
  installAuthentication(app, config);
  await app.register(apiRoutes, { posts, config });
  await app.register(pages, { posts, config });
  if (dashboard) await app.register(dashboardPlugin, { source: dashboard, config });
  return app;
}

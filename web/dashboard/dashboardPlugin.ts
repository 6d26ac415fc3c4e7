import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import type { DashboardFigures } from '../../projections/dashboardFigures.js';
import { signInPathFor } from '../auth/returnTo.js';
import { createViews, renderPage } from '../pages/views.js';
import { vacanciesCsv } from './dashboardCsv.js';
import type { DashboardSource } from './dashboardSource.js';

export interface DashboardPluginOptions {
  source: DashboardSource;
  config: Pick<Config, 'AUTH_MODE'>;
  /** How often an open event stream gets a comment, so proxies keep it open. */
  heartbeatMillis?: number;
}

const fteFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

/** What the templates show, worked out once: the page and the figures fragment share it. */
function figuresView(figures: DashboardFigures) {
  const pipeline = figures.pipeline.filter((stage) => stage.posts > 0);
  const most = Math.max(1, ...pipeline.map((stage) => stage.posts));
  return {
    figures,
    posts: figures.pipeline.reduce((sum, stage) => sum + stage.posts, 0),
    pipeline: pipeline.map((stage) => ({ ...stage, widthPercent: Math.round((stage.posts / most) * 100) })),
  };
}

/**
 * The dashboard: a GOV.UK page of the projection's figures (usable without JavaScript, refreshed
 * through server-sent events when it is there), the figures as JSON and the vacancies as CSV. It
 * reads only the projection of the post events, never workflow state.
 */
export async function dashboardPlugin(
  app: FastifyInstance,
  { source, config, heartbeatMillis = 15_000 }: DashboardPluginOptions,
): Promise<void> {
  const views = createViews();
  views.addFilter('fte', (value: unknown) => (typeof value === 'number' ? fteFormat.format(value) : ''));
  views.addFilter('percent', (value: unknown) =>
    typeof value === 'number' ? percentFormat.format(value) : 'not known',
  );
  views.addFilter('posts', (value: unknown) => `${value} ${value === 1 ? 'post' : 'posts'}`);
  views.addFilter('days', (value: unknown) =>
    typeof value === 'number' ? `${fteFormat.format(value)} ${value === 1 ? 'day' : 'days'}` : 'not known',
  );

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.user) return;
    if (request.url.split('?')[0] === '/dashboard') {
      return reply.redirect(signInPathFor(request.url, request.sessionEnded), 303);
    }
    if (config.AUTH_MODE === 'oidc') reply.header('www-authenticate', 'Bearer');
    return reply
      .status(401)
      .type('application/problem+json')
      .send({ type: 'about:blank', title: 'Sign in first', status: 401 });
  });

  app.get('/dashboard', (request, reply) =>
    renderPage(views, request, reply, 'dashboard.njk', {
      pageTitle: 'Dashboard',
      dashboardCurrent: true,
      ...figuresView(source.figures()),
    }),
  );

  /** The figures region alone, for the page's script to swap in when the figures change. */
  app.get('/dashboard/figures', (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(views.render('dashboardFigures.njk', figuresView(source.figures()))),
  );

  app.get('/dashboard.json', (_request, reply) =>
    reply.header('cache-control', 'no-store').send(source.figures()),
  );

  app.get('/dashboard.csv', (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="vacancies-by-service-area-and-grade.csv"')
      .header('cache-control', 'no-store')
      .send(vacanciesCsv(source.figures())),
  );

  // One subscription to the source for all open streams: the figures are worked out once a change.
  const streams = new Map<ServerResponse, NodeJS.Timeout>();
  let unsubscribe: (() => void) | undefined;
  const broadcast = () => {
    const data = `event: figures\ndata: ${JSON.stringify(source.figures())}\n\n`;
    for (const stream of streams.keys()) stream.write(data);
  };
  const close = (stream: ServerResponse) => {
    clearInterval(streams.get(stream));
    if (!streams.delete(stream)) return;
    if (streams.size === 0) {
      unsubscribe?.();
      unsubscribe = undefined;
    }
  };

  app.get('/dashboard/events', (request, reply) => {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    stream.write('retry: 5000\n: connected\n\n');
    streams.set(
      stream,
      setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMillis),
    );
    unsubscribe ??= source.subscribe(broadcast);
    request.raw.once('close', () => close(stream));
  });

  // An open stream would keep the server from closing: end them all first.
  app.addHook('preClose', async () => {
    for (const stream of [...streams.keys()]) {
      stream.end();
      close(stream);
    }
  });
}

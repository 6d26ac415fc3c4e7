import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import type { DashboardFigures, DashboardFilter } from '../../projections/dashboardFigures.js';
import { signInPathFor } from '../auth/returnTo.js';
import { createViews, renderPage } from '../pages/views.js';
import { tableCsv, vacanciesCsv } from './dashboardCsv.js';
import type { DashboardSource } from './dashboardSource.js';
import { summaryTable } from './dashboardSummary.js';
import { dashboardTables, type NameOf, tableIds } from './dashboardTables.js';
import { dashboardView } from './dashboardView.js';
import { dashboardWorkbook } from './dashboardXlsx.js';

export interface DashboardPluginOptions {
  source: DashboardSource;
  config: Pick<Config, 'AUTH_MODE'>;
  /** Who people are: pages and files show names, never ids (the staff directory). */
  directory?: { nameOf: NameOf };
  /** How often an open event stream gets a comment, so proxies keep it open. */
  heartbeatMillis?: number;
}

/** The service area asked for in the query string (`?serviceArea=Fostering`), if any. */
function filterOf(request: FastifyRequest): DashboardFilter {
  const { serviceArea } = (request.query ?? {}) as { serviceArea?: unknown };
  if (typeof serviceArea !== 'string' || serviceArea.trim() === '' || serviceArea.length > 200) return {};
  return { serviceArea: serviceArea.trim() };
}

/** A file name for the figures: `budget.csv`, or `budget-fostering.csv` for one service area. */
function fileName(base: string, figures: DashboardFigures, extension: string): string {
  const area = figures.filter.serviceArea;
  const slug =
    area === null
      ? ''
      : `-${area
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')}`;
  return `${base}${slug}.${extension}`;
}

function attachment(reply: FastifyReply, type: string, name: string): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store');
}

/**
 * The dashboard: a GOV.UK page of the projection's figures (usable without JavaScript, refreshed
 * through server-sent events when it is there), for every service area or one; each table as CSV,
 * the whole dashboard as a workbook, the figures as JSON. It reads only the projection of the post
 * events, never workflow state.
 */
export async function dashboardPlugin(
  app: FastifyInstance,
  { source, config, directory, heartbeatMillis = 15_000 }: DashboardPluginOptions,
): Promise<void> {
  const views = createViews();
  const nameOf: NameOf = (id) => directory?.nameOf(id) ?? id;
  views.addFilter('lower', (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : ''));

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
      ...dashboardView(source.figures(filterOf(request)), nameOf),
    }),
  );

  /** The figures region alone, for the page's script to swap in when the figures change. */
  app.get('/dashboard/figures', (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(views.render('dashboardFigures.njk', dashboardView(source.figures(filterOf(request)), nameOf))),
  );

  app.get('/dashboard.json', (request, reply) =>
    reply.header('cache-control', 'no-store').send(source.figures(filterOf(request))),
  );

  app.get('/dashboard.csv', (request, reply) => {
    const figures = source.figures(filterOf(request));
    const name = fileName('vacancies-by-service-area-and-grade', figures, 'csv');
    return attachment(reply, 'text/csv; charset=utf-8', name).send(vacanciesCsv(figures));
  });

  for (const id of ['summary', ...tableIds]) {
    app.get(`/dashboard/${id}.csv`, (request, reply) => {
      const figures = source.figures(filterOf(request));
      const table =
        id === 'summary'
          ? summaryTable(figures, nameOf)
          : dashboardTables(figures, nameOf).find((candidate) => candidate.id === id);
      if (!table) {
        return reply
          .status(404)
          .type('application/problem+json')
          .send({ type: 'about:blank', title: 'No establishment baseline has been recorded', status: 404 });
      }
      return attachment(reply, 'text/csv; charset=utf-8', fileName(id, figures, 'csv')).send(tableCsv(table));
    });
  }

  app.get('/dashboard.xlsx', async (request, reply) => {
    const figures = source.figures(filterOf(request));
    const workbook = await dashboardWorkbook([
      summaryTable(figures, nameOf),
      ...dashboardTables(figures, nameOf),
    ]);
    return attachment(
      reply,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName('dashboard', figures, 'xlsx'),
    ).send(workbook);
  });

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

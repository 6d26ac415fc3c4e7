import cookie from '@fastify/cookie';
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryApiTokenStore } from '../../auth/apiTokenStore.js';
import { memorySessionStore } from '../../auth/sessionStore.js';
import { loadConfig } from '../../config/index.js';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { emptyDashboard } from '../../projections/dashboardModel.js';
import { installAuthentication } from '../../web/auth/authentication.js';
import { createAuthServices } from '../../web/auth/authServices.js';
import { sessionCookie } from '../../web/auth/sessionCookie.js';
import { dashboardPlugin } from '../../web/dashboard/dashboardPlugin.js';
import { staticDashboardSource } from '../../web/dashboard/dashboardSource.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { dashboardFixtureModel, planTitle } from './dashboardFixture.js';

let app: FastifyInstance;
let signedIn: Record<string, string>;
let auth: Awaited<ReturnType<typeof createAuthServices>>;
const model = dashboardFixtureModel();

beforeAll(async () => {
  const directory = exampleDirectory();
  app = Fastify({ logger: false });
  await app.register(cookie, { secret: 'a'.repeat(40) });
  const config = loadConfig({});
  auth = await createAuthServices(config, {
    sessionStore: memorySessionStore(),
    apiTokenStore: memoryApiTokenStore(),
  });
  installAuthentication(app, { ...auth, config, directory });
  await app.register(dashboardPlugin, {
    source: staticDashboardSource((filter) => dashboardFigures(model, filter)),
    config: { AUTH_MODE: 'local' },
    directory,
  });
  await app.ready();
  signedIn = { [sessionCookie]: await auth.sessions.start({ userId: 'viewer.pat', via: 'local' }) };
});

afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ method: 'GET', url, cookies: signedIn });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]+\.(?:csv|xlsx)[^"]*)"/g)].map((match) => match[1]);

describe('the dashboard’s service area filter', () => {
  it('is a GET form with a GOV.UK select of every service area and a button, so it works without JavaScript', async () => {
    const page = (await get('/dashboard')).body;
    expect(page).toMatch(/<form method="get" action="\/dashboard"/);
    expect(page).toContain('<select class="govuk-select" id="serviceArea" name="serviceArea"');
    expect(text(page)).toContain(
      'All service areas Children&#39;s Social Work Fostering Occupational Therapy',
    );
    expect(page).toMatch(/<button type="submit"[^>]*>\s*Show figures/);
  });

  it('applies the chosen service area to every figure on the page, and keeps it on every download', async () => {
    const response = await get('/dashboard?serviceArea=Fostering');
    expect(response.statusCode).toBe(200);
    const page = text(response.body);
    expect(response.body).toMatch(/<option value="Fostering" selected>/);
    expect(page).toMatch(/Vacancy rate 15\.8%/);
    expect(page).toContain('31.5 of 200 establishment FTE');
    expect(page).toContain('Fostering recruitment');
    expect(page).not.toContain(planTitle);
    expect(page).not.toContain('Occupational Therapy 246');
    for (const href of hrefs(response.body)) expect(href).toMatch(/\?serviceArea=Fostering$/);

    const json = (await get('/dashboard.json?serviceArea=fostering')).json();
    expect(json.filter.serviceArea).toBe('Fostering');
    expect(json.vacancies.total.establishmentFte).toBe(200);
  });

  it('names proposals by title and people by name on the page, never by id', async () => {
    const page = text((await get('/dashboard')).body);
    expect(page).toContain(
      `Social worker Children&#39;s Social Work PO1 ${planTitle} Julie Longworth (director) 8 July 2022 5 No`,
    );
    expect(page).toContain('recorded by Sam Okafor');
    for (const id of ['seed-2022', 'director.julie', 'hr.sam', 'restructure-2026'])
      expect(page).not.toContain(id);
  });

  it('draws each chart as an accessible SVG beside its table', async () => {
    const page = (await get('/dashboard')).body;
    const charts = [
      ...page.matchAll(
        /<svg class="app-chart__svg"[^>]*role="img"[^>]*aria-labelledby="([\w-]+)-title \1-desc"/g,
      ),
    ];
    expect(charts.map((match) => match[1])).toEqual([
      'chart-stages-over-time',
      'chart-time-in-stage',
      'chart-budget',
    ]);
    for (const [table, chart] of [
      ['posts-by-stage-over-time', 'chart-stages-over-time'],
      ['time-in-stage', 'chart-time-in-stage'],
      ['budget', 'chart-budget'],
    ]) {
      const section = page.slice(
        page.indexOf(`id="${table}"`),
        page.indexOf(`href="/dashboard/${table}.csv`),
      );
      expect(section).toContain(`<title id="${chart}-title">`);
      expect(section).toContain(`<desc id="${chart}-desc">`);
      expect(section).toContain(
        `<caption class="govuk-table__caption govuk-table__caption--s" id="${table}-caption">`,
      );
    }
  });

  it('puts every table in a focusable region named by its caption, so a wide one scrolls by itself', async () => {
    const page = (await get('/dashboard')).body;
    const regions = [
      ...page.matchAll(
        /<div class="app-table-scroll" role="region" aria-labelledby="([\w-]+)-caption" tabindex="0">/g,
      ),
    ];
    expect(regions.map((match) => match[1])).toContain('overdue-approvals');
    expect(regions).toHaveLength((page.match(/<table /g) ?? []).length);
  });
});

describe('the dashboard’s downloads', () => {
  it('serves a CSV beside each table, with percentages as percentages', async () => {
    const page = (await get('/dashboard')).body;
    const links = hrefs(page).filter((href) => href?.endsWith('.csv'));
    expect(links).toHaveLength(11);
    for (const href of links) {
      const response = await get(href ?? '');
      expect(response.statusCode, href).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[\w-]+\.csv"$/);
    }
    const areas = (await get('/dashboard/vacancies-by-service-area.csv')).body.split('\r\n');
    expect(areas).toEqual([
      'Service area,Establishment FTE,Vacant FTE,Vacancy rate',
      "Children's Social Work,304,43,14.1%",
      'Fostering,200,31.5,15.8%',
      '',
    ]);
    const filtered = await get('/dashboard/budget.csv?serviceArea=Fostering');
    expect(filtered.headers['content-disposition']).toBe('attachment; filename="budget-fostering.csv"');
    expect(filtered.body.split('\r\n')[1]).toBe('Fostering recruitment,35000,30000,85.7%,5000,1');
  });

  it('says there is no baseline file when none has been recorded', async () => {
    const bare = Fastify({ logger: false });
    await bare.register(cookie, { secret: 'a'.repeat(40) });
    installAuthentication(bare, { ...auth, config: loadConfig({}), directory: exampleDirectory() });
    await bare.register(dashboardPlugin, {
      source: staticDashboardSource(dashboardFigures(emptyDashboard())),
      config: { AUTH_MODE: 'local' },
    });
    const response = await bare.inject({
      method: 'GET',
      url: '/dashboard/establishment-baseline.csv',
      cookies: signedIn,
    });
    expect(response.statusCode).toBe(404);
    expect(text((await bare.inject({ method: 'GET', url: '/dashboard', cookies: signedIn })).body)).toContain(
      'No establishment baseline has been recorded',
    );
    await bare.close();
  });

  it('serves the whole dashboard as one workbook, a sheet per table, for the chosen service area', async () => {
    const response = await get('/dashboard.xlsx?serviceArea=Fostering');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe('attachment; filename="dashboard-fostering.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets).toHaveLength(11);
    const summary = workbook.getWorksheet('Summary');
    expect(summary?.getRow(2).values).toEqual([undefined, 'Vacancy rate', '15.8%']);
    const areas = workbook.getWorksheet('Vacancies by service area');
    expect(areas?.getRow(2).values).toEqual([undefined, 'Fostering', 200, 31.5, 0.1575]);
    expect(areas?.rowCount).toBe(2);
  });

  it('asks for sign-in before any download', async () => {
    for (const url of ['/dashboard.xlsx', '/dashboard/budget.csv', '/dashboard.json?serviceArea=Fostering']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });
});

import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApiTokenStore } from '../../auth/apiTokenStore.js';
import { memorySessionStore } from '../../auth/sessionStore.js';
import { loadConfig } from '../../config/index.js';
import { type DashboardFigures, dashboardFigures } from '../../projections/dashboardFigures.js';
import { emptyDashboard } from '../../projections/dashboardModel.js';
import { installAuthentication } from '../../web/auth/authentication.js';
import { createAuthServices } from '../../web/auth/authServices.js';
import { sessionCookie } from '../../web/auth/sessionCookie.js';
import { dashboardPlugin } from '../../web/dashboard/dashboardPlugin.js';
import { staticDashboardSource } from '../../web/dashboard/dashboardSource.js';
import { exampleDirectory } from '../support/exampleDirectory.js';

/** The figures of a small plan, written out: every headline has something to show. */
function planFigures(): DashboardFigures {
  const figures = dashboardFigures(emptyDashboard({ internationalCap: { cap: 20, alreadyRecruited: 13 } }));
  const stage = (name: string, posts: number, fte: number) => {
    const entry = figures.pipeline.find((row) => row.stage === name);
    if (entry) Object.assign(entry, { posts, fte });
  };
  stage('awaiting-approval', 3, 2.5);
  stage('recruiting', 2, 2);
  stage('filled', 5, 4.5);
  return {
    ...figures,
    vacancies: {
      ...figures.vacancies,
      total: { establishmentFte: 8, vacantFte: 2, vacancyRate: 0.25 },
      byServiceArea: [
        { serviceArea: "Children's Social Work", establishmentFte: 6, vacantFte: 1.5, vacancyRate: 0.25 },
        { serviceArea: 'Fostering', establishmentFte: 2, vacantFte: 0.5, vacancyRate: 0.25 },
      ],
      byServiceAreaAndGrade: [
        {
          serviceArea: "Children's Social Work",
          grade: 'C3',
          establishmentFte: 4,
          vacantFte: 1,
          vacancyRate: 0.25,
        },
        {
          serviceArea: "Children's Social Work",
          grade: 'SO1',
          establishmentFte: 2,
          vacantFte: 0.5,
          vacancyRate: 0.25,
        },
        {
          serviceArea: 'Fostering, Adoption',
          grade: '=C3',
          establishmentFte: 2,
          vacantFte: 0.5,
          vacancyRate: 0.25,
        },
      ],
    },
    overdueApprovals: {
      count: 1,
      confidential: 0,
      posts: [
        {
          postId: 'seed-2022.L1.P1',
          proposalId: 'seed-2022',
          since: '2022-07-01T09:00:00.000Z',
          workingDaysWaiting: 6,
          escalated: false,
        },
      ],
    },
    budget: [
      {
        proposalId: 'seed-2022',
        allocationPence: 150_000_000,
        committedPence: 142_252_800,
        headroomPence: 7_747_200,
        postsReserved: 28,
      },
    ],
    agencyCover: { posts: 1, fte: 1, weeklyCostPence: 180_000, byServiceArea: [] },
    internationalRecruits: { recruited: 14, cap: 20, placesLeft: 6, lastCapReached: null },
    apprenticesInTraining: 2,
    readverts: { readverts: 3, postsReadvertised: 2 },
    timeToApprove: { posts: 5, medianDays: 4, p90Days: 9.5 },
    timeToFill: { posts: 5, medianDays: 61, p90Days: 88.25 },
  };
}

let app: FastifyInstance;
let source: ReturnType<typeof staticDashboardSource>;
let signedIn: Record<string, string>;

beforeEach(async () => {
  source = staticDashboardSource(planFigures());
  app = Fastify({ logger: false });
  await app.register(cookie, { secret: 'a'.repeat(40) });
  const config = loadConfig({});
  const auth = await createAuthServices(config, {
    sessionStore: memorySessionStore(),
    apiTokenStore: memoryApiTokenStore(),
  });
  installAuthentication(app, { ...auth, config, directory: exampleDirectory() });
  await app.register(dashboardPlugin, { source, config: { AUTH_MODE: 'local' } });
  await app.ready();
  signedIn = { [sessionCookie]: await auth.sessions.start({ userId: 'viewer.pat', via: 'local' }) };
});

afterEach(async () => {
  await app.close();
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the dashboard routes', () => {
  it('sends a person who is not signed in to the sign-in page', async () => {
    const response = await app.inject({ method: 'GET', url: '/dashboard' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fdashboard');
    expect((await app.inject({ method: 'GET', url: '/dashboard.json' })).statusCode).toBe(401);
  });

  it('shows the headline figures, the posts by stage and the vacancies by service area', async () => {
    const response = await app.inject({ method: 'GET', url: '/dashboard', cookies: signedIn });
    expect(response.statusCode).toBe(200);
    const page = text(response.body);
    expect(page).toContain('£1,422,528 of £1,500,000 committed');
    expect(page).toContain('£77,472 headroom');
    expect(page).toMatch(/Vacancy rate 25%/);
    expect(page).toContain('2 of 8 establishment FTE');
    expect(page).toMatch(/Overdue approvals 1/);
    expect(page).toContain('1 FTE, £1,800 a week');
    expect(page).toContain('14 of a cap of 20');
    expect(page).toMatch(/Apprentices in training 2/);
    expect(page).toContain('3 (2 posts)');
    expect(page).toContain('median 4 days, 90th percentile 9.5 days (5 posts)');
    expect(page).toContain('median 61 days, 90th percentile 88.25 days');
    expect(page).toMatch(/Awaiting approval 3 2\.5/);
    expect(page).toMatch(/Filled 5 4\.5/);
    expect(page).toContain('Children&#39;s Social Work 6 1.5 25%');
    expect(response.body).toContain("new EventSource('/dashboard/events')");
  });

  it('serves the figures as JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/dashboard.json', cookies: signedIn });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(planFigures());
  });

  it('serves the vacancies by service area and grade as a CSV attachment, rates as percentages', async () => {
    const response = await app.inject({ method: 'GET', url: '/dashboard.csv', cookies: signedIn });
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[\w-]+\.csv"$/);
    expect(response.body.split('\r\n')).toEqual([
      'Service area,Grade,Establishment FTE,Vacant FTE,Vacancy rate',
      "Children's Social Work,C3,4,1,25%",
      "Children's Social Work,SO1,2,0.5,25%",
      `"Fostering, Adoption",'=C3,2,0.5,25%`,
      '',
    ]);
  });

  it('sends the figures on the event stream when the source changes', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/dashboard/events`, {
      headers: { cookie: `${sessionCookie}=${signedIn[sessionCookie]}` },
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    if (!response.body) throw new Error('no body');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const changed = { ...planFigures(), apprenticesInTraining: 3 };
    // The stream says it is connected before the change, so the change cannot come too early.
    while (!received.includes(': connected')) received += (await reader.read()).value ?? '';
    source.set(changed);
    while (!/event: figures\ndata: .*\n\n/.test(received)) received += (await reader.read()).value ?? '';
    abort.abort();
    const data = /event: figures\ndata: (.*)\n\n/.exec(received)?.[1] ?? '';
    expect(JSON.parse(data)).toEqual(changed);
  });
});

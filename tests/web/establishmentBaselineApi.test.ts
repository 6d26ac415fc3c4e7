import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { emptyDashboard } from '../../projections/dashboardModel.js';
import { applyTopicEvent } from '../../projections/postEventMessage.js';
import type { EstablishmentBaselineRecorded } from '../../schemas/establishmentEvents.js';
import { staticDashboardSource } from '../../web/dashboard/dashboardSource.js';
import { type LocalWebApp, startLocalWebApp } from './localWebApp.js';

// The API records a baseline on the topic; here the "topic" folds straight into the dashboard's
// model, as the projection would, so what the dashboard then shows can be read back at once.
const model = emptyDashboard();
const published: EstablishmentBaselineRecorded[] = [];
let web: LocalWebApp;

beforeAll(async () => {
  web = await startLocalWebApp({
    dashboard: staticDashboardSource((filter) => dashboardFigures(model, filter)),
    baselines: {
      publish: async (event) => {
        published.push(event);
        applyTopicEvent(model, event);
      },
    },
  });
  for (const user of ['hr.sam', 'finance.officer', 'viewer.pat', 'director.julie']) {
    await web.browser.get(user, '/dashboard');
  }
});

afterAll(async () => {
  await web?.app.close();
});

const seedBaseline = {
  asOf: '2022-06-30',
  source: 'Scrutiny board minute',
  rows: [{ establishmentFte: 500, vacantFte: 71.5 }],
};

function record(userId: string, body: unknown, key: string = randomUUID()) {
  return web.browser.send(userId, {
    method: 'POST',
    url: '/api/establishment-baselines',
    headers: { 'idempotency-key': key, 'x-csrf-token': web.browser.token(userId) },
    payload: body as object,
  });
}

describe('the establishment baseline through the API', () => {
  it('records the seed’s 71.5 vacancies in 500 FTE for HR, and the dashboard then counts against it', async () => {
    const key = randomUUID();
    const response = await record('hr.sam', seedBaseline, key);
    expect(response.statusCode, response.body).toBe(202);
    expect(response.headers.location).toBe('/api/establishment-baselines/current');
    expect(response.json()).toMatchObject({
      type: 'EstablishmentBaselineRecorded',
      version: 1,
      actor: { id: 'hr.sam', role: 'hr' },
      data: seedBaseline,
    });
    const current = await web.browser.send('viewer.pat', {
      method: 'GET',
      url: '/api/establishment-baselines/current',
    });
    expect(current.json()).toMatchObject({
      asOf: '2022-06-30',
      recordedBy: 'hr.sam',
      recordedByName: 'Sam Okafor',
      establishmentFte: 500,
      vacantFte: 71.5,
      byServiceArea: false,
    });
    expect(dashboardFigures(model).vacancies.total.vacancyRate).toBe(0.143);
    const entries = (await web.audit.all()).filter((entry) => entry.target === 'establishment');
    expect(entries.map((entry) => [entry.actor.id, entry.command, entry.outcome, entry.status])).toEqual([
      ['hr.sam', 'record-establishment-baseline', 'accepted', 202],
    ]);

    // A retry with the same key is the same event: the dashboard applies it once.
    const again = await record('hr.sam', seedBaseline, key);
    expect(again.json().eventId).toBe(response.json().eventId);
    expect(model.baselines).toHaveLength(1);
  });

  it('takes one by service area and grade from finance, and a director', async () => {
    const byArea = {
      asOf: '2022-09-30',
      rows: [
        { serviceArea: 'Social Work', grade: 'PO1', establishmentFte: 300, vacantFte: 41 },
        { serviceArea: 'Fostering', establishmentFte: 200, vacantFte: 30 },
      ],
    };
    expect((await record('finance.officer', byArea)).statusCode).toBe(202);
    expect((await record('director.julie', { ...byArea, asOf: '2022-10-31' })).statusCode).toBe(202);
    expect(dashboardFigures(model).vacancies.baseline).toMatchObject({
      asOf: '2022-10-31',
      byServiceArea: true,
      vacantFte: 71,
    });
  });

  it('refuses anyone but HR, finance and directors', async () => {
    const response = await record('viewer.pat', seedBaseline);
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toMatch(/may not record the establishment baseline/);
  });

  it('names every field that is wrong, row by row', async () => {
    const response = await record('hr.sam', {
      asOf: '30/06/2022',
      rows: [
        { serviceArea: 'Social Work', establishmentFte: 10, vacantFte: 11 },
        { establishmentFte: 5, vacantFte: 1 },
        { serviceArea: 'social work', grade: 'PO1', establishmentFte: 1, vacantFte: 0.1234567 },
      ],
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string; message: string }[]).map(
      (error) => error.field,
    );
    expect(fields.sort()).toEqual(
      ['asOf', 'rows.0.vacantFte', 'rows.1.serviceArea', 'rows.2.grade', 'rows.2.vacantFte'].sort(),
    );
  });

  it('is in the OpenAPI document', async () => {
    const document = (await web.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/establishment-baselines', '/api/establishment-baselines/current']),
    );
    expect(
      document.paths['/api/establishment-baselines'].post.requestBody.content['application/json'].schema
        .required,
    ).toEqual(['asOf', 'rows']);
  });

  it('says when no baseline has been recorded', async () => {
    const bare = await startLocalWebApp({
      dashboard: staticDashboardSource(dashboardFigures(emptyDashboard())),
      baselines: { publish: async () => {} },
    });
    const response = await bare.browser.get('viewer.pat', '/api/establishment-baselines/current');
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe('No establishment baseline has been recorded.');
    await bare.app.close();
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryApiTokenStore } from '../../auth/apiTokenStore.js';
import { ApiTokens } from '../../auth/apiTokens.js';
import { ApiClient } from '../../cli/apiClient.js';
import { apiService } from '../../cli/apiService.js';
import { runCli } from '../../cli/program.js';
import { kafkaBaselinePublisher } from '../../kafka/establishmentPublisher.js';
import { createPostEventProducer } from '../../kafka/postEventPublisher.js';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { emptyDashboard } from '../../projections/dashboardModel.js';
import { applyMessage } from '../../projections/postEventMessage.js';
import { staticDashboardSource } from '../../web/dashboard/dashboardSource.js';
import { brokerHarness, readRaw } from '../projections/brokerHarness.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import { type LocalWebApp, startLocalWebApp } from '../web/localWebApp.js';

// The CLI records a baseline through the HTTP API as the person its token signs in, exactly as in
// production: the web app here publishes on a fresh topic of the real broker and audits in memory.
let scratch: string;
let broker: Awaited<ReturnType<typeof brokerHarness>>;
let producer: Producer;
let topic: string;
let web: LocalWebApp;
let baseUrl: string;
const apiTokenStore = memoryApiTokenStore();
const authStores = { ...memoryAuthStores(), apiTokenStore };
const tokens = new ApiTokens(apiTokenStore);

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'establishment-cli-'));
  broker = await brokerHarness();
  topic = await broker.freshTopic(2);
  producer = createPostEventProducer(broker.kafka);
  await producer.connect();
  web = await startLocalWebApp({
    authStores,
    dashboard: staticDashboardSource(dashboardFigures(emptyDashboard())),
    baselines: kafkaBaselinePublisher(producer, topic),
  });
  await web.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(web.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await web?.app.close();
  await producer?.disconnect();
  await broker?.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** Runs the CLI as `person`, signed in with a personal access token of theirs (none: not signed in). */
async function cli(person: string | undefined, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const token = person ? (await tokens.issue(person, 'establishment CLI test', 7)).token : undefined;
  const code = await runCli(args, {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    env: { COUNCIL_POSTS_CLI_CONFIG: join(scratch, 'nobody.json') },
    ...(token
      ? {
          connect: async () => ({
            service: apiService(new ApiClient(baseUrl, token)),
            signedIn: { userId: person ?? '', name: person ?? '', url: baseUrl },
            close: async () => {},
          }),
        }
      : {}),
  });
  return { code, out, err };
}

async function file(name: string, text: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, text);
  return path;
}

describe('npm run cli -- establishment load', () => {
  it('checks the seed’s baseline without recording it: 71.5 vacant of 500 FTE on 30 June 2022', async () => {
    const result = await cli(
      undefined,
      'establishment',
      'load',
      'examples/establishment-baseline.json',
      '--dry-run',
    );
    expect(result).toEqual({
      code: 0,
      out: [
        'examples/establishment-baseline.json: valid, 71.5 vacant of 500 FTE (14.3%) on 2022-06-30, 1 row. Nothing was recorded (--dry-run).',
      ],
      err: [],
    });
  });

  it('names every problem by row and column, and records nothing', async () => {
    const bad = await file(
      'bad.csv',
      [
        'service_area,grade,establishment_fte,vacant_fte',
        'Social Work,PO1,300,forty',
        'Social Work,PO1,10,11',
        ',,500,71.5',
        'Fostering,,200,',
      ].join('\n'),
    );
    const result = await cli(undefined, 'establishment', 'load', bad);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([
      `${bad}: --as-of: required`,
      `${bad}: row 2, vacant_fte: expected a number of FTE, such as 500 or 71.5`,
      `${bad}: row 3, vacant_fte: Vacant FTE (11) cannot be more than the establishment FTE (10)`,
      `${bad}: row 3, grade: This row overlaps row 1 (Social Work, PO1): give each service area one row for all grades, or one row per grade`,
      `${bad}: row 4, service_area: Enter the service area: other rows are by service area, so a row without one counts twice`,
      `${bad}: row 5, vacant_fte: required`,
      'Nothing was recorded.',
    ]);
  });

  it('names the fields of a .json file by row, and an unknown header column', async () => {
    const json = await file(
      'bad.json',
      JSON.stringify({ asOf: '2022-06-31', rows: [{ establishmentFte: 5 }] }),
    );
    const result = await cli(undefined, 'establishment', 'load', json);
    expect(result.err).toEqual([
      `${json}: asOf: Give the date the figures describe, like 2022-06-30`,
      `${json}: row 1, vacantFte: required`,
      'Nothing was recorded.',
    ]);
    const header = await file('header.csv', 'area,establishment_fte\n,5\n');
    expect(
      (await cli(undefined, 'establishment', 'load', header, '--as-of', '2022-06-30')).err.slice(0, 2),
    ).toEqual([
      `${header}: row 1 (header): unknown column area`,
      `${header}: row 1 (header): missing column vacant_fte`,
    ]);
  });

  it('records only for HR, finance or a director of the staff directory', async () => {
    const result = await cli(
      'viewer.pat',
      'establishment',
      'load',
      'examples/establishment-baseline.csv',
      '--as-of',
      '2022-06-30',
    );
    expect(result).toEqual({
      code: 1,
      out: [],
      err: ['refused (forbidden): a viewer may not record the establishment baseline'],
    });
    expect(await web.audit.all()).toEqual([
      expect.objectContaining({ actor: { id: 'viewer.pat', role: 'viewer' }, outcome: 'refused' }),
    ]);
  });

  it('records the baseline on the post events topic, keyed establishment, and in the audit log', async () => {
    const result = await cli(
      'finance.officer',
      'establishment',
      'load',
      'examples/establishment-baseline.csv',
      '--as-of',
      '2022-06-30',
      '--source',
      'Scrutiny board minute',
    );
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(
      /^Recorded the establishment baseline: 71\.5 vacant of 500 FTE \(14\.3%\) on 2022-06-30, 1 row/,
    );
    const [message] = await readRaw(broker.kafka, topic, 1);
    expect(message?.key).toBe('establishment');
    expect(message?.headers).toMatchObject({ type: 'EstablishmentBaselineRecorded', version: '1' });
    const model = emptyDashboard();
    applyMessage(model, message?.value);
    expect(dashboardFigures(model).vacancies.total).toEqual({
      establishmentFte: 500,
      vacantFte: 71.5,
      vacancyRate: 0.143,
    });
    expect(model.baselines[0]).toMatchObject({
      recordedBy: 'finance.officer',
      source: 'Scrutiny board minute',
    });
    const audit = (await web.audit.all()).filter((entry) => entry.actor.id === 'finance.officer');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: { id: 'finance.officer', role: 'finance' },
        command: 'record-establishment-baseline',
        target: 'establishment',
        outcome: 'accepted',
      }),
    ]);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { emptyDashboard } from '../../projections/dashboardModel.js';
import { applyMessage } from '../../projections/postEventMessage.js';
import { brokerHarness, readRaw } from '../projections/brokerHarness.js';

let scratch: string;
let broker: Awaited<ReturnType<typeof brokerHarness>>;
let topic: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'establishment-cli-'));
  broker = await brokerHarness();
  topic = await broker.freshTopic(2);
  env = {
    POST_EVENTS_TOPIC: topic,
    DIRECTORY_FILE: join(scratch, 'people.json'),
    AUDIT_LOG_FILE: join(scratch, 'audit.ndjson'),
  };
});

afterAll(async () => {
  await broker?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    env,
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
      'establishment',
      'load',
      'examples/establishment-baseline.json',
      '--as',
      'hr.sam',
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
    const result = await cli('establishment', 'load', bad, '--as', 'hr.sam');
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
    const result = await cli('establishment', 'load', json, '--as', 'hr.sam');
    expect(result.err).toEqual([
      `${json}: asOf: Give the date the figures describe, like 2022-06-30`,
      `${json}: row 1, vacantFte: required`,
      'Nothing was recorded.',
    ]);
    const header = await file('header.csv', 'area,establishment_fte\n,5\n');
    expect(
      (await cli('establishment', 'load', header, '--as', 'hr.sam', '--as-of', '2022-06-30')).err.slice(0, 2),
    ).toEqual([
      `${header}: row 1 (header): unknown column area`,
      `${header}: row 1 (header): missing column vacant_fte`,
    ]);
  });

  it('records only for HR, finance or a director of the staff directory', async () => {
    const result = await cli(
      'establishment',
      'load',
      'examples/establishment-baseline.csv',
      '--as',
      'viewer.pat',
      '--as-of',
      '2022-06-30',
    );
    expect(result.code).toBe(2);
    expect(result.err).toEqual(['error: --as: Pat Reid (viewer.pat) is not HR, finance or a director']);
  });

  it('records the baseline on the post events topic, keyed establishment, and in the audit log', async () => {
    const result = await cli(
      'establishment',
      'load',
      'examples/establishment-baseline.csv',
      '--as',
      'finance.officer',
      '--as-of',
      '2022-06-30',
      '--source',
      'Scrutiny board minute',
    );
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(
      /^Recorded the establishment baseline for .+: 71\.5 vacant of 500 FTE \(14\.3%\) on 2022-06-30, 1 row/,
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
    const audit = (await readFile(env.AUDIT_LOG_FILE ?? '', 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
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

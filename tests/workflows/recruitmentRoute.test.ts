import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  Client,
  WorkflowFailedError,
  type WorkflowHandle,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventActivities } from '../../activities/eventActivities.js';
import { loadConfig } from '../../config/index.js';
import {
  type RouteInput,
  type RouteProgress,
  type RouteView,
  routeCommandUpdate,
  routeViewQuery,
} from '../../contract/routeMessages.js';
import type { Actor } from '../../schemas/common.js';
import type { RecruitmentRoute } from '../../schemas/postCommands.js';
import type { PreEmploymentCheck, RouteCommand, VacatedPost } from '../../schemas/routeCommands.js';
import { connectClient } from '../../temporal/connection.js';
import { workflowBundleOptions } from '../../workers/workflowBundleOptions.js';
import type { recruitmentRouteWorkflow } from '../../workflows/recruitmentRouteWorkflow.js';
import { capturingPublisher } from '../support/capturingPublisher.js';
import { createTimeSkippingEnv } from '../support/timeSkipping.js';
import { type fakePostWorkflow, finishSignal, receivedProgressQuery } from './routeTestEntry.js';

const require = createRequire(import.meta.url);
const workflowsPath = require.resolve('./routeTestEntry.ts');
const silent = pino({ level: 'silent' });
const hr: Actor = { id: 'hr.sam', role: 'hr' };

const taskQueue = 'recruitment-route-test';
let env: TestWorkflowEnvironment;
/**
 * A plain client, not `env.client`: nothing here needs time to pass, and `env.client` lets the test
 * server skip time while it waits for a result, straight to the stand-in post's execution timeout.
 */
let client: Client;
let worker: Worker;
let running: Promise<void>;
const published = capturingPublisher();

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath,
    bundlerOptions: workflowBundleOptions,
    // The route's only I/O is publishing its events.
    activities: createEventActivities({ events: published, log: silent }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const checks = (registrationBody: 'social-work-england' | 'hcpc' = 'social-work-england'): RouteCommand[] =>
  (
    [
      'references',
      'enhanced-dbs-barred-list',
      'right-to-work',
      'professional-registration',
    ] as PreEmploymentCheck[]
  ).map((check) => ({
    type: 'record-check',
    actor: hr,
    check,
    outcome: 'clear',
    ...(check === 'professional-registration' ? { registrationBody } : {}),
  }));

const fourChecksRecorded = Array.from({ length: 4 }, () => 'PreEmploymentCheckRecorded');

let counter = 0;

/** Starts a stand-in post and its route (`${postId}.route`), as the post workflow would. */
async function startRoute(
  client: Client,
  queue: string,
  route: RecruitmentRoute,
  registrationBody: RouteInput['registrationBody'] = 'social-work-england',
) {
  counter += 1;
  const postId = `post-${route}-${Date.now()}-${counter}`;
  const post = await client.workflow.start<typeof fakePostWorkflow>('fakePostWorkflow', {
    taskQueue: queue,
    workflowId: postId,
    args: [],
  });
  const input: RouteInput = {
    postId,
    proposalId: 'proposal-icf-2022',
    route,
    parentWorkflowId: postId,
    registrationBody,
  };
  const handle = await client.workflow.start<typeof recruitmentRouteWorkflow>('recruitmentRouteWorkflow', {
    taskQueue: queue,
    workflowId: `${postId}.route`,
    args: [input],
  });
  // An Update sent before the workflow's first task has run may be lost by the test server; a query
  // is answered only after that task.
  await handle.query(routeViewQuery);
  return { postId, post, handle };
}

async function record(handle: WorkflowHandle, ...commands: RouteCommand[]): Promise<RouteView> {
  let view: RouteView | undefined;
  for (const command of commands) view = await handle.executeUpdate(routeCommandUpdate, { args: [command] });
  if (!view) throw new Error('no command recorded');
  return view;
}

/** What the post was told, once its route has finished with it. */
async function progressOf(post: WorkflowHandle<typeof fakePostWorkflow>): Promise<RouteProgress[]> {
  await post.signal(finishSignal);
  return post.result();
}

function eventTypesOf(postId: string): string[] {
  return published.events.filter((event) => event.postId === postId).map((event) => event.type);
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not reached in 10 s');
}

describe('recruitment route workflow on the time-skipping server', () => {
  it('fills a standard post with the second choice after the first declines, and tells the post', async () => {
    const { postId, post, handle } = await startRoute(client, taskQueue, 'standard');
    const view = await record(
      handle,
      { type: 'shortlist', actor: hr, candidateRefs: ['cand-1', 'cand-2', 'cand-3'] },
      { type: 'record-interview', actor: hr, candidateRef: 'cand-1', outcome: 'appointable' },
      { type: 'record-interview', actor: hr, candidateRef: 'cand-2', outcome: 'appointable' },
      { type: 'record-interview', actor: hr, candidateRef: 'cand-3', outcome: 'not-appointable' },
      { type: 'make-offer', actor: hr, candidateRef: 'cand-1' },
      { type: 'record-offer-response', actor: hr, candidateRef: 'cand-1', response: 'declined' },
      { type: 'make-offer', actor: hr, candidateRef: 'cand-2' },
      { type: 'record-offer-response', actor: hr, candidateRef: 'cand-2', response: 'accepted' },
      ...checks(),
    );
    expect(view).toMatchObject({
      step: 'awaiting-start',
      accepts: ['confirm-start', 'end-unfilled'],
      acceptedBy: 'cand-2',
    });
    const filled = await record(handle, {
      type: 'confirm-start',
      actor: hr,
      personRef: 'cand-2',
      startsOn: '2022-11-01',
    });
    expect(filled).toMatchObject({ step: 'filled', filled: true, accepts: [] });

    expect(await handle.result()).toEqual({ outcome: 'filled', personRef: 'cand-2' });
    expect(await progressOf(post)).toEqual([{ kind: 'filled', personRef: 'cand-2', startsOn: '2022-11-01' }]);
    expect(eventTypesOf(postId)).toEqual([
      'CandidatesShortlisted',
      'InterviewOutcomeRecorded',
      'InterviewOutcomeRecorded',
      'InterviewOutcomeRecorded',
      'OfferMade',
      'OfferDeclined',
      'OfferMade',
      'OfferAccepted',
      ...fourChecksRecorded,
    ]);
    const events = published.events.filter((event) => event.postId === postId);
    expect(
      events.every((event) => event.actor.id === hr.id && event.proposalId === 'proposal-icf-2022'),
    ).toBe(true);
  });

  it('fills an internal appointment and hands the post the vacated post to backfill', async () => {
    const vacatedPost: VacatedPost = {
      postRef: 'post-fsw-0113',
      serviceArea: 'Early Help',
      jobTitle: 'Family Support Worker',
      grade: 'C3',
      annualCostPence: 3_544_900,
      fte: 1,
    };
    const { postId, post, handle } = await startRoute(client, taskQueue, 'internal');
    await record(
      handle,
      { type: 'shortlist', actor: hr, candidateRefs: ['emp-0113'] },
      { type: 'record-interview', actor: hr, candidateRef: 'emp-0113', outcome: 'appointable' },
      { type: 'make-offer', actor: hr, candidateRef: 'emp-0113' },
      { type: 'record-offer-response', actor: hr, candidateRef: 'emp-0113', response: 'accepted' },
      ...checks(),
      { type: 'confirm-start', actor: hr, personRef: 'emp-0113', startsOn: '2022-10-03', vacatedPost },
    );

    expect(await handle.result()).toEqual({ outcome: 'filled', personRef: 'emp-0113' });
    expect(await progressOf(post)).toEqual([
      { kind: 'filled', personRef: 'emp-0113', startsOn: '2022-10-03', vacatedPost },
    ]);
    expect(eventTypesOf(postId)).toEqual([
      'CandidatesShortlisted',
      'InterviewOutcomeRecorded',
      'OfferMade',
      'OfferAccepted',
      ...fourChecksRecorded,
    ]);
  });

  it('fills an international post after sponsorship, visa, overseas registration and arrival', async () => {
    const { postId, post, handle } = await startRoute(client, taskQueue, 'international', 'hcpc');
    await record(
      handle,
      { type: 'shortlist', actor: hr, candidateRefs: ['cand-9'] },
      { type: 'record-interview', actor: hr, candidateRef: 'cand-9', outcome: 'appointable' },
      { type: 'make-offer', actor: hr, candidateRef: 'cand-9' },
      { type: 'record-offer-response', actor: hr, candidateRef: 'cand-9', response: 'accepted' },
      { type: 'assign-certificate-of-sponsorship', actor: hr, certificateRef: 'cos-2022-0007' },
      { type: 'record-visa-decision', actor: hr, outcome: 'granted' },
      { type: 'confirm-overseas-registration', actor: hr, registrationRef: 'hcpc-os-0451' },
      { type: 'record-arrival', actor: hr, arrivedOn: '2022-12-05' },
      ...checks('hcpc'),
      { type: 'confirm-start', actor: hr, personRef: 'cand-9', startsOn: '2023-01-03' },
    );

    expect(await handle.result()).toEqual({ outcome: 'filled', personRef: 'cand-9' });
    expect(await progressOf(post)).toEqual([{ kind: 'filled', personRef: 'cand-9', startsOn: '2023-01-03' }]);
    expect(eventTypesOf(postId)).toEqual([
      'CandidatesShortlisted',
      'InterviewOutcomeRecorded',
      'OfferMade',
      'OfferAccepted',
      'CertificateOfSponsorshipAssigned',
      'VisaDecisionRecorded',
      'OverseasRegistrationConfirmed',
      'RecruitArrived',
      ...fourChecksRecorded,
    ]);
  });

  it('ends an international route unfilled when the visa is refused, and tells the post why', async () => {
    const { postId, post, handle } = await startRoute(client, taskQueue, 'international');
    await record(
      handle,
      { type: 'shortlist', actor: hr, candidateRefs: ['cand-9'] },
      { type: 'record-interview', actor: hr, candidateRef: 'cand-9', outcome: 'appointable' },
      { type: 'make-offer', actor: hr, candidateRef: 'cand-9' },
      { type: 'record-offer-response', actor: hr, candidateRef: 'cand-9', response: 'accepted' },
      { type: 'assign-certificate-of-sponsorship', actor: hr, certificateRef: 'cos-2022-0008' },
      { type: 'record-visa-decision', actor: hr, outcome: 'refused' },
    );

    const reason = 'the Skilled Worker visa of cand-9 was refused';
    expect(await handle.result()).toEqual({ outcome: 'unfilled', reason });
    expect(await progressOf(post)).toEqual([{ kind: 'unfilled', reason }]);
    expect(eventTypesOf(postId).slice(-2)).toEqual([
      'CertificateOfSponsorshipAssigned',
      'VisaDecisionRecorded',
    ]);
  });

  it('fills an apprenticeship at enrolment and completes only when the apprentice qualifies', async () => {
    const { postId, post, handle } = await startRoute(client, taskQueue, 'apprenticeship');
    const enrolled = await record(handle, {
      type: 'enrol-apprentice',
      actor: hr,
      employeeRef: 'emp-0311',
      provider: 'Leeds Beckett University',
      startsOn: '2022-09-05',
      expectedQualificationOn: '2025-07-31',
    });
    expect(enrolled).toMatchObject({ step: 'in-training', filled: true, qualified: false });

    const told = await eventually(
      () => post.query(receivedProgressQuery),
      (progress) => progress.length > 0,
    );
    expect(told).toEqual([{ kind: 'filled', personRef: 'emp-0311', startsOn: '2022-09-05' }]);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const qualified = await record(handle, {
      type: 'record-qualification',
      actor: hr,
      qualifiedOn: '2025-07-15',
    });
    expect(qualified).toMatchObject({ step: 'qualified', qualified: true, accepts: [] });
    expect(await handle.result()).toEqual({ outcome: 'filled', personRef: 'emp-0311' });
    expect(await progressOf(post)).toHaveLength(1);
    expect(eventTypesOf(postId)).toEqual(['ApprenticeEnrolled', 'ApprenticeQualified']);
  });

  it('fills a Step Up post when the trainee joins a cohort', async () => {
    const { postId, post, handle } = await startRoute(client, taskQueue, 'step-up');
    await record(handle, {
      type: 'join-step-up-cohort',
      actor: hr,
      traineeRef: 'trn-0042',
      cohort: 'Step Up 8',
      startsOn: '2023-01-09',
    });

    expect(await handle.result()).toEqual({ outcome: 'filled', personRef: 'trn-0042' });
    expect(await progressOf(post)).toEqual([
      { kind: 'filled', personRef: 'trn-0042', startsOn: '2023-01-09' },
    ]);
    expect(eventTypesOf(postId)).toEqual(['StepUpCohortJoined']);
  });

  it('still publishes what HR recorded when the post is withdrawn and the route cancelled', async () => {
    const { postId, post, handle } = await startRoute(client, taskQueue, 'standard');
    await record(handle, { type: 'shortlist', actor: hr, candidateRefs: ['cand-1', 'cand-2'] });
    await handle.cancel();

    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(eventTypesOf(postId)).toEqual(['CandidatesShortlisted']);
    expect(await progressOf(post)).toEqual([]);
  });
});

// On the dev server, not the time-skipping one: the Java test server may never answer an Update that
// its validator rejects once earlier Updates have completed, which is exactly the case tested here.
describe('a refused route command on the dev server', () => {
  const config = loadConfig();
  const devQueue = `route-test-${randomUUID()}`;
  let devClient: Client;
  let connection: NativeConnection;
  let devWorker: Worker;
  let devRunning: Promise<void>;

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    devClient = await connectClient(config);
    devWorker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: devQueue,
      workflowsPath,
      bundlerOptions: workflowBundleOptions,
      activities: createEventActivities({ events: capturingPublisher(), log: silent }),
    });
    devRunning = devWorker.run();
  });

  afterAll(async () => {
    devWorker?.shutdown();
    await devRunning;
    await connection?.close();
    await devClient?.connection.close();
  });

  it('rejects an illegal step before it enters the route’s history, leaving the route as it was', async () => {
    const { post, handle } = await startRoute(devClient, devQueue, 'standard');
    const shortlisted = await record(handle, {
      type: 'shortlist',
      actor: hr,
      candidateRefs: ['cand-1', 'cand-2'],
    });

    const notInterviewed = handle.executeUpdate(routeCommandUpdate, {
      args: [{ type: 'make-offer', actor: hr, candidateRef: 'cand-1' }],
    });
    await expect(notInterviewed).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(notInterviewed).rejects.toHaveProperty(
      'cause.message',
      'cand-1 has not been interviewed yet',
    );
    const personalData = handle.executeUpdate(routeCommandUpdate, {
      args: [{ type: 'make-offer', actor: hr, candidateRef: 'Jane Smith' }],
    });
    await expect(personalData).rejects.toHaveProperty(
      'cause.message',
      expect.stringContaining('invalid route command: candidateRef: expected an opaque reference'),
    );

    expect(await handle.query(routeViewQuery)).toEqual(shortlisted);
    const history = await handle.fetchHistory();
    const accepted =
      history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(1);
    await handle.terminate('test over');
    await post.terminate('test over');
  });
});

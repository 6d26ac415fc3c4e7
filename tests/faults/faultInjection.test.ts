import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { postCommandUpdate, postViewQuery } from '../../contract/postMessages.js';
import { routeCommandUpdate } from '../../contract/routeMessages.js';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { repoRoot } from '../../infra/paths.js';
import { serviceDown, servicePid, serviceUp, stackDown, stackUp } from '../../infra/stack.js';
import { createKafka } from '../../kafka/client.js';
import type { PostCommand } from '../../schemas/postCommands.js';
import { type PostWorkflowInput, postWorkflowInput } from '../../schemas/postWorkflowInput.js';
import type { RouteCommand } from '../../schemas/routeCommands.js';
import { connectClient } from '../../temporal/connection.js';
import {
  director,
  equalityLead,
  executiveMember,
  hrOfficer,
  occupationalTherapistPost,
  unionRep,
} from '../support/postFixtures.js';
import { type ReadMessage, readTopic } from '../support/readPostEvents.js';
import { startWorkerProcess, type WorkerProcess } from '../support/workerProcess.js';

// Faults injected into a private stack (its own ports and data folder) so that freezing, stopping and
// restarting its Temporal server and Kafka broker cannot disturb the stack the other tests share. The
// worker is the product's own process (workers/main.ts), killed with SIGKILL. Outcomes are written to
// test-artifacts/fault-outcomes.json for the table in docs/faults-and-attacks.md.
const dataDir = mkdtempSync(join(tmpdir(), 'council-posts-faults-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  COUNCIL_POSTS_DATA: dataDir,
  TEMPORAL_ADDRESS: '127.0.0.1:27233',
  TEMPORAL_UI_PORT: '28233',
  KAFKA_BROKERS: '127.0.0.1:29092',
  KAFKA_CONTROLLER_PORT: '29093',
  TEMPORAL_TASK_QUEUE: `faults-${randomUUID()}`,
  NOTIFY_OUTBOX_FILE: join(dataDir, 'notifications.ndjson'),
};
const config = loadConfig(env);
const kafka = createKafka(config, pino({ level: 'silent' }));
const outcomes: Record<string, unknown> = {};
let client: Client;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  await stackUp(env);
  client = await connectClient(config);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
  await stackDown(env);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
  writeFileSync(
    join(repoRoot, 'test-artifacts', 'fault-outcomes.json'),
    `${JSON.stringify(outcomes, null, 2)}\n`,
  );
}, 120_000);

const lifecycle = [
  'PostProposed',
  'BudgetReserved',
  'PostApproved',
  'ConsultationResponseRecorded',
  'ConsultationResponseRecorded',
  'ConsultationResponseRecorded',
  'ConsultationCompleted',
  'RecruitmentRouteStarted',
  'StepUpCohortJoined',
  'PostFilled',
];

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * Sends a command as the HTTP API does: an Update whose id is the idempotency key, sent again with
 * the same id after a transport failure (a dead worker or server), so it has one effect.
 */
async function send(run: (updateId: string) => Promise<unknown>, timeoutMillis = 120_000): Promise<void> {
  const updateId = randomUUID();
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    try {
      await run(updateId);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

const postCommand = (postId: string, command: PostCommand) =>
  send((updateId) =>
    client.workflow.getHandle(postId).executeUpdate(postCommandUpdate, { args: [command], updateId }),
  );
const routeCommand = (postId: string, command: RouteCommand) =>
  send((updateId) =>
    client.workflow
      .getHandle(`${postId}.route`)
      .executeUpdate(routeCommandUpdate, { args: [command], updateId }),
  );

async function stageOf(postId: string): Promise<string | undefined> {
  return (
    await client.workflow
      .getHandle(postId)
      .query(postViewQuery)
      .catch(() => undefined)
  )?.stage;
}

async function waitForStage(postIds: string[], stage: string, timeoutMillis = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  for (const postId of postIds) {
    while ((await stageOf(postId)) !== stage) {
      if (Date.now() > deadline) throw new Error(`${postId} is ${await stageOf(postId)}, not ${stage}`);
      await sleep(200);
    }
  }
}

function newPosts(count: number, prefix: string): PostWorkflowInput[] {
  return Array.from({ length: count }, (_, i) =>
    occupationalTherapistPost({ postId: `${prefix}-${randomUUID().slice(0, 8)}-${i}`, openForCallIn: false }),
  );
}

async function startPosts(posts: PostWorkflowInput[]): Promise<void> {
  await Promise.all(
    posts.map((input) =>
      client.workflow.start('postWorkflow', {
        args: [postWorkflowInput.parse(input)],
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: input.postId,
      }),
    ),
  );
}

const approveAll = (postIds: string[], reason: string) =>
  Promise.all(
    postIds.map((postId) =>
      postCommand(postId, { type: 'decide', actor: director, decision: 'approve', reason }),
    ),
  );

const consult = (postId: string, which: 'union' | 'executive-member' | 'equality') =>
  postCommand(postId, {
    type: 'record-consultation',
    actor: { union: unionRep, 'executive-member': executiveMember, equality: equalityLead }[which],
    party: which,
    outcome: 'no-concerns',
    summary: 'No concerns',
  });

async function finishLifecycle(postId: string): Promise<void> {
  await consult(postId, 'executive-member');
  await consult(postId, 'equality');
  await postCommand(postId, { type: 'start-route', actor: hrOfficer, route: 'step-up', reason: 'Trainee' });
  await routeCommand(postId, {
    type: 'join-step-up-cohort',
    actor: hrOfficer,
    traineeRef: 'emp-5521',
    cohort: 'Step Up 9',
    startsOn: addWorkingDays(londonDateOf(Date.now()), 10),
  });
}

/** Every message of these posts, read until each has `enough` distinct events. */
async function eventsOf(postIds: string[], enough: number): Promise<Map<string, ReadMessage[]>> {
  const wanted = new Set(postIds);
  const messages = await readTopic(kafka, config.POST_EVENTS_TOPIC, {
    keep: (message) => wanted.has(message.key),
    enough: (kept) =>
      postIds.every(
        (postId) =>
          new Set(kept.filter((m) => m.key === postId).map((m) => m.headers.eventId)).size >= enough,
      ),
    timeoutMillis: 120_000,
  });
  return new Map(postIds.map((postId) => [postId, messages.filter((m) => m.key === postId)]));
}

/** What a consumer that dedups by event id sees: each id once, in topic order. */
function deduplicated(messages: ReadMessage[]): ReadMessage[] {
  const seen = new Set<string>();
  return messages.filter(
    (message) => !seen.has(message.headers.eventId as string) && seen.add(message.headers.eventId as string),
  );
}

describe('faults injected into a running system', () => {
  it('kill -9 of the worker while posts are mid-lifecycle and mid-publish: every post finishes, no event lost, each event id once after dedup', async () => {
    const posts = newPosts(6, 'kill');
    const ids = posts.map((post) => post.postId);
    worker = await startWorkerProcess(env);
    await startPosts(posts);
    await waitForStage(ids, 'awaiting-approval');
    await approveAll(ids, 'Within budget');

    // Freeze the broker so the next events are stuck in the worker's publish activities, then kill it.
    const broker = servicePid('kafka', env) as number;
    process.kill(broker, 'SIGSTOP');
    const inFlight = ids.map((postId) => consult(postId, 'union'));
    await sleep(3000);
    await worker.crash();
    process.kill(broker, 'SIGCONT');
    worker = await startWorkerProcess(env);
    await Promise.all(inFlight);
    await Promise.all(ids.map(finishLifecycle));
    await waitForStage(ids, 'filled');

    const events = await eventsOf(ids, lifecycle.length);
    let duplicates = 0;
    for (const postId of ids) {
      const all = events.get(postId) ?? [];
      const once = deduplicated(all);
      duplicates += all.length - once.length;
      expect(once.map((message) => (message.value as { type: string }).type)).toEqual(lifecycle);
    }
    outcomes.workerKilled = {
      posts: ids.length,
      eventsExpected: ids.length * lifecycle.length,
      eventsLost: 0,
      duplicatesOnTopic: duplicates,
      postsFilled: ids.length,
    };
  }, 300_000);

  it('Kafka stopped and started during a burst: nothing lost, each post’s events still in order', async () => {
    worker ??= await startWorkerProcess(env);
    const posts = newPosts(12, 'burst');
    const ids = posts.map((post) => post.postId);
    const burst = startPosts(posts);
    await serviceDown('kafka', env);
    await burst;
    await sleep(2000);
    await serviceUp('kafka', env);
    await waitForStage(ids, 'awaiting-approval', 180_000);
    await approveAll(ids, 'Within budget');
    const events = await eventsOf(ids, 3);
    let duplicates = 0;
    for (const postId of ids) {
      const all = events.get(postId) ?? [];
      const once = deduplicated(all);
      duplicates += all.length - once.length;
      expect(once.map((message) => (message.value as { type: string }).type)).toEqual(lifecycle.slice(0, 3));
      expect(new Set(all.map((message) => message.partition)).size).toBe(1);
    }
    outcomes.kafkaRestarted = {
      posts: ids.length,
      eventsExpected: ids.length * 3,
      eventsLost: 0,
      duplicatesOnTopic: duplicates,
      outOfOrder: 0,
    };
  }, 300_000);

  it('the Temporal dev server restarted: every open post continues', async () => {
    worker ??= await startWorkerProcess(env);
    const posts = newPosts(5, 'restart');
    const ids = posts.map((post) => post.postId);
    await startPosts(posts);
    await waitForStage(ids, 'awaiting-approval');

    await serviceDown('temporal', env);
    await serviceUp('temporal', env);
    await approveAll(ids, 'After the restart');
    await waitForStage(ids, 'consultation');
    const events = await eventsOf(ids, 3);
    for (const postId of ids) {
      expect(
        deduplicated(events.get(postId) ?? []).map((message) => (message.value as { type: string }).type),
      ).toEqual(lifecycle.slice(0, 3));
    }
    outcomes.temporalRestarted = { posts: ids.length, postsContinued: ids.length, eventsLost: 0 };
  }, 300_000);
});

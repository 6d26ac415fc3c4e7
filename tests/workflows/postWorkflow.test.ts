import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostWorker } from '../../workers/createPostWorker.js';
import { decideUpdate, postViewQuery } from '../../workflows/postMessages.js';
import { capturingPublisher } from '../support/capturingPublisher.js';
import { director, occupationalTherapistPost } from '../support/postFixtures.js';
import { createTimeSkippingEnv } from '../support/timeSkipping.js';

const taskQueue = 'post-workflow-test';
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const published = capturingPublisher();

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  worker = await createPostWorker({
    config: {
      TEMPORAL_ADDRESS: 'unused',
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
    },
    connection: env.nativeConnection,
    events: published,
    log: pino({ level: 'silent' }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

function eventsOf(postId: string) {
  return published.events.filter((event) => event.postId === postId).map((event) => event.type);
}

describe('post workflow on the time-skipping server', () => {
  it('reminds the director once five working days pass without a decision', async () => {
    const input = occupationalTherapistPost();
    const handle = await env.client.workflow.start('postWorkflow', {
      args: [input],
      taskQueue,
      workflowId: input.postId,
    });
    // Two calendar weeks pass in well under a second of real time.
    await env.sleep('14 days');
    const view = await handle.query(postViewQuery);
    expect(view.remindersSent).toBe(1);
    const reminder = published.events.find(
      (event) => event.postId === input.postId && event.type === 'ApprovalReminderSent',
    );
    expect(reminder?.data).toEqual({ to: 'director', workingDaysWaiting: 5 });

    const decided = await handle.executeUpdate(decideUpdate, {
      args: [{ decision: 'approve', actor: director, reason: 'Within the £1.5m allocation' }],
    });
    expect(decided.stage).toBe('approved');
    expect(await handle.result()).toMatchObject({ stage: 'approved', remindersSent: 1 });
    expect(eventsOf(input.postId)).toEqual(['PostProposed', 'ApprovalReminderSent', 'PostApproved']);
  });

  it('sends no reminder when the director decides within the working days allowed', async () => {
    const input = occupationalTherapistPost();
    const handle = await env.client.workflow.start('postWorkflow', {
      args: [input],
      taskQueue,
      workflowId: input.postId,
    });
    await env.sleep('2 days');
    await handle.executeUpdate(decideUpdate, {
      args: [{ decision: 'approve', actor: director, reason: 'Urgent: waiting list of 246 children' }],
    });
    const result = await handle.result();
    expect(result.remindersSent).toBe(0);
    expect(result.decisions).toEqual([
      expect.objectContaining({
        decision: 'approve',
        actor: director,
        reason: 'Urgent: waiting list of 246 children',
      }),
    ]);
    expect(eventsOf(input.postId)).toEqual(['PostProposed', 'PostApproved']);
  });
});

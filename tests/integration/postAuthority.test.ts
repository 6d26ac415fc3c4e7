import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideUpdate, postViewQuery } from '../../workflows/postMessages.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { hrOfficer, occupationalTherapistPost } from '../support/postFixtures.js';

// On the dev server: the Java time-skipping server stops answering a rejected Update once earlier
// Updates have completed (sdk-java #1903 family), and these tests need no timers.
let dev: DevServerWorker;

beforeAll(async () => {
  dev = await startDevServerWorker();
});

afterAll(async () => {
  await dev?.stop();
});

async function startPost(input: ReturnType<typeof occupationalTherapistPost>) {
  return dev.client.workflow.start('postWorkflow', {
    args: [input],
    taskQueue: dev.config.TEMPORAL_TASK_QUEUE,
    workflowId: input.postId,
  });
}

describe('who may decide on a post', () => {
  it('rejects an approval from the post’s own proposer, leaving the post awaiting approval', async () => {
    const proposer = { id: 'hr.dual-role', role: 'director' as const };
    const input = occupationalTherapistPost({ proposedBy: proposer });
    const handle = await startPost(input);
    const attempt = handle.executeUpdate(decideUpdate, {
      args: [{ decision: 'approve', actor: proposer, reason: 'I wrote it' }],
    });
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(attempt).rejects.toHaveProperty(
      'cause.message',
      'the proposer of a post can never approve it',
    );
    expect((await handle.query(postViewQuery)).stage).toBe('awaiting-approval');
    await handle.terminate('test over');
  });

  it('rejects a decision from someone without a director’s authority', async () => {
    const input = occupationalTherapistPost();
    const handle = await startPost(input);
    const attempt = handle.executeUpdate(decideUpdate, {
      args: [{ decision: 'approve', actor: hrOfficer, reason: 'Approving my own team' }],
    });
    await expect(attempt).rejects.toHaveProperty('cause.message', 'a hr cannot decide on a post');
    expect((await handle.query(postViewQuery)).decisions).toEqual([]);
    await handle.terminate('test over');
  });
});

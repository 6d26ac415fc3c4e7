import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorInbox } from '../../temporal/directorInbox.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { PostDriver } from '../support/postDriver.js';
import { director, occupationalTherapistPost, uniqueId } from '../support/postFixtures.js';

let dev: DevServerWorker;

beforeAll(async () => {
  dev = await startDevServerWorker();
});

afterAll(async () => {
  await dev?.stop();
});

async function inboxUntil(proposalId: string, size: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const inbox = await directorInbox(dev.client, proposalId);
    if (inbox.length === size || Date.now() > deadline) return inbox;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the director’s inbox is a visibility query over the posts’ search attributes', () => {
  it('lists the posts awaiting a decision, held ones included, and drops a post once decided', async () => {
    const proposalId = uniqueId('inbox');
    const first = await PostDriver.start(
      dev.client,
      dev.config.TEMPORAL_TASK_QUEUE,
      occupationalTherapistPost({ proposalId }),
    );
    const held = occupationalTherapistPost({ proposalId });
    const second = await PostDriver.start(dev.client, dev.config.TEMPORAL_TASK_QUEUE, {
      ...held,
      funding: { source: 'allocation', budgetWorkflowId: `${held.postId}.budget`, allocationPence: 1_000 },
    });

    const inbox = await inboxUntil(proposalId, 2);
    expect(inbox.map((entry) => [entry.postId, entry.stage]).sort()).toEqual(
      [
        [first.handle.workflowId, 'awaiting-approval'],
        [second.handle.workflowId, 'budget-held'],
      ].sort(),
    );
    expect(inbox[0]).toMatchObject({ serviceArea: 'Occupational Therapy', grade: 'PO1', overdue: false });

    await first.command({ type: 'decide', actor: director, decision: 'approve', reason: 'Approved' });
    expect((await inboxUntil(proposalId, 1)).map((entry) => entry.postId)).toEqual([
      second.handle.workflowId,
    ]);
    await first.handle.terminate('test over');
    await second.handle.terminate('test over');
  });
});

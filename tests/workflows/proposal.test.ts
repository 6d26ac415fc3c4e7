import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerViewQuery } from '../../contract/ledgerMessages.js';
import { postViewQuery } from '../../contract/postMessages.js';
import { proposalViewQuery } from '../../contract/proposalMessages.js';
import { seedReport } from '../fixtures/seedReport.js';
import { PostDriver } from '../support/postDriver.js';
import { occupationalTherapistPost, uniqueId } from '../support/postFixtures.js';
import { startTimeSkippingPosts, type TimeSkippingPosts } from '../support/timeSkippingPostWorker.js';

let posts: TimeSkippingPosts;

beforeAll(async () => {
  posts = await startTimeSkippingPosts('proposal');
});

afterAll(async () => {
  await posts?.stop();
});

async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMillis = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the seed report as a proposal', () => {
  it('makes one post per position, reserves the whole plan to the penny, and holds one more post that does not fit', async () => {
    const proposalId = uniqueId('seed-report');
    const proposal = await posts.client.workflow.start('proposalWorkflow', {
      args: [
        {
          proposal: seedReport(proposalId),
          internationalCap: { workflowId: uniqueId('cap'), cap: 20, alreadyRecruited: 13 },
          approvalPolicyVersion: '2026-12 default',
        },
      ],
      taskQueue: posts.taskQueue,
      workflowId: proposalId,
    });
    const view = await waitUntil(
      () => proposal.query(proposalViewQuery),
      (found) => found.posts.length > 0,
    );
    // The cost table's 8 lines (29 FTE, £1,422,528) plus the Safe project's 2 × C3.
    expect(view.requested).toEqual({ costPence: 149_336_600, fte: 31, posts: 31 });
    expect(view.posts).toHaveLength(31);
    // Each post names its proposal by title, so dashboards need not show the proposal's id.
    const firstPost = view.posts[0]?.postId ?? '';
    const [proposed] = await waitUntil(
      async () =>
        posts.published.events.filter((event) => event.postId === firstPost && event.type === 'PostProposed'),
      (found) => found.length === 1,
    );
    expect(proposed?.data).toMatchObject({ proposalTitle: seedReport(proposalId).title });
    // …and the approval policy it started under, as the post's own view does.
    expect(proposed?.data).toMatchObject({ approvalPolicyVersion: '2026-12 default' });
    expect(await posts.client.workflow.getHandle(firstPost).query(postViewQuery)).toMatchObject({
      approvalPolicyVersion: '2026-12 default',
    });

    const budget = posts.client.workflow.getHandle(`${proposalId}.budget`);
    const ledger = await waitUntil(
      () => budget.query(ledgerViewQuery),
      (found) => Object.keys(found.reservations).length === 31,
    );
    expect(ledger.committed).toBe(149_336_600);
    expect(ledger.capacity).toBe(150_000_000);

    // A late single vacancy against the same allocation: £663,400 is left, a PO6 costs £62,335.
    const extra = occupationalTherapistPost({
      proposalId,
      details: {
        serviceArea: 'Placement team',
        jobTitle: 'Placement team manager',
        grade: 'PO6',
        annualCostPence: 6_233_500,
        fte: 1,
      },
      funding: {
        source: 'allocation',
        budgetWorkflowId: `${proposalId}.budget`,
        allocationPence: 150_000_000,
      },
    });
    const held = await PostDriver.start(posts.client, posts.taskQueue, extra);
    const heldView = await held.view();
    expect(heldView.stage).toBe('budget-held');
    expect(heldView.budget).toEqual({ reservedPence: 0, shortfallPence: 5_570_100 });
    expect(posts.eventTypes(extra.postId)).toEqual(['PostProposed', 'BudgetShortfall']);
    await held.terminateWhenIdle();
  });
});

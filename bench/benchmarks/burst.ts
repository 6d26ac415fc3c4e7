import type { Client } from '@temporalio/client';
import { ledgerViewQuery } from '../../contract/ledgerMessages.js';
import type { PostWorkflowInput } from '../../schemas/postWorkflowInput.js';
import type { BenchContext } from '../benchContext.js';
import { benchPostInput, startPost } from '../benchPosts.js';
import type { Figure } from '../figures.js';
import { inPool, timed, until } from '../measure.js';

const costPence = 5_000_000;

/** Posts of a service area past the budget check: waiting for the director, or held short. */
async function pastBudgetCheck(client: Client, serviceArea: string): Promise<number> {
  const query = `ServiceArea = '${serviceArea}' AND PostStage IN ('awaiting-approval', 'budget-held')`;
  return (await client.workflow.count(query)).count;
}

/** The ledger's own account, checked: never more than the allocation, and every reservation whole. */
async function checkedLedger(client: Client, budgetWorkflowId: string, capacity: number, fits: number) {
  const view = await client.workflow.getHandle(budgetWorkflowId).query(ledgerViewQuery);
  const sum = Object.values(view.reservations).reduce((total, amount) => total + amount, 0);
  if (view.committed > capacity || sum !== view.committed || Object.keys(view.reservations).length !== fits) {
    throw new Error(
      `ledger ${budgetWorkflowId} is wrong: committed ${view.committed} of ${capacity}, ${Object.keys(view.reservations).length} reservations (expected ${fits})`,
    );
  }
  return view;
}

/**
 * 7. A burst of reservations against one budget ledger (issue: the ledger stalled under one): one
 * proposal of 200 posts started at once, then 10 proposals of 200 posts at once against one
 * allocation that fits three quarters of them. Measured until every post has passed the budget check
 * (in the director's inbox, or held short), with the ledger checked never to over-commit. Baseline:
 * as many bare workflows started and waiting, on the same worker.
 */
export async function burstBenchmark(context: BenchContext): Promise<Figure[]> {
  const { client, config, runId, quick } = context;
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const figures: Figure[] = [];
  for (const [proposals, perProposal] of quick
    ? [
        [1, 40],
        [4, 20],
      ]
    : [
        [1, 200],
        [10, 200],
      ]) {
    const count = (proposals as number) * (perProposal as number);
    const fits = Math.floor(count * 0.75);
    const area = `Burst ${proposals}x${perProposal} ${runId}`;
    const budgetWorkflowId = `${runId}-burst-${proposals}x${perProposal}.budget`;
    const inputs: PostWorkflowInput[] = Array.from({ length: count }, (_, i) => {
      const input = benchPostInput(`${runId}-burst-${proposals}x${perProposal}`, i, area);
      return {
        ...input,
        proposalId: `${runId}-burst-proposal-${Math.floor(i / (perProposal as number))}`,
        funding: { source: 'allocation', budgetWorkflowId, allocationPence: fits * costPence },
      };
    });
    const bareSeconds = await timed(async () => {
      await inPool(inputs, 64, (input) =>
        client.workflow.start('emptyWorkflow', { taskQueue, workflowId: `${input.postId}-bare` }),
      );
    });
    const productSeconds = await timed(async () => {
      await inPool(inputs, 64, (input) => startPost(client, taskQueue, input));
      await until(
        async () => (await pastBudgetCheck(client, area)) >= count,
        1_800_000,
        `${area} past the budget check`,
        500,
      );
    });
    await checkedLedger(client, budgetWorkflowId, fits * costPence, fits);
    figures.push({
      bench: '7. burst',
      measure: `${proposals} × ${perProposal} posts on one allocation, started at once, until all past the budget check (${fits} reserved, ${count - fits} held; never over-committed)`,
      product: productSeconds,
      baseline: bareSeconds,
      unit: 's',
      ratio: productSeconds / bareSeconds,
      ratioMeaning: 'times the bare starts',
      note: `bound: every post past the budget check in ${productSeconds.toFixed(1)} s with a worker cache of ${config.WORKER_MAX_CACHED_WORKFLOWS}`,
    });
  }
  return figures;
}

import type { Client } from '@temporalio/client';
import { proposalViewQuery } from '../../contract/proposalMessages.js';
import { proposalWorkflowInput } from '../../schemas/proposal.js';
import { pendingWorkflowTask } from '../../temporal/stuckWorkflows.js';
import type { BenchContext } from '../benchContext.js';
import { driveLifecycle, refusedTryAgain } from '../benchPosts.js';
import type { Figure } from '../figures.js';
import { inPool, sleep, timed, until } from '../measure.js';

/** Posts per proposal here: every proposal workflow starts its posts as children, as in production. */
const postsPerProposal = 10;
/** The worker's workflow cache under test: small enough that nearly every task replays. */
const smallCache = 5;

/**
 * 10. Heavy eviction (issue: the sdk-core stall "Extra buffered run should not have produced an
 * activation" met the ledger under a burst): proposals started at 50 posts a second, each starting its
 * posts, each post driven proposal→filled (budget ledger, Updates, route child) with 32 in flight, on a
 * worker whose cache holds 5 workflows, so proposals, posts and routes are evicted and replayed all the
 * time. Every workflow should finish: one that has not within the time allowed is described, and one
 * left failing its workflow task is counted and named (the second figure; bench/sdkStall/README.md
 * says why it happens). Baseline: the same load on the default cache (WORKER_MAX_CACHED_WORKFLOWS).
 */
export async function evictionBenchmark(context: BenchContext): Promise<Figure[]> {
  const { client, config, runId, quick } = context;
  const proposals = quick ? 2 : 20;
  const postsPerSecond = quick ? 10 : 50;
  // A post not filled by then is looked at: left failing its workflow task, or only slow.
  const lifecycleMillis = quick ? 60_000 : 300_000;
  const run = async (label: string, taskQueue: string) => {
    const proposalIds = Array.from({ length: proposals }, (_, i) => `${runId}-evict-${label}-${i}`);
    const unfinished: string[] = [];
    let filled = 0;
    const seconds = await timed(async () => {
      const lifecycles: Promise<unknown>[] = [];
      for (const proposalId of proposalIds) {
        const postIds = await startProposal(client, taskQueue, proposalId, `Eviction ${label} ${runId}`);
        const deadline = Date.now() + lifecycleMillis;
        lifecycles.push(
          inPool(postIds, Math.ceil(32 / proposals), async (postId) => {
            // The deadline bounds every call, so a post that never answers cannot hold the run.
            const done = await client.connection
              .withDeadline(deadline, () =>
                driveLifecycle(client, client.workflow.getHandle(postId), deadline),
              )
              .then(
                () => true,
                () => false,
              );
            if (done) filled += 1;
            else unfinished.push(postId);
          }),
        );
        await sleep((postsPerProposal / postsPerSecond) * 1000);
      }
      await Promise.all(lifecycles);
      // Every proposal ends when its posts have: a stalled proposal workflow would never.
      for (const proposalId of proposalIds) {
        const completed = await until(
          async () => (await client.workflow.getHandle(proposalId).describe()).status.name === 'COMPLETED',
          unfinished.length > 0 ? 1_000 : 60_000,
          `proposal ${proposalId} to complete`,
          200,
        ).then(
          () => true,
          () => false,
        );
        if (!completed) unfinished.push(proposalId);
      }
    });
    return { perSecond: filled / seconds, failing: await failingTasks(client, unfinished), unfinished };
  };
  const evicting = await context.addWorker({
    TEMPORAL_TASK_QUEUE: `${config.TEMPORAL_TASK_QUEUE}.evicting`,
    WORKER_MAX_CACHED_WORKFLOWS: String(smallCache),
  });
  const retriedBefore = refusedTryAgain.count;
  let small: Awaited<ReturnType<typeof run>>;
  try {
    small = await run('small', `${config.TEMPORAL_TASK_QUEUE}.evicting`);
  } finally {
    await evicting.stop();
  }
  const retriedSmall = refusedTryAgain.count - retriedBefore;
  const usual = await run('usual', config.TEMPORAL_TASK_QUEUE);
  const retriedUsual = refusedTryAgain.count - retriedBefore - retriedSmall;
  const posts = proposals * postsPerProposal;
  const cache = config.WORKER_MAX_CACHED_WORKFLOWS;
  const named = (ids: string[]) => (ids.length > 0 ? ids.join(', ') : 'none');
  return [
    {
      bench: '10. eviction',
      measure: `posts filled per second, worker cache of ${smallCache} (${proposals} proposals × ${postsPerProposal} posts started at ${postsPerSecond} posts/s)`,
      product: small.perSecond,
      baseline: usual.perSecond,
      unit: 'lifecycles/s',
      ratio: usual.perSecond / small.perSecond,
      ratioMeaning: `time ÷ with a cache of ${cache}`,
      note: `unfinished within ${lifecycleMillis / 1000} s: ${small.unfinished.length} of ${posts + proposals} posts and proposals (cache ${smallCache}), ${usual.unfinished.length} (cache ${cache}); commands refused "try again" and sent again: ${retriedSmall}, ${retriedUsual}`,
    },
    {
      bench: '10. eviction',
      measure: `workflows left failing their workflow task (cache ${smallCache}; bench/sdkStall/README.md)`,
      product: small.failing.length,
      baseline: usual.failing.length,
      unit: 'workflows',
      ratio: small.failing.length - usual.failing.length,
      ratioMeaning: `more than with a cache of ${cache}`,
      goal: { text: 'none', met: small.failing.length === 0 && usual.failing.length === 0 },
      note: `failing: ${named([...small.failing, ...usual.failing])}`,
    },
  ];
}

/** Of these workflows, the ones whose pending workflow task has failed or timed out at least once. */
async function failingTasks(client: Client, workflowIds: string[]): Promise<string[]> {
  const failing: string[] = [];
  for (const workflowId of workflowIds) {
    if ((await pendingWorkflowTask(client, workflowId)).attempt >= 2) failing.push(workflowId);
  }
  return failing;
}

/** Starts a proposal of 10 Social Workers and answers its posts' ids once it has started them. */
async function startProposal(
  client: Client,
  taskQueue: string,
  proposalId: string,
  serviceArea: string,
): Promise<string[]> {
  const proposal = proposalWorkflowInput.parse({
    proposal: {
      proposalId,
      title: `Eviction bench ${proposalId}`,
      service: "Children's Social Care",
      author: { id: 'hr.sam', role: 'hr' },
      decisionMaker: 'director.julie',
      deputy: 'deputy.farrah',
      allocationPence: postsPerProposal * 5_000_000,
      allocationName: 'Bench allocation',
      openForCallIn: false,
      confidential: false,
      reportDate: '2026-01-05',
      lines: [
        { serviceArea, jobTitle: 'Social Worker', grade: 'PO3', annualCostPence: 5_000_000, fteCount: 10 },
      ],
    },
    internationalCap: { workflowId: `${proposalId}.international-cap`, cap: 20, alreadyRecruited: 13 },
  });
  const handle = await client.workflow.start('proposalWorkflow', {
    args: [proposal],
    taskQueue,
    workflowId: proposalId,
  });
  // The posts exist once the proposal has started them (a query may time out on a busy worker).
  let postIds: string[] = [];
  await until(
    async () => {
      const view = await handle.query(proposalViewQuery).catch(() => undefined);
      postIds = view?.posts.map((post) => post.postId) ?? [];
      return postIds.length === postsPerProposal;
    },
    120_000,
    `proposal ${proposalId} to start its posts`,
    50,
  );
  return postIds;
}

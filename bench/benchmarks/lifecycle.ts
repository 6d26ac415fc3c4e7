import type { Client } from '@temporalio/client';
import { workflowIds } from '../../contract/workflowIds.js';
import type { BenchContext } from '../benchContext.js';
import { benchPostInput, driveLifecycle, lifecycleUpdates, startPost } from '../benchPosts.js';
import type { Figure } from '../figures.js';
import { inPool, timed } from '../measure.js';
import { type BarePlan, bareStepUpdate } from '../workflows/bareWorkflows.js';

/**
 * 2. Whole post lifecycles (proposal to filled, through Updates) per second, against a bare workflow
 * with the same number of Updates and activities, counted from a real post's history in this run.
 */
export async function lifecycleBenchmark(context: BenchContext): Promise<Figure[]> {
  const { client, config, runId, quick } = context;
  const count = quick ? 10 : 100;
  const concurrency = 16;
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const prefix = `${runId}-life`;
  const area = `Lifecycle ${runId}`;

  // One post first, alone: warms the worker and gives the bare plan its counts.
  const first = benchPostInput(`${prefix}-warm`, 0, area);
  await driveLifecycle(client, await startPost(client, taskQueue, first));
  const plan = await barePlanOf(client, first.postId);

  const indexes = Array.from({ length: count }, (_, i) => i);
  const postSeconds = await timed(() =>
    inPool(indexes, concurrency, async (i) =>
      driveLifecycle(client, await startPost(client, taskQueue, benchPostInput(prefix, i, area))),
    ),
  );
  const bareSeconds = await timed(() =>
    inPool(indexes, concurrency, async (i) => {
      const handle = await client.workflow.start('bareLifecycleWorkflow', {
        args: [plan],
        taskQueue,
        workflowId: `${runId}-bare-life-${i}`,
      });
      for (let step = 0; step < plan.activitiesPerUpdate.length; step += 1) {
        await handle.executeUpdate(bareStepUpdate, { args: [step] });
      }
      return handle.result();
    }),
  );
  const product = count / postSeconds;
  const baseline = count / bareSeconds;
  const activities = plan.activitiesAtStart + plan.activitiesPerUpdate.reduce((a, b) => a + b, 0);
  return [
    {
      bench: '2. lifecycle',
      measure: `posts proposal→filled per second (${count}, ${concurrency} at a time; ${lifecycleUpdates} Updates, ${activities} activities each)`,
      product,
      baseline,
      unit: 'lifecycles/s',
      ratio: baseline / product,
      ratioMeaning: 'time per lifecycle ÷ bare',
      goal: { text: '≤ 1.25', met: baseline / product <= 1.25 },
    },
  ];
}

/** The Updates and activities of one finished post (its workflow and its route's), as a bare plan. */
export async function barePlanOf(client: Client, postId: string): Promise<BarePlan> {
  const post = await client.workflow.getHandle(postId).fetchHistory();
  const route = await client.workflow.getHandle(workflowIds.route(postId)).fetchHistory();
  let activitiesAtStart = 0;
  let activitiesAfter = 0;
  let updates = 0;
  for (const event of post.events ?? []) {
    if (event.workflowExecutionUpdateAcceptedEventAttributes) updates += 1;
    if (event.activityTaskScheduledEventAttributes) {
      if (updates === 0) activitiesAtStart += 1;
      else activitiesAfter += 1;
    }
  }
  for (const event of route.events ?? []) {
    if (event.workflowExecutionUpdateAcceptedEventAttributes) updates += 1;
    if (event.activityTaskScheduledEventAttributes) activitiesAfter += 1;
  }
  if (updates !== lifecycleUpdates) throw new Error(`expected ${lifecycleUpdates} Updates, found ${updates}`);
  const perUpdate = Array.from(
    { length: updates },
    (_, i) => Math.floor(activitiesAfter / updates) + (i < activitiesAfter % updates ? 1 : 0),
  );
  return { activitiesAtStart, activitiesPerUpdate: perUpdate };
}

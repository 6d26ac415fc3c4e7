import type { BenchContext } from '../benchContext.js';
import { benchPostInput, startPost } from '../benchPosts.js';
import type { Figure } from '../figures.js';
import { inPool, timed, until } from '../measure.js';

/** 1. Post starts per second against starts of an empty workflow, same concurrency, same worker. */
export async function startsBenchmark(context: BenchContext): Promise<Figure[]> {
  const { client, config, runId, quick } = context;
  const count = quick ? 40 : 500;
  const concurrency = 32;
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const indexes = Array.from({ length: count }, (_, i) => i);

  const bareSeconds = await timed(() =>
    inPool(indexes, concurrency, (i) =>
      client.workflow.start('emptyWorkflow', { taskQueue, workflowId: `${runId}-empty-${i}` }),
    ),
  );
  const postSeconds = await timed(() =>
    inPool(indexes, concurrency, (i) =>
      startPost(client, taskQueue, benchPostInput(`${runId}-start`, i, `Starts ${runId}`)),
    ),
  );
  // Let the worker finish the posts' first steps, so the next benchmark starts from a quiet server.
  await until(
    async () =>
      (await client.workflow.count(`ServiceArea = 'Starts ${runId}' AND PostStage = 'awaiting-approval'`))
        .count >= count,
    1_800_000,
    'the started posts to await approval',
    1000,
  );
  const product = count / postSeconds;
  const baseline = count / bareSeconds;
  return [
    {
      bench: '1. starts',
      measure: `post workflow starts per second (${count}, ${concurrency} at a time)`,
      product,
      baseline,
      unit: 'starts/s',
      ratio: product / baseline,
      ratioMeaning: 'share of bare starts/s',
      goal: { text: '≥ 0.9', met: product / baseline >= 0.9 },
    },
  ];
}

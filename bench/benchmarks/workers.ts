import type { BenchContext } from '../benchContext.js';
import { benchPostInput, driveLifecycle, startPost } from '../benchPosts.js';
import type { Figure } from '../figures.js';
import { inPool, timed } from '../measure.js';

/**
 * 9. One worker process against two on the same task queue: whole post lifecycles per second, the
 * same posts and concurrency each time. Made for the cluster profile (`npm run bench -- --profile
 * cluster --only workers`), where a second worker is how the product grows; on one 2-core machine the
 * second worker shares the cores with Temporal's services and the brokers, which the ratio shows.
 */
export async function workersBenchmark(context: BenchContext): Promise<Figure[]> {
  const { client, config, runId, quick } = context;
  const count = quick ? 10 : 100;
  const concurrency = 32;
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const area = `Workers ${runId}`;
  const lifecycles = (label: string) =>
    timed(() =>
      inPool(
        Array.from({ length: count }, (_, i) => i),
        concurrency,
        async (i) =>
          driveLifecycle(
            client,
            await startPost(client, taskQueue, benchPostInput(`${runId}-${label}`, i, area)),
          ),
      ),
    );
  // Warm the first worker, then measure it alone; then with a second one beside it.
  await driveLifecycle(
    client,
    await startPost(client, taskQueue, benchPostInput(`${runId}-w-warm`, 0, area)),
  );
  const one = count / (await lifecycles('one'));
  await context.addWorker();
  const two = count / (await lifecycles('two'));
  return [
    {
      bench: '9. workers',
      measure: `posts proposal→filled per second with two worker processes (${count}, ${concurrency} at a time; ${context.profile} profile)`,
      product: two,
      baseline: one,
      unit: 'lifecycles/s',
      ratio: two / one,
      ratioMeaning: 'two workers ÷ one worker',
      note: 'baseline: the same lifecycles with one worker process, in the same run',
    },
  ];
}

import { percentile } from '../projections/percentile.js';

/** Runs `work` over every item with at most `concurrency` in flight; resolves when all are done. */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Seconds taken by `work`, by the monotonic clock. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

export interface Spread {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

export function spreadOf(values: readonly number[]): Spread {
  return {
    p50: percentile(values, 0.5) ?? Number.NaN,
    p95: percentile(values, 0.95) ?? Number.NaN,
    p99: percentile(values, 0.99) ?? Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    count: values.length,
  };
}

export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Waits until `done()` answers true, asking every `everyMillis`; fails after `timeoutMillis`. */
export async function until(
  done: () => Promise<boolean>,
  timeoutMillis: number,
  what: string,
  everyMillis = 200,
) {
  const deadline = Date.now() + timeoutMillis;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMillis);
  }
}

// The reproduction's workflows: nothing from the product, so an upstream report needs only this folder.
import { condition, defineSignal, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const addUpdate = defineUpdate<number, [number]>('add');
export const stopSignal = defineSignal('stop');

/** An entity taking many Updates with a synchronous handler, as the product's budget ledger did. */
export async function counterWorkflow(): Promise<number> {
  let total = 0;
  let stopped = false;
  setHandler(addUpdate, (amount: number) => {
    total += amount;
    return total;
  });
  setHandler(stopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
  return total;
}

/** Short workflows that keep the worker's small cache full, so the counters are evicted under load. */
export async function fillerWorkflow(): Promise<void> {
  await sleep(50);
}

import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from '../bareActivities.js';

/**
 * The baselines the benchmarks compare the product against: bare Temporal, with nothing of the
 * product in them, run by the same worker on the same server.
 */

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

/** One step of the bare lifecycle: runs its share of activities, then answers. */
export const bareStepUpdate = defineUpdate<number, [number]>('bareStep');

/** Starts and ends: the floor under every workflow start. */
export async function emptyWorkflow(): Promise<void> {}

export interface BarePlan {
  /** Activities run before the first Update (a post publishes PostProposed and reserves budget). */
  activitiesAtStart: number;
  /** Activities each Update runs, in order: as many entries as the lifecycle has Updates. */
  activitiesPerUpdate: number[];
}

/** A workflow with the same number of Updates and activities as a post's lifecycle, and nothing else. */
export async function bareLifecycleWorkflow(plan: BarePlan): Promise<number> {
  let steps = 0;
  let started = false;
  setHandler(bareStepUpdate, async (step) => {
    await condition(() => started);
    for (let i = 0; i < (plan.activitiesPerUpdate[step] ?? 0); i += 1) await noop();
    steps += 1;
    return steps;
  });
  for (let i = 0; i < plan.activitiesAtStart; i += 1) await noop();
  started = true;
  await condition(() => steps === plan.activitiesPerUpdate.length);
  return steps;
}

/** Waits until told: a bare open workflow, for the scale baseline. */
export async function bareWaitingWorkflow(): Promise<void> {
  await condition(() => false);
}

// Bundle entry of the route workflow tests: the route itself and a stand-in for its post.
import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import { type RouteProgress, routeProgressSignal } from '../../contract/routeMessages.js';

export { recruitmentRouteWorkflow } from '../../workflows/recruitmentRouteWorkflow.js';

export const receivedProgressQuery = defineQuery<RouteProgress[]>('receivedProgress');
export const finishSignal = defineSignal('finish');

/** A post that only records what its route tells it, and completes when told. */
export async function fakePostWorkflow(): Promise<RouteProgress[]> {
  const received: RouteProgress[] = [];
  let finished = false;
  setHandler(routeProgressSignal, (progress) => {
    received.push(progress);
  });
  setHandler(receivedProgressQuery, () => received);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return received;
}

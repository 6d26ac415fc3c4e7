import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../observability/workerMetrics.js';
import { findStuckWorkflows, type StuckWorkflow, watchedWorkflowTypes } from '../temporal/stuckWorkflows.js';

/**
 * Looks for stuck entity workflows every `everyMillis` and reports each one: an error-level log line
 * naming it, and the `council_posts_stuck_workflows` gauge by type. A ledger whose tasks never
 * complete leaves every post that asks it waiting in the budget check; this says which ledger.
 */
export function watchForStuckWorkflows(
  client: Client,
  log: Logger,
  metrics: WorkerMetrics,
  { everyMillis = 60_000, types = watchedWorkflowTypes }: { everyMillis?: number; types?: string[] } = {},
): { sweep(): Promise<StuckWorkflow[]>; stop(): void } {
  const sweep = async (): Promise<StuckWorkflow[]> => {
    const stuck = await findStuckWorkflows(client, { types });
    for (const type of types) {
      metrics.stuckWorkflows.set(
        { workflow_type: type },
        stuck.filter((s) => s.workflowType === type).length,
      );
    }
    for (const workflow of stuck) {
      log.error(
        {
          workflowId: workflow.workflowId,
          runId: workflow.runId,
          workflowType: workflow.workflowType,
          attempt: workflow.attempt,
          since: workflow.since,
        },
        `workflow ${workflow.workflowId} is stuck: its workflow task has failed or timed out ${workflow.attempt - 1} times`,
      );
    }
    return stuck;
  };
  const sweepSafely = () => {
    sweep().catch((error: unknown) => log.warn({ err: error }, 'could not look for stuck workflows'));
  };
  const timer = setInterval(sweepSafely, everyMillis);
  setImmediate(sweepSafely);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}

import type { Client } from '@temporalio/client';

/** An open workflow whose workflow task keeps failing or timing out: it makes no progress. */
export interface StuckWorkflow {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** The pending workflow task's attempt: 1 is normal, each failure or timeout adds one. */
  attempt: number;
  /** When the first of these attempts was scheduled. */
  since?: string | undefined;
}

/**
 * The entity workflows many posts message at once, and so the ones a stuck task would hold up most:
 * the budget ledgers, the cap on international recruits and the proposals. Few, so each can be
 * described on every sweep.
 */
export const watchedWorkflowTypes = [
  'budgetAllocationWorkflow',
  'internationalCapWorkflow',
  'proposalWorkflow',
];

/**
 * Finds running workflows of the given types whose pending workflow task has been attempted at least
 * `minAttempt` times. Temporal 1.29's visibility has no field for this, so each is described.
 */
export async function findStuckWorkflows(
  client: Client,
  { types = watchedWorkflowTypes, minAttempt = 3 }: { types?: string[]; minAttempt?: number } = {},
): Promise<StuckWorkflow[]> {
  const query = `ExecutionStatus = 'Running' AND WorkflowType IN (${types.map((t) => `'${t}'`).join(', ')})`;
  const stuck: StuckWorkflow[] = [];
  for await (const execution of client.workflow.list({ query })) {
    const pending = await pendingWorkflowTask(client, execution.workflowId, execution.runId);
    if (pending.attempt >= minAttempt) {
      stuck.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        workflowType: execution.type,
        ...pending,
      });
    }
  }
  return stuck;
}

/**
 * One workflow's pending workflow task: its attempt (0 when none is pending, or the workflow cannot be
 * described) and when its first attempt was scheduled.
 */
export async function pendingWorkflowTask(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<Pick<StuckWorkflow, 'attempt' | 'since'>> {
  const description = await client.workflow
    .getHandle(workflowId, runId)
    .describe()
    .catch(() => undefined);
  const pending = description?.raw.pendingWorkflowTask;
  const scheduled = pending?.originalScheduledTime?.seconds;
  return {
    attempt: pending?.attempt ?? 0,
    since: scheduled ? new Date(Number(scheduled) * 1000).toISOString() : undefined,
  };
}

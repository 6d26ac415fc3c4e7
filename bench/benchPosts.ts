import type { Client, WorkflowHandle } from '@temporalio/client';
import { commandFailure } from '../contract/failureTypes.js';
import { postCommandUpdate, postViewQuery } from '../contract/postMessages.js';
import { routeCommandUpdate } from '../contract/routeMessages.js';
import { workflowIds } from '../contract/workflowIds.js';
import { addWorkingDays, londonDateOf } from '../domain/workingDays.js';
import type { Actor } from '../schemas/common.js';
import { type PostWorkflowInput, postWorkflowInput } from '../schemas/postWorkflowInput.js';
import { sleep } from './measure.js';

const hr: Actor = { id: 'hr.sam', role: 'hr' };
const director: Actor = { id: 'director.julie', role: 'director' };

/** How many posts share one budget allocation, as the posts of one proposal do. */
export const postsPerProposal = 50;

/**
 * The i-th bench post: a Social Worker (PO3, £50,000 a year) of proposal i / 50, whose 50 posts share
 * one allocation held by one budget workflow, as a real proposal's do.
 */
export function benchPostInput(prefix: string, i: number, serviceArea: string): PostWorkflowInput {
  const proposalId = `${prefix}-p${Math.floor(i / postsPerProposal)}`;
  return {
    postId: `${prefix}-${i}`,
    proposalId,
    details: { serviceArea, jobTitle: 'Social Worker', grade: 'PO3', annualCostPence: 5_000_000, fte: 1 },
    proposedBy: hr,
    decisionMaker: director.id,
    deputy: 'deputy.farrah',
    openForCallIn: false,
    funding: {
      source: 'allocation',
      budgetWorkflowId: workflowIds.budget(proposalId),
      allocationPence: 500_000_000,
    },
    internationalCap: { workflowId: `${prefix}.international-cap`, cap: 20, alreadyRecruited: 13 },
  };
}

export function startPost(client: Client, taskQueue: string, input: PostWorkflowInput) {
  // Parsed at the edge, as PostService does: the workflow runs with what its history records.
  const args = [postWorkflowInput.parse(input)];
  return client.workflow.start('postWorkflow', { args, taskQueue, workflowId: input.postId });
}

/** Commands driveLifecycle sent again after a "try again" refusal, since the process started. */
export const refusedTryAgain = { count: 0 };

/** The Updates of the shortest real lifecycle on a server without time-skipping (no advert timer). */
export const lifecycleUpdates = 6;

/**
 * Proposal to filled through Updates, as the HTTP API drives it: approve, three consultation
 * responses, the Step Up route, the trainee joining the cohort; then the post's result.
 */
export async function driveLifecycle(
  client: Client,
  post: WorkflowHandle,
  /** Gives up waiting for the budget check at this time (epoch ms); without it, waits as long as it takes. */
  deadline = Number.POSITIVE_INFINITY,
): Promise<unknown> {
  // A director sees the post once its budget is checked: until then there is nothing to decide.
  // (A query can time out while the worker is saturated: ask again.)
  while ((await post.query(postViewQuery).catch(() => undefined))?.stage !== 'awaiting-approval') {
    if (Date.now() > deadline) throw new Error(`${post.workflowId} did not reach the director in time`);
    await sleep(10);
  }
  const command = async (args: object): Promise<unknown> => {
    // A command that meets another still being carried out is refused as Busy (409, Retry-After), and a
    // client tries again: under heavy eviction an approval can arrive in the same workflow task as the
    // budget ledger's answer, and the validator runs before the post has moved on from it.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await post.executeUpdate(postCommandUpdate, { args: [args as never] });
      } catch (error) {
        const busy = (error as { cause?: { type?: string } }).cause?.type === commandFailure.Busy;
        if (!busy || attempt === 20) throw error;
        refusedTryAgain.count += 1;
        await sleep(50 * attempt);
      }
    }
  };
  await command({ type: 'decide', actor: director, decision: 'approve', reason: 'Within the allocation' });
  for (const [id, role, party] of [
    ['union.unison', 'union', 'union'],
    ['cllr.venner', 'executive-member', 'executive-member'],
    ['equality.lead', 'equality-lead', 'equality'],
  ] as const) {
    await command({
      type: 'record-consultation',
      actor: { id, role },
      party,
      outcome: 'no-concerns',
      summary: 'None',
    });
  }
  await command({ type: 'start-route', actor: hr, route: 'step-up', reason: 'Trainee from the cohort' });
  await client.workflow.getHandle(workflowIds.route(post.workflowId)).executeUpdate(routeCommandUpdate, {
    args: [
      {
        type: 'join-step-up-cohort',
        actor: hr,
        traineeRef: 'emp-5521',
        cohort: 'Step Up 9',
        startsOn: addWorkingDays(londonDateOf(Date.now()), 10),
      },
    ],
  });
  return post.result();
}

import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PostActivities } from '../activities/createActivities.js';
import { instantAfterWorkingDays, londonDateOf, workingDaysBetween } from '../domain/workingDays.js';
import { systemActor } from '../schemas/common.js';
import { type DecideCommand, decideCommand } from '../schemas/postCommands.js';
import { type PostWorkflowInput, postWorkflowInput } from '../schemas/postWorkflowInput.js';
import { postEvent } from './eventFactory.js';
import { decideUpdate, postViewQuery } from './postMessages.js';
import type { PostView } from './postView.js';

const { publishPostEvents } = proxyActivities<PostActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** One post, from proposal to decision. */
export async function postWorkflow(rawInput: PostWorkflowInput): Promise<PostView> {
  const input = postWorkflowInput.parse(rawInput);
  const ids = { postId: input.postId, proposalId: input.proposalId };
  const view: PostView = { ...ids, stage: 'awaiting-approval', remindersSent: 0, decisions: [] };

  setHandler(postViewQuery, () => view);

  let pending: DecideCommand | undefined;
  setHandler(
    decideUpdate,
    async (command) => {
      pending = command;
      await condition(() => view.stage !== 'awaiting-approval');
      return view;
    },
    {
      validator: (raw) => {
        const command = decideCommand.parse(raw);
        if (view.stage !== 'awaiting-approval' || pending) {
          throw ApplicationFailure.nonRetryable(
            `post ${input.postId} is ${view.stage}, not awaiting approval`,
          );
        }
        if (command.actor.role !== 'director') {
          throw ApplicationFailure.nonRetryable(`a ${command.actor.role} cannot decide on a post`);
        }
        if (command.actor.id === input.proposedBy.id) {
          throw ApplicationFailure.nonRetryable('the proposer of a post can never approve it');
        }
      },
    },
  );

  await publishPostEvents([
    postEvent(ids, 'PostProposed', input.proposedBy, {
      serviceArea: input.serviceArea,
      jobTitle: input.jobTitle,
      grade: input.grade,
      annualCostPence: input.annualCostPence,
      fte: input.fte,
    }),
  ]);

  const proposedAt = Date.now();
  const reminderAt = instantAfterWorkingDays(proposedAt, input.timings.reminderAfterWorkingDays);
  if (!(await condition(() => pending !== undefined, reminderAt - proposedAt))) {
    view.remindersSent += 1;
    await publishPostEvents([
      postEvent(ids, 'ApprovalReminderSent', systemActor, {
        to: 'director',
        workingDaysWaiting: workingDaysBetween(londonDateOf(proposedAt), londonDateOf(Date.now())),
      }),
    ]);
    await condition(() => pending !== undefined);
  }

  const decision = pending as DecideCommand;
  view.decisions.push({
    decision: decision.decision,
    actor: decision.actor,
    authority: 'director',
    reason: decision.reason,
    at: new Date().toISOString(),
  });
  await publishPostEvents([postEvent(ids, 'PostApproved', decision.actor, { reason: decision.reason })]);
  view.stage = 'approved';
  return view;
}

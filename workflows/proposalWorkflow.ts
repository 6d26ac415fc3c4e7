import {
  ApplicationFailure,
  allHandlersFinished,
  type ChildWorkflowHandle,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { commandFailure } from '../contract/failureTypes.js';
import { closeLedgerSignal } from '../contract/ledgerMessages.js';
import {
  amendProposalUpdate,
  openingProposalView,
  type ProposalAmendment,
  type ProposalView,
  proposalViewQuery,
} from '../contract/proposalMessages.js';
import { formatPence } from '../domain/money.js';
import { withProposalDefaults } from '../domain/postInputDefaults.js';
import { registrationBodyFor } from '../domain/professionalRegistration.js';
import { type PostSpec, postsFromLines, proposalTotals } from '../domain/proposalPosts.js';
import type { PostLine } from '../schemas/postWorkflowInput.js';
import type { ProposalWorkflowSettings } from '../schemas/proposal.js';
import { postWorkflow } from './postWorkflow.js';
import { workflowInstant } from './workflowClock.js';

/**
 * What the allocation has left for new lines: the allocation less the cost of every post that has
 * not been rejected or withdrawn (a post held short still counts: it may yet be revised to fit).
 */
function allocationLeft(view: ProposalView): number {
  const promised = view.posts
    .filter((post) => post.outcome !== 'rejected' && post.outcome !== 'withdrawn')
    .reduce((sum, post) => sum + post.annualCostPence, 0);
  return view.allocationPence - promised;
}

/** Why an amendment cannot be taken (its shape was checked at the edge; this guards the workflow). */
function amendmentProblem(
  amendment: ProposalAmendment,
  open: number,
  view: ProposalView,
): string | undefined {
  if (open === 0) return 'every post of this proposal has ended: make a new proposal';
  if (amendment.actor?.role !== 'hr') return 'only HR amends a proposal';
  if (!Array.isArray(amendment.lines) || amendment.lines.length === 0)
    return 'an amendment adds at least one line';
  if (typeof amendment.reason !== 'string' || amendment.reason.trim() === '')
    return 'an amendment needs a reason';
  const cost = proposalTotals(amendment.lines).costPence;
  const left = allocationLeft(view);
  if (cost > left) {
    return `the new lines cost ${formatPence(cost)} a year but only ${formatPence(left)} of the allocation is left`;
  }
  return undefined;
}

/**
 * A proposal (the report): one post workflow per position its lines ask for, all reserving against
 * one budget allocation. HR may add lines while it runs (an amendment, with who and why). It follows
 * its posts to their ends and then closes the allocation.
 */
export async function proposalWorkflow(recorded: ProposalWorkflowSettings): Promise<ProposalView> {
  // PostService parses the proposal and fills its defaults before the start; older histories lack them.
  const { proposal, internationalCap, approvalPolicyVersion } = withProposalDefaults(recorded);
  const posts = postsFromLines(proposal.proposalId, proposal.lines);
  const view = openingProposalView(proposal, posts);
  const lines: PostLine[] = [...proposal.lines];
  const { budgetWorkflowId } = view;
  let open = 0;
  setHandler(proposalViewQuery, () => view);

  /** Follows a post to its end and counts how it ended. */
  const follow = async (handle: ChildWorkflowHandle<typeof postWorkflow>, index: number) => {
    open += 1;
    try {
      const ended = await handle.result();
      const summary = view.posts[index];
      if (summary) summary.outcome = ended.stage;
      if (ended.stage === 'filled' || ended.stage === 'rejected' || ended.stage === 'withdrawn') {
        view.ended[ended.stage] += 1;
      }
    } finally {
      open -= 1;
    }
  };

  const startPosts = async (specs: PostSpec[], firstIndex: number) => {
    const handles = await Promise.all(
      specs.map((post) =>
        startChild(postWorkflow, {
          workflowId: post.postId,
          // A post is durable on its own: it lives on if the proposal's workflow is ever terminated.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              postId: post.postId,
              proposalId: proposal.proposalId,
              proposalTitle: proposal.title,
              details: post.details,
              proposedBy: proposal.author,
              decisionMaker: proposal.decisionMaker,
              deputy: proposal.deputy,
              openForCallIn: proposal.openForCallIn,
              confidential: proposal.confidential,
              funding: { source: 'allocation', budgetWorkflowId, allocationPence: proposal.allocationPence },
              internationalCap,
              registrationBody: registrationBodyFor(post.details.jobTitle),
              timings: proposal.timings,
              // Posts added by an amendment record it too: the version the proposal started under.
              ...(approvalPolicyVersion === undefined ? {} : { approvalPolicyVersion }),
            },
          ],
        }),
      ),
    );
    handles.forEach((handle, offset) => {
      void follow(handle, firstIndex + offset);
    });
  };

  setHandler(
    amendProposalUpdate,
    async (amendment) => {
      const added = postsFromLines(proposal.proposalId, amendment.lines, lines.length + 1);
      const firstIndex = view.posts.length;
      lines.push(...amendment.lines);
      view.posts.push(
        ...added.map((post) => ({
          postId: post.postId,
          lineNumber: post.lineNumber,
          jobTitle: post.details.jobTitle,
          grade: post.details.grade,
          annualCostPence: post.details.annualCostPence,
          fte: post.details.fte,
        })),
      );
      view.requested = proposalTotals(lines);
      view.amendments = [
        ...(view.amendments ?? []),
        {
          by: amendment.actor,
          at: workflowInstant(),
          reason: amendment.reason,
          postIds: added.map((post) => post.postId),
        },
      ];
      await startPosts(added, firstIndex);
      return view;
    },
    {
      validator: (amendment) => {
        const problem = amendmentProblem(amendment, open, view);
        if (problem) throw ApplicationFailure.nonRetryable(problem, commandFailure.Conflict);
      },
    },
  );

  await startPosts(posts, 0);
  // Amendments may add posts until the last one ends: only then is the allocation closed.
  await condition(() => open === 0 && allHandlersFinished());
  await getExternalWorkflowHandle(budgetWorkflowId).signal(closeLedgerSignal);
  return view;
}

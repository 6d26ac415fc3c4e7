import { getExternalWorkflowHandle, ParentClosePolicy, setHandler, startChild } from '@temporalio/workflow';
import { registrationBodyFor } from '../domain/professionalRegistration.js';
import { postsFromLines } from '../domain/proposalPosts.js';
import { type ProposalWorkflowInput, proposalWorkflowInput } from '../schemas/proposal.js';
import { closeLedgerSignal } from './ledgerMessages.js';
import { postWorkflow } from './postWorkflow.js';
import { openingProposalView, type ProposalView, proposalViewQuery } from './proposalMessages.js';

/**
 * A proposal (the report): one post workflow per position its lines ask for, all reserving against
 * one budget allocation. It follows its posts to their ends and then closes the allocation.
 */
export async function proposalWorkflow(rawInput: ProposalWorkflowInput): Promise<ProposalView> {
  const { proposal, internationalCap } = proposalWorkflowInput.parse(rawInput);
  const posts = postsFromLines(proposal.proposalId, proposal.lines);
  const view = openingProposalView(proposal, posts);
  const { budgetWorkflowId } = view;
  setHandler(proposalViewQuery, () => view);

  const handles = await Promise.all(
    posts.map((post) =>
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
          },
        ],
      }),
    ),
  );

  await Promise.all(
    handles.map(async (handle, index) => {
      const ended = await handle.result();
      const summary = view.posts[index];
      if (summary) summary.outcome = ended.stage;
      if (ended.stage === 'filled' || ended.stage === 'rejected' || ended.stage === 'withdrawn') {
        view.ended[ended.stage] += 1;
      }
    }),
  );
  await getExternalWorkflowHandle(budgetWorkflowId).signal(closeLedgerSignal);
  return view;
}

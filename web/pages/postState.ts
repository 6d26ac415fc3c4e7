import type { PostView } from '../../contract/postView.js';
import { finalStages, type PostRuleState } from '../../domain/postRules.js';
import type { PostCommandType } from '../../schemas/postCommands.js';
import type { PostService } from '../../temporal/postService.js';
import type { SignedInUser } from '../auth/user.js';

/**
 * The rules' picture of a post from its view, for choices within a form (which recruitment routes
 * may start now). Which forms a page offers comes from the workflow itself (`commandsFor`), and the
 * workflow checks every command again.
 */
export function ruleStateFromView(view: PostView): PostRuleState {
  const consultation: PostRuleState['consultation'] = {};
  for (const [party, response] of Object.entries(view.consultation)) {
    if (response) consultation[party as keyof typeof consultation] = response.outcome;
  }
  return {
    stage: view.stage,
    proposedBy: view.proposedBy,
    decisionMaker: view.decisionMaker,
    deputy: view.deputy,
    namedDecisionMaker: true,
    escalated: view.escalated,
    delegations: view.delegations,
    consultation,
    adverts: view.adverts.count,
    maxReadverts: view.maxReadverts,
    agencyCoverActive: view.agencyCover !== undefined,
    busy: false,
  };
}

/** The commands this person may send now: the workflow's own answer (its rules, its clock). */
export function commandsFor(
  posts: PostService,
  view: PostView,
  user: SignedInUser,
): Promise<PostCommandType[]> {
  // A closed post takes no commands (and its workflow may be gone after retention).
  if (finalStages.includes(view.stage)) return Promise.resolve([]);
  return posts.availableCommandsFor(view.postId, user, view);
}

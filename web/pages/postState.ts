import type { AvailableCommands } from '../../contract/postMessages.js';
import type { PostView } from '../../contract/postView.js';
import { finalStages } from '../../domain/postRules.js';
import type { PostService } from '../../temporal/postService.js';
import type { SignedInUser } from '../auth/user.js';

/**
 * What this person may do to the post now, and the routes they may start: the workflow's own answer
 * (its rules, its clock), which its validator checks again when a command arrives.
 */
export function commandsFor(
  posts: PostService,
  view: PostView,
  user: SignedInUser,
): Promise<AvailableCommands> {
  // A closed post takes no commands (and its workflow may be gone after retention).
  if (finalStages.includes(view.stage)) return Promise.resolve({ commands: [], routes: [] });
  return posts.availableCommandsFor(view.postId, user, view);
}

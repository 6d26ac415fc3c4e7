import type { Actor } from '../schemas/common.js';
import { explainIssues } from '../schemas/parseOrExplain.js';
import { decideCommand, type PostCommandOf } from '../schemas/postCommands.js';
import type { PostService } from '../temporal/postService.js';
import { demoUser, demoUsers } from '../web/auth/demoUsers.js';
import type { PostView } from '../workflows/postView.js';
import { UsageError } from './errors.js';
import { formatFields } from './format.js';

export const decisions = ['approve', 'reject', 'send-back'] as const;
export type Decision = (typeof decisions)[number];

/** The demo user the CLI acts as, with the role the demo directory gives them. */
export function demoActor(userId: string): Actor {
  const user = demoUser(userId);
  if (!user) {
    throw new UsageError(
      `unknown user ${userId}: expected one of ${demoUsers.map((known) => known.id).join(', ')}`,
    );
  }
  return { id: user.id, role: user.role };
}

export interface DecideRequest {
  postId: string;
  decision: Decision;
  userId: string;
  reason: string;
  idempotencyKey: string;
}

/** Builds the decide command, refusing unknown users and a missing reason before anything is sent. */
export function decideCommandFor(request: DecideRequest): PostCommandOf<'decide'> {
  const parsed = decideCommand.safeParse({
    type: 'decide',
    actor: demoActor(request.userId),
    decision: request.decision,
    reason: request.reason,
  });
  if (!parsed.success) throw new UsageError(explainIssues(parsed.error));
  return parsed.data;
}

/** Sends the decision; the workflow checks the actor's authority again and may refuse (CommandRefused). */
export async function decidePost(
  service: Pick<PostService, 'postCommand'>,
  request: DecideRequest,
  print: (line: string) => void,
): Promise<PostView> {
  const command = decideCommandFor(request);
  const view = await service.postCommand(request.postId, command, request.idempotencyKey);
  const authority = view.decisions.findLast((decision) => decision.actor.id === command.actor.id)?.authority;
  print(`Post ${view.postId}: ${request.decision} by ${command.actor.id} (${command.actor.role})`);
  for (const line of formatFields([
    ...(authority ? ([['authority', authority]] as [string, string][]) : []),
    ['stage', view.stage],
    ['waiting for', view.waitingFor],
    ['idempotency key', request.idempotencyKey],
  ])) {
    print(line);
  }
  return view;
}

import type { StaffDirectory } from '../directory/staffDirectory.js';
import type { Actor } from '../schemas/common.js';
import { explainIssues } from '../schemas/parseOrExplain.js';
import { decideCommand, type PostCommandOf } from '../schemas/postCommands.js';
import type { PostService } from '../temporal/postService.js';
import type { PostView } from '../workflows/postView.js';
import { UsageError } from './errors.js';
import { formatFields } from './format.js';

export const decisions = ['approve', 'reject', 'send-back'] as const;
export type Decision = (typeof decisions)[number];

/** The person the CLI acts as, in the role they decide in (a director's, else a deputy's). */
export function deciderActor(directory: StaffDirectory, userId: string): Actor {
  const person = directory.person(userId);
  if (!person) throw new UsageError(`no person with id ${userId} in the staff directory`);
  const role = person.roles.find((held) => held === 'director' || held === 'deputy');
  return { id: person.id, role: role ?? person.roles[0] ?? 'viewer' };
}

export interface DecideRequest {
  postId: string;
  decision: Decision;
  userId: string;
  reason: string;
  idempotencyKey: string;
}

/** Builds the decide command, refusing unknown users and a missing reason before anything is sent. */
export function decideCommandFor(directory: StaffDirectory, request: DecideRequest): PostCommandOf<'decide'> {
  const parsed = decideCommand.safeParse({
    type: 'decide',
    actor: deciderActor(directory, request.userId),
    decision: request.decision,
    reason: request.reason,
  });
  if (!parsed.success) throw new UsageError(explainIssues(parsed.error));
  return parsed.data;
}

/** Sends the decision; the workflow checks the actor's authority again and may refuse (CommandRefused). */
export async function decidePost(
  service: Pick<PostService, 'postCommand' | 'directory'>,
  request: DecideRequest,
  print: (line: string) => void,
): Promise<PostView> {
  const command = decideCommandFor(service.directory, request);
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

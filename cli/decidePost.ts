import type { PostView } from '../contract/postView.js';
import { explainIssues } from '../schemas/parseOrExplain.js';
import { decideCommand } from '../schemas/postCommands.js';
import type { CliService, Decision } from './apiService.js';
import { UsageError } from './errors.js';
import { formatFields } from './format.js';

export const decisions = ['approve', 'reject', 'send-back'] as const satisfies readonly Decision[];

export interface DecideRequest {
  postId: string;
  decision: Decision;
  reason: string;
  idempotencyKey: string;
}

/** The decision's body, refusing a missing reason before anything is sent. */
export function decideBodyFor(request: Pick<DecideRequest, 'decision' | 'reason'>) {
  const parsed = decideCommand
    .pick({ decision: true, reason: true })
    .safeParse({ decision: request.decision, reason: request.reason });
  if (!parsed.success) throw new UsageError(explainIssues(parsed.error));
  return parsed.data;
}

/**
 * Sends the decision as the signed-in person: the API sends it in the role they decide in (a
 * director's, else a deputy's) and the workflow checks their authority again; a refusal is an ApiRefusal.
 */
export async function decidePost(
  service: Pick<CliService, 'decide'>,
  signedIn: { userId: string },
  request: DecideRequest,
  print: (line: string) => void,
): Promise<PostView> {
  const body = decideBodyFor(request);
  const view = await service.decide(request.postId, body, request.idempotencyKey);
  const own = view.decisions.findLast((decision) => decision.actor.id === signedIn.userId);
  const by = own ? `${own.actor.id} (${own.actor.role})` : signedIn.userId;
  print(`Post ${view.postId}: ${request.decision} by ${by}`);
  for (const line of formatFields([
    ...(own?.authority ? ([['authority', own.authority]] as [string, string][]) : []),
    ['stage', view.stage],
    ['waiting for', view.waitingFor],
    ['idempotency key', request.idempotencyKey],
  ])) {
    print(line);
  }
  return view;
}

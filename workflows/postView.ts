import type { Actor } from '../schemas/common.js';

export type PostStage = 'awaiting-approval' | 'approved';

/** One recorded decision: who, when, on what authority, why. */
export interface DecisionRecord {
  decision: string;
  actor: Actor;
  authority: string;
  reason: string;
  at: string;
}

/** What a query returns: the post's current state and its decision history. */
export interface PostView {
  postId: string;
  proposalId: string;
  stage: PostStage;
  remindersSent: number;
  decisions: DecisionRecord[];
}

import { z } from 'zod';
import { actor } from './common.js';

/** Why a decision was taken is always recorded; a decision without a reason is refused. */
const reason = z.string().trim().min(1, 'a reason is required').max(5_000);

export const decideCommand = z.object({
  decision: z.literal('approve'),
  actor,
  reason,
});
export type DecideCommand = z.infer<typeof decideCommand>;

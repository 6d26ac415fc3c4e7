import type { CommandFailureType } from '../contract/failureTypes.js';
import type { RefusalReason } from './postService.js';

/** Every failure in the catalogue (contract/failureTypes.ts) mapped: adding one there without a status here does not compile. */
const reasonOfFailureType: Record<CommandFailureType, RefusalReason> = {
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  Busy: 'busy',
  InvalidCommand: 'invalid',
  InternationalCapReached: 'conflict',
};

/**
 * The SDK's own rejection of an Update the workflow has no handler for ("No registered handler"):
 * the id names a workflow that is not a post (a proposal, a budget ledger), so no such post.
 */
const sdkUnhandledUpdateType = 'Error';

export function refusalReasonOf(type: string | null | undefined): RefusalReason {
  if (type === sdkUnhandledUpdateType) return 'not-found';
  return Object.hasOwn(reasonOfFailureType, type ?? '')
    ? reasonOfFailureType[type as CommandFailureType]
    : 'conflict';
}

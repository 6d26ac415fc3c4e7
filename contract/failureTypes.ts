/**
 * The catalogue of failures a command's Update can end in (the `type` of the ApplicationFailure a
 * workflow throws), for the workflows that throw them and for PostService, which maps every one to
 * an HTTP status by this name and never by a message's wording.
 */
export const commandFailure = {
  /** The person may not give this command (role, authority, the named decision maker). */
  Forbidden: 'Forbidden',
  /** The post is not in a state for it (a stage, a closed advert, an ended route). */
  Conflict: 'Conflict',
  /** Another command to the post is still being carried out: the same command may be sent again. */
  Busy: 'Busy',
  /** The command is malformed where only the workflow can tell (its structural guard). */
  InvalidCommand: 'InvalidCommand',
  /** The cap on international recruits has no place left for this post. */
  InternationalCapReached: 'InternationalCapReached',
} as const;

export type CommandFailureType = (typeof commandFailure)[keyof typeof commandFailure];

/**
 * Failures the ledger workflows answer a post's request with; the post handles them and no command's
 * caller sees them.
 */
export const ledgerFailure = {
  LedgerClosed: 'LedgerClosed',
  LedgerRequestRejected: 'LedgerRequestRejected',
  InvalidLedgerRequest: 'InvalidLedgerRequest',
  /** A ledger started with input it cannot run on: the ledger workflow fails. */
  InvalidLedgerInput: 'InvalidLedgerInput',
} as const;

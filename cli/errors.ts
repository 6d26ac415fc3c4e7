/** The CLI's exit codes: 0 done, 1 refused or failed, 2 used wrongly (bad arguments, options or input). */
export const exitCode = { ok: 0, failed: 1, usage: 2 } as const;

/** The command was used wrongly; nothing was sent. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type RefusalReason = 'invalid' | 'forbidden' | 'not-found' | 'conflict';

/** The service refused the request (its role table or the workflow): exit code 1. */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** The saved token no longer signs anyone in (expired, revoked, or its person left). Exit code 1. */
export class NotSignedIn extends Error {
  override readonly name = 'NotSignedIn';
}

/** Nothing answered at the service's address. Exit code 1. */
export class ServiceUnreachable extends Error {
  override readonly name = 'ServiceUnreachable';
}

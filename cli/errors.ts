/** The CLI's exit codes: 0 done, 1 refused or failed, 2 used wrongly (bad arguments, options or input). */
export const exitCode = { ok: 0, failed: 1, usage: 2 } as const;

/** The command was used wrongly; nothing was sent. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The workflow's clock. Inside a workflow, Temporal's sandbox makes `Date` the time of the current
 * workflow task, the same on every replay; this is the one module that reads it, so a clock read is
 * easy to find and never spreads into domain/ (whose rules take the time as a parameter) or into code
 * that also runs outside the sandbox. tests/workflows/determinismRules.test.ts allows it nowhere else.
 */
export function workflowNow(): number {
  return Date.now();
}

/** The workflow clock as an ISO instant, for the times a post records. */
export function workflowInstant(): string {
  return new Date(workflowNow()).toISOString();
}

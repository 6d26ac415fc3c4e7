import type { z } from 'zod';

/** The issues of a failed parse as one line naming each field: `reason: a reason is required`. */
export function explainIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ');
}

export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** Parses a value or throws an InvalidInputError whose message names every field that is wrong. */
export function parseOrExplain<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(`invalid ${what}: ${explainIssues(result.error)}`);
  return result.data;
}

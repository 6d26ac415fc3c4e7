import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isoDate } from '../schemas/common.js';
import { personRef } from '../schemas/postCommands.js';

/**
 * The opaque reference that stands for a candidate everywhere outside the register: in commands,
 * workflow state and the events on Kafka. It says nothing about the person.
 */
export const candidateRef = personRef.regex(/^cand-/, 'expected a candidate ref such as cand-0042');
export type CandidateRef = z.infer<typeof candidateRef>;

/** A fresh random ref: never derived from the person, so it cannot be guessed back from them. */
export function newCandidateRef(): CandidateRef {
  return `cand-${randomBytes(8).toString('hex')}`;
}

/** A candidate's personal data: held only in the register, each record encrypted with its own key. */
export const candidateDetails = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email(),
    dateOfBirth: isoDate,
    phone: z.string().trim().min(1).max(40).optional(),
    address: z.string().trim().min(1).max(500).optional(),
    /** What the right-to-work check saw (document type, share code checked, expiry of leave). */
    rightToWorkNotes: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
export type CandidateDetails = z.infer<typeof candidateDetails>;

/** Thrown for details that do not fit the schema. Names each field, never its value: that is personal data. */
export class InvalidCandidateDetails extends Error {
  override readonly name = 'InvalidCandidateDetails';
}

export function parseCandidateDetails(details: unknown): CandidateDetails {
  const parsed = candidateDetails.safeParse(details);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'details'}: ${issue.message}`,
  );
  throw new InvalidCandidateDetails(`candidate details are not valid: ${problems.join('; ')}`);
}

import { z } from 'zod';
import { roles } from '../domain/roles.js';
import { timeOfDayPattern } from '../domain/workingDays.js';

/** Money is integer pence, never floating point. */
export const pence = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Full-time equivalent of one post: a whole post or a fraction such as 0.5. */
export const fte = z.number().gt(0).lte(1);

/** ISO calendar date, e.g. 2022-06-30. */
export const isoDate = z.iso.date();

/** ISO instant with an offset, e.g. 2022-06-30T09:00:00.000Z. */
export const isoInstant = z.iso.datetime({ offset: true });

/**
 * Text as a person means it: not empty, no space before or after. The pages trim what is typed; the
 * API refuses outer spaces rather than silently changing what was sent, so that the OpenAPI document
 * (which shows the pattern) and the service agree on what is valid.
 */
export const text = (max: number, required = 'must not be empty') =>
  z
    .string()
    .min(1, { message: required, abort: true })
    // Spaces alone are no text: say it is required, not that it begins with a space.
    .regex(/\S/, { message: required, abort: true })
    .max(max)
    .regex(/^(?:\S(?:[\s\S]*\S)?)?$/, 'must not begin or end with a space');

/** A time of day on London's 24-hour clock, e.g. 17:00 for 5 pm. */
export const timeOfDay = z
  .string()
  .regex(timeOfDayPattern, 'expected a time of day such as 17:00 (24-hour clock)');

export const postId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'expected a post id');
export const proposalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'expected a proposal id');

export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** A user id of the council's directory, e.g. director.julie: also where notifications go. */
export const userId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a user id such as director.julie');

/** Who did something. `system` is the workflow itself (timers, automatic steps). */
export const actor = z.object({
  id: userId,
  role,
});
export type Actor = z.infer<typeof actor>;

export { systemActor } from '../domain/roles.js';

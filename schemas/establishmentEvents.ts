import { z } from 'zod';
import { actor, isoDate, isoInstant } from './common.js';

/**
 * The service's establishment as the council counts it on a date: the posts it already had before
 * this system, and how many of them were vacant (the scrutiny minute: 71.5 vacancies in 500 FTE on
 * 30 June 2022). Posts created in this system are counted on top of it (projections/README.md).
 *
 * It travels on the post events topic so that the dashboards stay built from the stream alone, but it
 * is not a post's event: it has no post id, and its messages are keyed `establishment`.
 */
export const establishmentEventKey = 'establishment';

/** FTE in millionths at most, as the projection counts it (FTE_UNITS), so sums stay exact. */
function inMillionths(value: number): boolean {
  return Math.abs(value * 1_000_000 - Math.round(value * 1_000_000)) < 1e-6;
}

const serviceFte = z
  .number()
  .nonnegative()
  .max(1_000_000)
  .refine(inMillionths, 'Give the FTE to at most 6 decimal places, like 71.5');

/** One row of a baseline: the whole service, a service area, or one grade within a service area. */
export const baselineRow = z.object({
  /** Absent: the row is the whole service, not broken down by service area. */
  serviceArea: z.string().trim().min(1).max(200).optional(),
  /** Absent: all grades of the row's service area (or of the service). */
  grade: z.string().trim().min(1).max(20).optional(),
  establishmentFte: serviceFte,
  vacantFte: serviceFte,
});
export type BaselineRow = z.infer<typeof baselineRow>;

export const establishmentBaselineRecorded = z.object({
  /** Unique per event; consumers deduplicate on it. From the request's idempotency key over the API. */
  eventId: z.uuid(),
  type: z.literal('EstablishmentBaselineRecorded'),
  version: z.literal(1),
  occurredAt: isoInstant,
  /** Who recorded it: HR, finance or a director. */
  actor,
  data: z.looseObject({
    /** The date the figures describe (a London date). */
    asOf: isoDate,
    /** Where the figures come from, in words: "Scrutiny board minute, 30 June 2022". */
    source: z.string().trim().min(1).max(500).optional(),
    /** The whole establishment; a later baseline replaces an earlier one whole, never in part. */
    rows: z.array(z.looseObject(baselineRow.shape)).min(1).max(5_000),
  }),
});
export type EstablishmentBaselineRecorded = z.infer<typeof establishmentBaselineRecorded>;

export const establishmentEventSchemas = [establishmentBaselineRecorded] as const;
export type EstablishmentEvent = EstablishmentBaselineRecorded;

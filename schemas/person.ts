import { z } from 'zod';
import { isoDate, role, userId } from './common.js';

/** Every role a person can hold: all of the roles but the workflow's own `system`. */
export const personRole = role.exclude(['system'], {
  error:
    'Give each role as one of hr, director, deputy, union, executive-member, equality-lead, finance or viewer',
});
export type PersonRole = z.infer<typeof personRole>;

/** A service area as proposals name it ("Children's Social Work"); `*` means every service area. */
export const serviceAreaName = z.string().trim().min(1, 'Enter a service area').max(200);

/**
 * A person in the council's staff directory. Commands name people by id; the directory says who they
 * are, how to reach them, what roles they hold and for which service areas they act.
 */
export const person = z
  .object({
    id: userId,
    name: z.string().trim().min(1, 'Enter the person’s name').max(200),
    email: z.email('Enter an email address, such as julie.longworth@council.example'),
    roles: z.array(personRole).min(1, 'Give the person at least one role'),
    /** The service areas the person acts for; `*` for all. */
    serviceAreas: z.array(serviceAreaName).default([]),
    /** The service areas whose director this person is (a director's posts default to them). */
    directorOf: z.array(serviceAreaName).default([]),
    /** The directors this person deputises for: escalations and leave delegations go to them. */
    deputisesFor: z.array(userId).default([]),
    /** How the person wants notifications: each at once, or one digest a day. */
    notifications: z.enum(['immediate', 'daily-digest']).default('immediate'),
    /** Left the council or no longer uses the service: kept for the record, never named again. */
    active: z.boolean().default(true),
  })
  .strict();
export type Person = z.infer<typeof person>;
export type PersonInput = z.input<typeof person>;

/**
 * A director's decisions handed to a deputy for a period of leave: all of them, or one service area's.
 * It starts and ends by itself; every decision taken under it records it as the authority.
 */
export const leaveDelegation = z
  .object({
    id: z.string().min(1).max(100),
    directorId: userId,
    deputyId: userId,
    /** First and last day (London dates), inclusive. */
    from: isoDate,
    to: isoDate,
    /** Only this service area's decisions; all of the director's when absent. */
    serviceArea: serviceAreaName.optional(),
    reason: z.string().trim().min(1).max(2000),
    createdBy: userId,
    createdAt: z.iso.datetime({ offset: true }),
    cancelledBy: userId.optional(),
    cancelledAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type LeaveDelegation = z.infer<typeof leaveDelegation>;

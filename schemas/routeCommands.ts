import { z } from 'zod';
import { registrationBodies } from '../domain/professionalRegistration.js';
import { preEmploymentChecks } from '../domain/routeSteps.js';
import { isoDate, pence, text } from './common.js';
import { command, personRef } from './postCommands.js';

/**
 * Commands of a recruitment route (a child workflow of the post). People are referenced by the HR
 * system's opaque references; no names, addresses or dates of birth ever enter a workflow or event.
 */
export const shortlistCommand = command('shortlist', { candidateRefs: z.array(personRef).min(1).max(200) });

export const recordInterviewCommand = command('record-interview', {
  candidateRef: personRef,
  outcome: z.enum(['appointable', 'not-appointable']),
});

export const makeOfferCommand = command('make-offer', { candidateRef: personRef });

export const recordOfferResponseCommand = command('record-offer-response', {
  candidateRef: personRef,
  response: z.enum(['accepted', 'declined']),
});

export const preEmploymentCheck = z.enum(preEmploymentChecks);
export type PreEmploymentCheck = z.infer<typeof preEmploymentCheck>;

export const recordCheckCommand = command('record-check', {
  check: preEmploymentCheck,
  outcome: z.enum(['clear', 'failed']),
  /** Social Work England for social workers, HCPC for occupational therapists. */
  registrationBody: z.enum(registrationBodies).optional(),
});

// International route: sponsorship, visa, overseas registration, relocation.
export const assignSponsorshipCommand = command('assign-certificate-of-sponsorship', {
  certificateRef: personRef,
});
export const recordVisaCommand = command('record-visa-decision', { outcome: z.enum(['granted', 'refused']) });
export const confirmOverseasRegistrationCommand = command('confirm-overseas-registration', {
  registrationRef: personRef,
});
export const recordArrivalCommand = command('record-arrival', { arrivedOn: isoDate });

// Apprenticeship and Step Up: a known person joins a programme.
export const enrolApprenticeCommand = command('enrol-apprentice', {
  employeeRef: personRef,
  provider: text(200),
  startsOn: isoDate,
  expectedQualificationOn: isoDate,
}).refine((value) => value.expectedQualificationOn > value.startsOn, {
  path: ['expectedQualificationOn'],
  message: 'must be after startsOn',
});
export const recordQualificationCommand = command('record-qualification', { qualifiedOn: isoDate });
export const joinStepUpCohortCommand = command('join-step-up-cohort', {
  traineeRef: personRef,
  cohort: text(100),
  startsOn: isoDate,
});

/** The post the appointee of an internal appointment leaves behind: it is backfilled automatically. */
export const vacatedPost = z.object({
  postRef: personRef,
  serviceArea: text(200),
  jobTitle: text(200),
  grade: text(20),
  annualCostPence: pence,
  fte: z.number().gt(0).lte(1),
});
export type VacatedPost = z.infer<typeof vacatedPost>;

export const confirmStartCommand = command('confirm-start', {
  personRef,
  startsOn: isoDate,
  vacatedPost: vacatedPost.optional(),
});

/** Ends a selection route without an appointment (nobody appointable is left): the post can re-advert. */
export const endUnfilledCommand = command('end-unfilled', {
  reason: text(5_000, 'a reason is required'),
});

export const routeCommand = z.discriminatedUnion('type', [
  shortlistCommand,
  recordInterviewCommand,
  makeOfferCommand,
  recordOfferResponseCommand,
  recordCheckCommand,
  assignSponsorshipCommand,
  recordVisaCommand,
  confirmOverseasRegistrationCommand,
  recordArrivalCommand,
  enrolApprenticeCommand,
  recordQualificationCommand,
  joinStepUpCohortCommand,
  confirmStartCommand,
  endUnfilledCommand,
]);
export type RouteCommand = z.infer<typeof routeCommand>;
export type RouteCommandType = RouteCommand['type'];

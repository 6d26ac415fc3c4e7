import { choice, date, type FormWords, money, number, reference, text } from './errorCatalogue.js';

/** The error catalogue's words for the fields of every post and route command form, by command. */

const reason = (what: string) => text('Reason', what, 5_000);
const fteUpToOne = (name: string, what: string) =>
  number('decimal', name, what, `${name} must be more than 0 and no more than 1, like 1 or 0.5`);
const candidate = (what: string) => reference('Candidate', what, 'cand-0042');

export const commandFieldWords: Record<string, FormWords> = {
  decide: {
    decision: choice('Your decision', 'Select whether you approve, reject or send back the post'),
    reason: reason('the reason for your decision'),
  },
  delegate: {
    delegateId: {
      kind: 'reference',
      name: 'Deputy',
      missing: 'Enter the user id of the deputy, like deputy.farrah',
      format: 'Enter the deputy’s user id, like deputy.farrah',
    },
    from: date('First day', 'the first day of the delegation'),
    to: date('Last day', 'the last day of the delegation', 'The last day must be on or after the first day'),
    reason: reason('the reason for the delegation'),
  },
  'record-consultation': {
    outcome: choice('Outcome', 'Select whether you have concerns'),
    summary: text('Summary', 'a summary of your response', 5_000),
  },
  revise: {
    jobTitle: text('Job title', 'the job title', 200),
    grade: text('Grade', 'the grade, like PO1', 20),
    fullTimeCost: money('Full-time annual cost', 'the full-time annual cost, like 46,000'),
    justification: text('Justification', 'the justification', 10_000),
    reason: reason('what you changed and why'),
  },
  'record-call-in': {
    board: text('Scrutiny board', 'the scrutiny board that called the decision in', 200),
    reason: reason('the reason for the call-in'),
  },
  'record-call-in-outcome': {
    outcome: choice('Outcome', 'Select the scrutiny board’s outcome'),
    reason: reason('the reason the board gave'),
  },
  'publish-advert': {
    channels: choice('Where it is advertised', 'Select where the advert is published'),
    opensOn: date('Opening date', 'the date the advert opens'),
    closesOn: date('Closing date', 'the closing date', 'The closing date must be after the opening date'),
    ringFence: choice('Who may apply', 'Select whether the advert is ring-fenced to internal applicants'),
  },
  'record-applications': {
    received: number(
      'whole',
      'Applications received',
      'how many applications were received',
      'Applications received must be between 0 and 100,000',
    ),
    suitable: number(
      'whole',
      'Suitable applicants',
      'how many applicants are suitable',
      'Suitable applicants must be between 0 and 100,000',
      'Suitable applicants cannot be more than applications received',
    ),
  },
  hold: { reason: reason('the reason for holding the post') },
  'start-route': {
    route: choice('Recruitment route', 'Select the recruitment route'),
    reason: reason('why this route is chosen'),
  },
  'start-agency-cover': {
    agencyRef: reference('Agency worker reference', 'the agency worker’s reference', 'agency-0042'),
    startsOn: date('Start of the cover', 'the date the cover starts'),
    weeklyCost: money('Weekly cost', 'the weekly cost'),
    fte: fteUpToOne('FTE covered', 'the FTE of the cover'),
  },
  'end-agency-cover': { endsOn: date('End of the cover', 'the date the cover ends') },
  withdraw: { reason: reason('the reason for withdrawing the post') },

  shortlist: {
    candidateRefs: {
      ...reference('Each candidate', 'the reference of at least one candidate', 'cand-0042'),
      name: 'Shortlisted candidates',
      format: 'Each candidate must be a reference like cand-0042, using only letters, numbers and hyphens',
    },
  },
  'record-interview': {
    candidateRef: candidate('the reference of the candidate interviewed'),
    outcome: choice('Outcome', 'Select whether the candidate is appointable'),
  },
  'make-offer': { candidateRef: candidate('the reference of the candidate offered the post') },
  'record-offer-response': {
    candidateRef: candidate('the reference of the candidate offered the post'),
    response: choice('Response', 'Select whether the offer was accepted'),
  },
  'record-check': {
    check: choice('Check', 'Select the check'),
    outcome: choice('Outcome', 'Select the outcome of the check'),
    registrationBody: choice('Register', 'Select the register the person is on'),
  },
  'assign-certificate-of-sponsorship': {
    certificateRef: reference(
      'Certificate of Sponsorship reference',
      'the certificate’s reference',
      'cos-2211',
    ),
  },
  'record-visa-decision': { outcome: choice('Visa decision', 'Select whether the visa was granted') },
  'confirm-overseas-registration': {
    registrationRef: reference('Registration reference', 'the registration reference', 'swe-81234'),
  },
  'record-arrival': { arrivedOn: date('Date of arrival', 'the date of arrival') },
  'enrol-apprentice': {
    employeeRef: reference('Employee reference', 'the employee’s reference', 'emp-1042'),
    provider: text('Apprenticeship provider', 'the apprenticeship provider', 200),
    startsOn: date('Start date', 'the start date'),
    expectedQualificationOn: date(
      'Expected qualification date',
      'the expected qualification date',
      'The expected qualification date must be after the start date',
    ),
  },
  'record-qualification': { qualifiedOn: date('Date of qualification', 'the date of qualification') },
  'join-step-up-cohort': {
    traineeRef: reference('Trainee reference', 'the trainee’s reference', 'trainee-0042'),
    cohort: text('Cohort', 'the cohort, like Cohort 8', 100),
    startsOn: date('Start date', 'the start date'),
  },
  'confirm-start': {
    personRef: reference('Person starting', 'the reference of the person starting', 'emp-1042'),
    startsOn: date('Start date', 'the start date'),
    vacatedPostRef: reference(
      'Reference of the vacated post',
      'the reference of the post the appointee leaves',
      'post-3310',
    ),
    vacatedServiceArea: text('Service area of the vacated post', 'the service area of the vacated post', 200),
    vacatedJobTitle: text('Job title of the vacated post', 'the job title of the vacated post', 200),
    vacatedGrade: text('Grade of the vacated post', 'the grade of the vacated post, like PO1', 20),
    vacatedAnnualCost: money('Annual cost of the vacated post', 'the annual cost of the vacated post'),
    vacatedFte: fteUpToOne('FTE of the vacated post', 'the FTE of the vacated post'),
  },
  'end-unfilled': { reason: reason('why the route ends without an appointment') },
};

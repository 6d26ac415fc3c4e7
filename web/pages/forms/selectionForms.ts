import {
  confirmStartCommand,
  endUnfilledCommand,
  makeOfferCommand,
  preEmploymentCheck,
  recordCheckCommand,
  recordInterviewCommand,
  recordOfferResponseCommand,
  shortlistCommand,
  vacatedPost,
} from '../../../schemas/routeCommands.js';
import { type CommandFormSpec, item, present } from '../commandForms.js';
import { dateInputValues, type FormReader, issuesToErrors } from '../formReader.js';
import { capitalise } from '../money.js';

/** Shortlist, interviews, offer, checks and start: the steps of a standard or internal route. */

export const shortlistForm: CommandFormSpec = {
  type: 'shortlist',
  family: 'selection',
  title: 'Shortlist candidates',
  success: 'The shortlist is recorded.',
  fields: ['candidateRefs'],
  schema: shortlistCommand,
  read: (reader) => ({
    candidateRefs: reader
      .text('candidateRefs')
      .split(/[\s,]+/)
      .filter(Boolean),
  }),
};

const candidateHint = (label: string, refs: readonly string[] | undefined) =>
  refs && refs.length > 0 ? `${label}: ${refs.join(', ')}` : '';

export const recordInterviewForm: CommandFormSpec = {
  type: 'record-interview',
  family: 'selection',
  title: 'Record an interview',
  success: 'The interview is recorded.',
  fields: ['candidateRef', 'outcome'],
  schema: recordInterviewCommand,
  read: (reader) => ({ candidateRef: reader.text('candidateRef'), outcome: reader.optionalText('outcome') }),
  options: ({ route }) => ({
    hint: candidateHint('Shortlisted', route?.shortlisted),
    outcomes: [item('appointable', 'Appointable'), item('not-appointable', 'Not appointable')],
  }),
};

export const makeOfferForm: CommandFormSpec = {
  type: 'make-offer',
  family: 'selection',
  title: 'Make an offer',
  success: 'The offer is recorded.',
  fields: ['candidateRef'],
  schema: makeOfferCommand,
  read: (reader) => ({ candidateRef: reader.text('candidateRef') }),
  defaults: ({ route }) => ({ candidateRef: route?.appointable[0] ?? '' }),
  options: ({ route }) => ({ hint: candidateHint('Appointable', route?.appointable) }),
};

export const recordOfferResponseForm: CommandFormSpec = {
  type: 'record-offer-response',
  family: 'selection',
  title: 'Record the response to the offer',
  success: 'The response to the offer is recorded.',
  fields: ['candidateRef', 'response'],
  schema: recordOfferResponseCommand,
  read: (reader) => ({
    candidateRef: reader.text('candidateRef'),
    response: reader.optionalText('response'),
  }),
  defaults: ({ route }) => ({ candidateRef: route?.offeredTo ?? '' }),
  options: () => ({ responses: [item('accepted', 'Accepted'), item('declined', 'Declined')] }),
};

export const checkNames: Record<string, string> = {
  references: 'References',
  'enhanced-dbs-barred-list': 'Enhanced DBS with barred list',
  'right-to-work': 'Right to work',
  'professional-registration': 'Professional registration',
};

export const recordCheckForm: CommandFormSpec = {
  type: 'record-check',
  family: 'selection',
  title: 'Record a pre-employment check',
  success: 'The check is recorded.',
  fields: ['check', 'outcome', 'registrationBody'],
  schema: recordCheckCommand,
  read: (reader) =>
    present({
      check: reader.optionalText('check'),
      outcome: reader.optionalText('outcome'),
      registrationBody: reader.optionalText('registrationBody'),
    }),
  options: ({ route }) => ({
    checks: preEmploymentCheck.options
      .filter((check) => route?.checks[check] !== 'clear')
      .map((check) => item(check, checkNames[check] ?? check)),
    outcomes: [item('clear', 'Clear'), item('failed', 'Failed', 'The offer is withdrawn')],
    registrationBodies: [
      item('social-work-england', 'Social Work England'),
      item('hcpc', 'Health and Care Professions Council (HCPC)'),
    ],
  }),
};

const vacatedFields = ['postRef', 'serviceArea', 'jobTitle', 'grade', 'annualCost', 'fte'] as const;
const vacatedName = (field: string) => `vacated${capitalise(field)}`;

/** The post an internal appointee leaves, when one is given: it is backfilled automatically. */
function readVacatedPost(reader: FormReader) {
  if (vacatedFields.every((field) => reader.text(vacatedName(field)) === '')) return undefined;
  const candidate = {
    postRef: reader.text(vacatedName('postRef')),
    serviceArea: reader.text(vacatedName('serviceArea')),
    jobTitle: reader.text(vacatedName('jobTitle')),
    grade: reader.text(vacatedName('grade')),
    annualCostPence: reader.pence(vacatedName('annualCost')),
    fte: reader.decimal(vacatedName('fte')),
  };
  const parsed = vacatedPost.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const fieldOf = (path: readonly PropertyKey[]) =>
    vacatedName(String(path[0]).replace('annualCostPence', 'annualCost'));
  issuesToErrors(parsed.error.issues, reader, candidate, fieldOf);
  return undefined;
}

export const confirmStartForm: CommandFormSpec = {
  type: 'confirm-start',
  family: 'selection',
  title: 'Confirm the start date',
  success: 'The start is confirmed: the post is filled.',
  fields: ['personRef', 'startsOn', ...vacatedFields.map(vacatedName)],
  dateFields: ['startsOn'],
  schema: confirmStartCommand,
  read: (reader) =>
    present({
      personRef: reader.text('personRef'),
      startsOn: reader.date('startsOn'),
      vacatedPost: readVacatedPost(reader),
    }),
  defaults: ({ route, today }) => ({
    personRef: route?.acceptedBy ?? '',
    ...dateInputValues('startsOn', today),
  }),
  options: ({ route }) => ({ internal: route?.route === 'internal' }),
};

export const endUnfilledForm: CommandFormSpec = {
  type: 'end-unfilled',
  family: 'selection',
  title: 'End the route without an appointment',
  success: 'The route has ended unfilled: the post can be re-advertised.',
  fields: ['reason'],
  schema: endUnfilledCommand,
  read: (reader) => ({ reason: reader.text('reason') }),
};

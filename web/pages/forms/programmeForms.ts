import {
  assignSponsorshipCommand,
  confirmOverseasRegistrationCommand,
  enrolApprenticeCommand,
  joinStepUpCohortCommand,
  recordArrivalCommand,
  recordQualificationCommand,
  recordVisaCommand,
} from '../../../schemas/routeCommands.js';
import { type CommandFormSpec, item } from '../commandForms.js';
import { dateInputValues } from '../formReader.js';

/** The steps of the international, apprenticeship and Step Up routes. */

export const assignSponsorshipForm: CommandFormSpec = {
  type: 'assign-certificate-of-sponsorship',
  family: 'programme',
  title: 'Assign a Certificate of Sponsorship',
  success: 'The Certificate of Sponsorship is recorded.',
  fields: ['certificateRef'],
  schema: assignSponsorshipCommand,
  read: (reader) => ({ certificateRef: reader.text('certificateRef') }),
};

export const recordVisaForm: CommandFormSpec = {
  type: 'record-visa-decision',
  family: 'programme',
  title: 'Record the Skilled Worker visa decision',
  success: 'The visa decision is recorded.',
  fields: ['outcome'],
  schema: recordVisaCommand,
  read: (reader) => ({ outcome: reader.optionalText('outcome') }),
  options: () => ({ outcomes: [item('granted', 'Granted'), item('refused', 'Refused')] }),
};

export const confirmOverseasRegistrationForm: CommandFormSpec = {
  type: 'confirm-overseas-registration',
  family: 'programme',
  title: 'Confirm registration with Social Work England',
  success: 'The registration is recorded.',
  fields: ['registrationRef'],
  schema: confirmOverseasRegistrationCommand,
  read: (reader) => ({ registrationRef: reader.text('registrationRef') }),
};

export const recordArrivalForm: CommandFormSpec = {
  type: 'record-arrival',
  family: 'programme',
  title: 'Record the arrival',
  success: 'The arrival is recorded.',
  fields: ['arrivedOn'],
  dateFields: ['arrivedOn'],
  schema: recordArrivalCommand,
  read: (reader) => ({ arrivedOn: reader.date('arrivedOn') }),
  defaults: ({ today }) => dateInputValues('arrivedOn', today),
};

export const enrolApprenticeForm: CommandFormSpec = {
  type: 'enrol-apprentice',
  family: 'programme',
  title: 'Enrol the apprentice',
  success: 'The apprentice is enrolled: the post is filled.',
  fields: ['employeeRef', 'provider', 'startsOn', 'expectedQualificationOn'],
  dateFields: ['startsOn', 'expectedQualificationOn'],
  schema: enrolApprenticeCommand,
  read: (reader) => ({
    employeeRef: reader.text('employeeRef'),
    provider: reader.text('provider'),
    startsOn: reader.date('startsOn'),
    expectedQualificationOn: reader.date('expectedQualificationOn'),
  }),
};

export const recordQualificationForm: CommandFormSpec = {
  type: 'record-qualification',
  family: 'programme',
  title: 'Record the qualification',
  success: 'The qualification is recorded.',
  fields: ['qualifiedOn'],
  dateFields: ['qualifiedOn'],
  schema: recordQualificationCommand,
  read: (reader) => ({ qualifiedOn: reader.date('qualifiedOn') }),
  defaults: ({ today }) => dateInputValues('qualifiedOn', today),
};

export const joinStepUpCohortForm: CommandFormSpec = {
  type: 'join-step-up-cohort',
  family: 'programme',
  title: 'Record joining a Step Up cohort',
  success: 'The trainee has joined the cohort: the post is filled.',
  fields: ['traineeRef', 'cohort', 'startsOn'],
  dateFields: ['startsOn'],
  schema: joinStepUpCohortCommand,
  read: (reader) => ({
    traineeRef: reader.text('traineeRef'),
    cohort: reader.text('cohort'),
    startsOn: reader.date('startsOn'),
  }),
};

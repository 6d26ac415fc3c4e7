import type { PostCommandType } from '../../schemas/postCommands.js';
import type { RouteCommandType } from '../../schemas/routeCommands.js';
import type { CommandFormSpec } from './commandForms.js';
import { recordCallInForm, recordCallInOutcomeForm } from './forms/callInForms.js';
import { recordConsultationForm } from './forms/consultationForms.js';
import { decideForm, delegateForm } from './forms/decisionForms.js';
import {
  endAgencyCoverForm,
  reviseForm,
  startAgencyCoverForm,
  withdrawForm,
} from './forms/postChangeForms.js';
import {
  assignSponsorshipForm,
  confirmOverseasRegistrationForm,
  enrolApprenticeForm,
  joinStepUpCohortForm,
  recordArrivalForm,
  recordQualificationForm,
  recordVisaForm,
} from './forms/programmeForms.js';
import {
  holdForm,
  publishAdvertForm,
  recordApplicationsForm,
  startRouteForm,
} from './forms/recruitmentForms.js';
import {
  confirmStartForm,
  endUnfilledForm,
  makeOfferForm,
  recordCheckForm,
  recordInterviewForm,
  recordOfferResponseForm,
  shortlistForm,
} from './forms/selectionForms.js';

/** Every post command's form, in the order a page shows them (the usual next step first, withdraw last). */
export const postCommandForms: Record<PostCommandType, CommandFormSpec> = {
  decide: decideForm,
  'record-consultation': recordConsultationForm,
  revise: reviseForm,
  'record-call-in': recordCallInForm,
  'record-call-in-outcome': recordCallInOutcomeForm,
  'publish-advert': publishAdvertForm,
  'record-applications': recordApplicationsForm,
  'start-route': startRouteForm,
  hold: holdForm,
  'start-agency-cover': startAgencyCoverForm,
  'end-agency-cover': endAgencyCoverForm,
  delegate: delegateForm,
  withdraw: withdrawForm,
};

/** Every recruitment route command's form, in the order of a route's steps. */
export const routeCommandForms: Record<RouteCommandType, CommandFormSpec> = {
  shortlist: shortlistForm,
  'record-interview': recordInterviewForm,
  'make-offer': makeOfferForm,
  'record-offer-response': recordOfferResponseForm,
  'record-check': recordCheckForm,
  'assign-certificate-of-sponsorship': assignSponsorshipForm,
  'record-visa-decision': recordVisaForm,
  'confirm-overseas-registration': confirmOverseasRegistrationForm,
  'record-arrival': recordArrivalForm,
  'enrol-apprentice': enrolApprenticeForm,
  'record-qualification': recordQualificationForm,
  'join-step-up-cohort': joinStepUpCohortForm,
  'confirm-start': confirmStartForm,
  'end-unfilled': endUnfilledForm,
};

export function postFormOf(type: string): CommandFormSpec | undefined {
  return Object.hasOwn(postCommandForms, type) ? postCommandForms[type as PostCommandType] : undefined;
}

export function routeFormOf(type: string): CommandFormSpec | undefined {
  return Object.hasOwn(routeCommandForms, type) ? routeCommandForms[type as RouteCommandType] : undefined;
}

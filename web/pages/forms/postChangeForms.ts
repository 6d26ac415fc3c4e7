import { fullTimeCostOf } from '../../../domain/proposalPosts.js';
import {
  endAgencyCoverCommand,
  reviseCommand,
  startAgencyCoverCommand,
  withdrawCommand,
} from '../../../schemas/postCommands.js';
import { type CommandFormSpec, present } from '../commandForms.js';
import { dateInputValues } from '../formReader.js';
import { penceAsPoundsInput } from '../money.js';

/** HR revises a post that was sent back or held for budget; it goes through the budget check again. */
export const reviseForm: CommandFormSpec = {
  type: 'revise',
  family: 'postChange',
  title: 'Revise the post',
  success: 'The post is revised and has gone through the budget check again.',
  fields: ['jobTitle', 'grade', 'fullTimeCost', 'justification', 'reason'],
  schema: reviseCommand,
  read: (reader) =>
    present({
      jobTitle: reader.optionalText('jobTitle'),
      grade: reader.optionalText('grade'),
      fullTimeAnnualCostPence: reader.optionalPence('fullTimeCost'),
      justification: reader.optionalText('justification'),
      reason: reader.text('reason'),
    }),
  defaults: ({ view }) => ({
    jobTitle: view.details.jobTitle,
    grade: view.details.grade,
    fullTimeCost: penceAsPoundsInput(fullTimeCostOf(view.details.annualCostPence, view.details.fte)),
    justification: view.details.justification ?? '',
  }),
  options: ({ view }) => ({
    shortfallPence: view.budget.shortfallPence,
    fte: view.details.fte,
    postCostPence: view.details.annualCostPence,
  }),
};

export const startAgencyCoverForm: CommandFormSpec = {
  type: 'start-agency-cover',
  family: 'postChange',
  title: 'Start agency cover',
  success: 'The agency cover is recorded.',
  fields: ['agencyRef', 'startsOn', 'weeklyCost', 'fte'],
  dateFields: ['startsOn'],
  schema: startAgencyCoverCommand,
  read: (reader) => ({
    agencyRef: reader.text('agencyRef'),
    startsOn: reader.date('startsOn'),
    weeklyCostPence: reader.pence('weeklyCost'),
    fte: reader.decimal('fte'),
  }),
  defaults: ({ today }) => ({ ...dateInputValues('startsOn', today), fte: '1' }),
};

export const endAgencyCoverForm: CommandFormSpec = {
  type: 'end-agency-cover',
  family: 'postChange',
  title: 'End agency cover',
  success: 'The end of the agency cover is recorded.',
  fields: ['endsOn'],
  dateFields: ['endsOn'],
  schema: endAgencyCoverCommand,
  read: (reader) => ({ endsOn: reader.date('endsOn') }),
  defaults: ({ today }) => dateInputValues('endsOn', today),
};

export const withdrawForm: CommandFormSpec = {
  type: 'withdraw',
  family: 'postChange',
  title: 'Withdraw the post',
  success: 'The post is withdrawn and its budget released.',
  fields: ['reason'],
  schema: withdrawCommand,
  read: (reader) => ({ reason: reader.text('reason') }),
  confirm: (command) => ({
    heading: 'Are you sure you want to withdraw this post?',
    warning: 'This cannot be undone. The post ends and its budget is released.',
    button: 'Yes, withdraw the post',
    details: [{ key: 'Reason', value: String(command.reason) }],
  }),
};

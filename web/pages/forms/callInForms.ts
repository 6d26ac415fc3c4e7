import { recordCallInCommand, recordCallInOutcomeCommand } from '../../../schemas/postCommands.js';
import { type CommandFormSpec, item } from '../commandForms.js';

/** A scrutiny board calls the decision in during the call-in period: the post waits for its outcome. */
export const recordCallInForm: CommandFormSpec = {
  type: 'record-call-in',
  family: 'callIn',
  title: 'Record a call-in',
  success: 'The call-in is recorded. The post waits for the scrutiny board’s outcome.',
  fields: ['board', 'reason'],
  schema: recordCallInCommand,
  read: (reader) => ({ board: reader.text('board'), reason: reader.text('reason') }),
};

export const recordCallInOutcomeForm: CommandFormSpec = {
  type: 'record-call-in-outcome',
  family: 'callIn',
  title: 'Record the call-in outcome',
  success: 'The call-in outcome is recorded.',
  fields: ['outcome', 'reason'],
  schema: recordCallInOutcomeCommand,
  read: (reader) => ({ outcome: reader.optionalText('outcome'), reason: reader.text('reason') }),
  options: () => ({
    outcomes: [
      item('decision-stands', 'The decision stands', 'The post goes on to recruitment'),
      item('decision-overturned', 'The decision is overturned', 'The post is rejected'),
    ],
  }),
};

import { decideCommand, delegateCommand } from '../../../schemas/postCommands.js';
import { type CommandFormSpec, item } from '../commandForms.js';
import { dateInputValues } from '../formReader.js';

/** The director's decision: approve, reject or send back, always with a reason. */
export const decideForm: CommandFormSpec = {
  type: 'decide',
  family: 'decision',
  title: 'Decide on this post',
  success: 'Your decision is recorded.',
  fields: ['decision', 'reason'],
  schema: decideCommand,
  read: (reader) => ({ decision: reader.optionalText('decision'), reason: reader.text('reason') }),
  confirm: (command) =>
    command.decision === 'reject'
      ? {
          heading: 'Are you sure you want to reject this post?',
          warning: 'This cannot be undone. The post ends and its budget is released.',
          button: 'Yes, reject the post',
          details: [{ key: 'Reason', value: String(command.reason) }],
        }
      : undefined,
  options: ({ view }) => ({
    decisions: [
      // A post held for budget cannot be approved until it is revised to fit.
      ...(view.stage === 'budget-held' ? [] : [item('approve', 'Approve')]),
      item(
        'send-back',
        'Send back for changes',
        'HR revises the post and it goes through the budget check again',
      ),
      item('reject', 'Reject', 'The post ends and its budget is released'),
    ],
  }),
};

/** The director lets a deputy decide for a window of dates. */
export const delegateForm: CommandFormSpec = {
  type: 'delegate',
  family: 'decision',
  title: 'Delegate decisions',
  success: 'The delegation is recorded.',
  fields: ['delegateId', 'from', 'to', 'reason'],
  dateFields: ['from', 'to'],
  schema: delegateCommand,
  read: (reader) => ({
    delegateId: reader.text('delegateId'),
    from: reader.date('from'),
    to: reader.date('to'),
    reason: reader.text('reason'),
  }),
  defaults: ({ today }) => dateInputValues('from', today),
  options: ({ deputies }) => ({ deputies }),
};

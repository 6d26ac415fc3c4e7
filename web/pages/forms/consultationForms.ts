import type { ConsultationParty } from '../../../schemas/postCommands.js';
import { recordConsultationCommand } from '../../../schemas/postCommands.js';
import { type CommandFormSpec, item } from '../commandForms.js';

const partyOfRole: Record<string, ConsultationParty> = {
  union: 'union',
  'executive-member': 'executive-member',
  'equality-lead': 'equality',
};

const wording: Record<ConsultationParty, { title: string; noConcerns: string; summary: string }> = {
  union: {
    title: 'Record the trade union consultation response',
    noConcerns: 'Welcomed: no concerns',
    summary: 'Summary of the union’s response',
  },
  'executive-member': {
    title: 'Record the Executive Member briefing',
    noConcerns: 'Briefed: no concerns',
    summary: 'Summary of the briefing',
  },
  equality: {
    title: 'Record the equality (EDCI) screening',
    noConcerns: 'Screened: no concerns',
    summary: 'Summary of the screening',
  },
};

export const partyOf = (role: string): ConsultationParty => partyOfRole[role] ?? 'union';

/** Trade union, Executive Member and equality lead: each records their own response once. */
export const recordConsultationForm: CommandFormSpec = {
  type: 'record-consultation',
  family: 'consultation',
  title: 'Record your consultation response',
  success: 'Your consultation response is recorded.',
  fields: ['outcome', 'summary'],
  messages: {
    outcome: 'Select whether you have concerns',
    summary: 'Enter a summary of your response',
  },
  schema: recordConsultationCommand,
  read: (reader, { user }) => ({
    party: partyOf(user.role),
    outcome: reader.optionalText('outcome'),
    summary: reader.text('summary'),
  }),
  options: ({ user }) => {
    const words = wording[partyOf(user.role)];
    return {
      heading: words.title,
      summaryLabel: words.summary,
      outcomes: [
        item('no-concerns', words.noConcerns),
        item('concerns-raised', 'Concerns raised', 'The post goes back to the director'),
      ],
    };
  },
};

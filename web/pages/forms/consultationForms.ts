import type { Role } from '../../../schemas/common.js';
import type { ConsultationParty } from '../../../schemas/postCommands.js';
import { recordConsultationCommand } from '../../../schemas/postCommands.js';
import type { SignedInUser } from '../../auth/user.js';
import { type CommandFormSpec, item } from '../commandForms.js';

const partyOfRole: Record<string, ConsultationParty> = {
  union: 'union',
  'executive-member': 'executive-member',
  'equality-lead': 'equality',
};

const partyRole: Record<ConsultationParty, Role> = {
  union: 'union',
  'executive-member': 'executive-member',
  equality: 'equality-lead',
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

/** The party a person answers for: the first of their roles that is a consultee's. */
export const partyOf = (user: SignedInUser): ConsultationParty =>
  user.roles.map((role) => partyOfRole[role]).find((party) => party !== undefined) ?? 'union';

/** Trade union, Executive Member and equality lead: each records their own response once. */
export const recordConsultationForm: CommandFormSpec = {
  type: 'record-consultation',
  family: 'consultation',
  title: 'Record your consultation response',
  success: 'Your consultation response is recorded.',
  fields: ['outcome', 'summary'],
  schema: recordConsultationCommand,
  actorRoles: ({ user }) => [partyRole[partyOf(user)]],
  read: (reader, { user }) => ({
    party: partyOf(user),
    outcome: reader.optionalText('outcome'),
    summary: reader.text('summary'),
  }),
  options: ({ user }) => {
    const words = wording[partyOf(user)];
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

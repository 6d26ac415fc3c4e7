import type { PostStage } from '../../domain/postRules.js';

/** A post's stage as a GOV.UK tag: the words people use, a colour for how it stands. */
const stageTags: Record<PostStage, { text: string; colour: string }> = {
  'budget-check': { text: 'Budget check', colour: 'grey' },
  'budget-held': { text: 'Budget held', colour: 'red' },
  'awaiting-approval': { text: 'Awaiting approval', colour: 'yellow' },
  'sent-back': { text: 'Sent back', colour: 'orange' },
  consultation: { text: 'Consultation', colour: 'light-blue' },
  'concerns-raised': { text: 'Concerns raised', colour: 'red' },
  'call-in-period': { text: 'Call-in period', colour: 'purple' },
  'called-in': { text: 'Called in', colour: 'pink' },
  'ready-to-recruit': { text: 'Ready to recruit', colour: 'turquoise' },
  advertised: { text: 'Advertised', colour: 'blue' },
  'awaiting-applications': { text: 'Awaiting applications', colour: 'blue' },
  'applicants-available': { text: 'Applicants available', colour: 'blue' },
  'no-suitable-applicants': { text: 'No suitable applicants', colour: 'orange' },
  held: { text: 'Held', colour: 'grey' },
  recruiting: { text: 'Recruiting', colour: 'blue' },
  filled: { text: 'Filled', colour: 'green' },
  rejected: { text: 'Rejected', colour: 'red' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
};

export interface StageTag {
  text: string;
  classes: string;
}

/** The tag of a stage; a stage not known here (or not yet published) is shown as it is. */
export function stageTag(stage: string): StageTag {
  const known = stageTags[stage as PostStage];
  if (!known) return { text: stage === '' ? 'Starting' : stage, classes: 'govuk-tag--grey' };
  return { text: known.text, classes: `govuk-tag--${known.colour}` };
}

import type { Phase } from '../../projections/stagesOverTime.js';

/** The phases of the posts by stage over time, in the words of docs/lifecycle.md. */
export const phaseNames: readonly { phase: Phase; name: string }[] = [
  { phase: 'approval', name: 'Approval' },
  { phase: 'consultation', name: 'Consultation and call-in' },
  { phase: 'recruitment', name: 'Recruitment' },
  { phase: 'held', name: 'Held' },
  { phase: 'filled', name: 'Filled' },
];

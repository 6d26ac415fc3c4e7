import type { Actor } from '../../schemas/common.js';
import type { PostWorkflowInput } from '../../schemas/postWorkflowInput.js';

export const hrOfficer: Actor = { id: 'hr.sam', role: 'hr' };
export const director: Actor = { id: 'director.julie', role: 'director' };

let counter = 0;

/** A Community Occupational Therapist post (PO1, £44,581) from the seed's cost table. */
export function occupationalTherapistPost(overrides: Partial<PostWorkflowInput> = {}): PostWorkflowInput {
  counter += 1;
  return {
    postId: `post-${Date.now()}-${counter}`,
    proposalId: 'proposal-ot-2022',
    serviceArea: 'Occupational Therapy',
    jobTitle: 'Community Occupational Therapist',
    grade: 'PO1',
    annualCostPence: 4_458_100,
    fte: 1,
    proposedBy: hrOfficer,
    ...overrides,
  };
}

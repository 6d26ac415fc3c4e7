import type { Actor } from '../../schemas/common.js';
import type { PostWorkflowInput } from '../../schemas/postWorkflowInput.js';

export const hrOfficer: Actor = { id: 'hr.sam', role: 'hr' };
export const director: Actor = { id: 'director.julie', role: 'director' };
export const deputy: Actor = { id: 'deputy.farrah', role: 'deputy' };
export const unionRep: Actor = { id: 'union.unison', role: 'union' };
export const executiveMember: Actor = { id: 'cllr.venner', role: 'executive-member' };
export const equalityLead: Actor = { id: 'equality.lead', role: 'equality-lead' };

let counter = 0;

/** A unique id per test run, so tests sharing a server never collide. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/**
 * A Community Occupational Therapist post (PO1, £44,581) from the seed's cost table, against a
 * budget allocation of its own unless one is given.
 */
export function occupationalTherapistPost(overrides: Partial<PostWorkflowInput> = {}): PostWorkflowInput {
  const postId = overrides.postId ?? uniqueId('post');
  return {
    postId,
    proposalId: 'proposal-ot-2022',
    details: {
      serviceArea: 'Occupational Therapy',
      jobTitle: 'Community Occupational Therapist',
      grade: 'PO1',
      annualCostPence: 4_458_100,
      fte: 1,
    },
    proposedBy: hrOfficer,
    decisionMaker: director.id,
    deputy: deputy.id,
    openForCallIn: true,
    funding: { source: 'allocation', budgetWorkflowId: `${postId}.budget`, allocationPence: 150_000_000 },
    internationalCap: { workflowId: `${postId}.international-cap`, cap: 20, alreadyRecruited: 13 },
    registrationBody: 'hcpc',
    ...overrides,
  };
}

import type { SignedInUser } from './user.js';

/** Named demo users for the local sign-in page, one per role (the seed's people where it names them). */
export const demoUsers: readonly SignedInUser[] = [
  { id: 'hr.sam', name: 'Sam Okafor (HR business partner)', role: 'hr' },
  { id: 'director.julie', name: 'Julie Longworth (Director of Children and Families)', role: 'director' },
  { id: 'deputy.farrah', name: 'Farrah Khan (Deputy Director, Social Work)', role: 'deputy' },
  { id: 'union.unison', name: 'Union representative (UNISON)', role: 'union' },
  { id: 'cllr.venner', name: 'Cllr Venner (Executive Member)', role: 'executive-member' },
  { id: 'equality.lead', name: 'Equality lead (EDCI)', role: 'equality-lead' },
  { id: 'finance.officer', name: 'Chief Officer Financial Services', role: 'finance' },
  { id: 'viewer.pat', name: 'Pat (read only)', role: 'viewer' },
];

export function demoUser(id: string): SignedInUser | undefined {
  return demoUsers.find((user) => user.id === id);
}

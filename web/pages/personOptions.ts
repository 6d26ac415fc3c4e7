import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { PersonRole } from '../../schemas/person.js';

export interface PersonOption {
  value: string;
  text: string;
}

/**
 * The people a form offers for a role, from the staff directory, by name with their user id beside
 * it (two people may share a name): a person is chosen, never typed.
 */
export function personOptions(directory: StaffDirectory, role: PersonRole): PersonOption[] {
  return directory
    .withRole(role)
    .map((person) => ({ value: person.id, text: `${person.name} (${person.id})` }));
}

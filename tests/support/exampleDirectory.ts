import { readFileSync } from 'node:fs';
import { memoryDirectoryStore } from '../../directory/memoryDirectoryStore.js';
import { parseDirectory } from '../../directory/readDirectoryFile.js';
import { StaffDirectory } from '../../directory/staffDirectory.js';
import { repoRoot } from '../../infra/paths.js';
import type { Person } from '../../schemas/person.js';
import { signedInUserOf } from '../../web/auth/authentication.js';
import type { SignedInUser } from '../../web/auth/user.js';

/** The people of examples/directory.csv, as the local stack's directory starts. */
export function examplePeople(): Person[] {
  return parseDirectory(readFileSync(`${repoRoot}/examples/directory.csv`, 'utf8'), 'csv');
}

/** A staff directory in memory holding the example people (and any others a test adds). */
export function exampleDirectory(extra: Person[] = []): StaffDirectory {
  return new StaffDirectory(memoryDirectoryStore([...examplePeople(), ...extra]));
}

/** An example person as the web app sees them once signed in. */
export function exampleUser(id: string): SignedInUser {
  const person = examplePeople().find((one) => one.id === id);
  if (!person) throw new Error(`no example person ${id}`);
  return signedInUserOf(person);
}

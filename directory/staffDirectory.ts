import type { LeaveDelegation, Person, PersonRole } from '../schemas/person.js';

/**
 * Where the staff directory is kept: a file for the embedded default (directory/fileDirectoryStore.ts),
 * a database in production. Reads are synchronous from memory; writes are durable before they resolve.
 */
export interface DirectoryStore {
  people(): readonly Person[];
  leaveDelegations(): readonly LeaveDelegation[];
  /** Replaces the whole directory (an import); leave delegations are kept. */
  replacePeople(people: readonly Person[]): Promise<void>;
  /** Adds or updates one person (sign-in updates a person from their token's claims). */
  upsertPerson(person: Person): Promise<void>;
  addLeaveDelegation(delegation: LeaveDelegation): Promise<void>;
  cancelLeaveDelegation(id: string, by: string, at: string): Promise<LeaveDelegation | undefined>;
}

/** Why a named person cannot be used for a field, or undefined when they can. */
export type PersonProblem = string | undefined;

const covers = (areas: readonly string[], serviceArea: string) =>
  areas.includes('*') || areas.some((area) => area.toLowerCase() === serviceArea.toLowerCase());

/** The directory's questions, answered from whatever store holds it. */
export class StaffDirectory {
  constructor(readonly store: DirectoryStore) {}

  person(id: string): Person | undefined {
    return this.store.people().find((person) => person.id === id && person.active);
  }

  /** A person's name for pages and mails; the id itself for someone no longer in the directory. */
  nameOf(id: string): string {
    if (id === 'system') return 'The system';
    return this.store.people().find((person) => person.id === id)?.name ?? id;
  }

  withRole(role: PersonRole): Person[] {
    return this.store.people().filter((person) => person.active && person.roles.includes(role));
  }

  /** Why `id` cannot be named as a `role` ("no director with id director.jullie"), or undefined. */
  roleProblem(id: string, role: PersonRole): PersonProblem {
    const found = this.person(id);
    if (!found) return `no ${roleWords[role]} with id ${id} in the staff directory`;
    if (!found.roles.includes(role)) return `${found.name} (${id}) is not a ${roleWords[role]}`;
    return undefined;
  }

  /** The director of a service area: the one whose `directorOf` names it, else one with `*`. */
  directorOf(serviceArea: string): Person | undefined {
    const directors = this.withRole('director');
    return (
      directors.find((person) =>
        person.directorOf.some((a) => a.toLowerCase() === serviceArea.toLowerCase()),
      ) ?? directors.find((person) => person.directorOf.includes('*'))
    );
  }

  /** Who deputises for a director (the first listed), for escalations. */
  deputyOf(directorId: string): Person | undefined {
    return this.withRole('deputy').find((person) => person.deputisesFor.includes(directorId));
  }

  /** Whether a person acts for a service area. */
  actsFor(person: Person, serviceArea: string): boolean {
    return covers(person.serviceAreas, serviceArea) || covers(person.directorOf, serviceArea);
  }

  /** Leave delegations not cancelled and not yet over on `today` (a London date). */
  currentAndComing(today: string): LeaveDelegation[] {
    return this.store.leaveDelegations().filter((d) => !d.cancelledAt && d.to >= today);
  }

  /** The leave delegation through which `deputyId` holds `directorId`'s decision for a service area today. */
  leaveDelegationFor(
    deputyId: string,
    directorId: string,
    serviceArea: string,
    today: string,
  ): LeaveDelegation | undefined {
    return this.store
      .leaveDelegations()
      .find(
        (d) =>
          !d.cancelledAt &&
          d.deputyId === deputyId &&
          d.directorId === directorId &&
          d.from <= today &&
          today <= d.to &&
          (d.serviceArea === undefined || d.serviceArea.toLowerCase() === serviceArea.toLowerCase()),
      );
  }

  /** The directors whose decisions `deputyId` holds today by leave delegation. */
  directorsCoveredBy(deputyId: string, today: string): LeaveDelegation[] {
    return this.store
      .leaveDelegations()
      .filter((d) => !d.cancelledAt && d.deputyId === deputyId && d.from <= today && today <= d.to);
  }
}

export const roleWords: Record<PersonRole, string> = {
  hr: 'HR officer',
  director: 'director',
  deputy: 'deputy director',
  union: 'union representative',
  'executive-member': 'executive member',
  'equality-lead': 'equality lead',
  finance: 'finance officer',
  viewer: 'viewer',
};

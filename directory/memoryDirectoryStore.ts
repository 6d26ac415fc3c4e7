import type { LeaveDelegation, Person } from '../schemas/person.js';
import type { DirectoryStore } from './staffDirectory.js';

/** The directory's state and its changes, shared by the file store and the in-memory one. */
export interface DirectoryState {
  people: Person[];
  leaveDelegations: LeaveDelegation[];
}

export function applyUpsert(state: DirectoryState, person: Person): DirectoryState {
  const others = state.people.filter((existing) => existing.id !== person.id);
  return { ...state, people: [...others, person].sort((a, b) => a.id.localeCompare(b.id)) };
}

export function applyCancel(
  state: DirectoryState,
  id: string,
  by: string,
  at: string,
): { state: DirectoryState; cancelled?: LeaveDelegation } {
  const found = state.leaveDelegations.find((d) => d.id === id && !d.cancelledAt);
  if (!found) return { state };
  const cancelled = { ...found, cancelledBy: by, cancelledAt: at };
  return {
    state: { ...state, leaveDelegations: state.leaveDelegations.map((d) => (d.id === id ? cancelled : d)) },
    cancelled,
  };
}

/** A directory held in memory only: for tests and for tools that load one for a single run. */
export function memoryDirectoryStore(people: readonly Person[] = []): DirectoryStore {
  let state: DirectoryState = { people: [...people], leaveDelegations: [] };
  return {
    people: () => state.people,
    leaveDelegations: () => state.leaveDelegations,
    async replacePeople(next) {
      state = { ...state, people: [...next] };
    },
    async upsertPerson(person) {
      state = applyUpsert(state, person);
    },
    async addLeaveDelegation(delegation) {
      state = { ...state, leaveDelegations: [...state.leaveDelegations, delegation] };
    },
    async cancelLeaveDelegation(id, by, at) {
      const next = applyCancel(state, id, by, at);
      state = next.state;
      return next.cancelled;
    },
  };
}

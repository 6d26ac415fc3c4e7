import { statSync } from 'node:fs';
import { z } from 'zod';
import { leaveDelegation, person } from '../schemas/person.js';
import { readFileIfThere, writeFileAtomic } from '../storage/durableFiles.js';
import { applyCancel, applyUpsert, type DirectoryState } from './memoryDirectoryStore.js';
import type { DirectoryStore } from './staffDirectory.js';

const directoryFile = z.object({
  people: z.array(person),
  leaveDelegations: z.array(leaveDelegation).default([]),
});

/** How often a reader checks whether another process (the CLI's import, say) has changed the file. */
const RECHECK_MILLIS = 1000;

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The staff directory as one JSON file (the embedded default, DIRECTORY_FILE): read whole at open,
 * rewritten whole and fsynced on each change (storage/durableFiles.ts). Another process's change is
 * picked up within a second. Writes from one process are serialised; two processes writing at once
 * is what the production database store is for.
 */
export async function openFileDirectoryStore(file: string): Promise<DirectoryStore> {
  const read = async (): Promise<DirectoryState> => {
    const text = await readFileIfThere(file);
    if (text === undefined) return { people: [], leaveDelegations: [] };
    const parsed = directoryFile.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(`the staff directory ${file} is not valid: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  };
  let state = await read();
  let seen = modifiedAt(file);
  let checkedAt = Date.now();
  let writing: Promise<unknown> = Promise.resolve();

  const fresh = (): DirectoryState => {
    if (Date.now() - checkedAt < RECHECK_MILLIS) return state;
    checkedAt = Date.now();
    const now = modifiedAt(file);
    if (now !== seen) {
      seen = now;
      // Read in the background: this call answers from what it has, the next from the new file.
      read().then(
        (next) => {
          state = next;
        },
        () => undefined,
      );
    }
    return state;
  };

  const change = (next: (current: DirectoryState) => DirectoryState): Promise<void> => {
    const done = writing.then(async () => {
      const updated = next(state);
      await writeFileAtomic(file, `${JSON.stringify(updated, null, 2)}\n`);
      state = updated;
      seen = modifiedAt(file);
    });
    writing = done.catch(() => undefined);
    return done;
  };

  return {
    people: () => fresh().people,
    leaveDelegations: () => fresh().leaveDelegations,
    replacePeople: (people) => change((current) => ({ ...current, people: [...people] })),
    upsertPerson: (one) => change((current) => applyUpsert(current, one)),
    addLeaveDelegation: (delegation) =>
      change((current) => ({ ...current, leaveDelegations: [...current.leaveDelegations, delegation] })),
    async cancelLeaveDelegation(id, by, at) {
      let cancelled: ReturnType<typeof applyCancel>['cancelled'];
      await change((current) => {
        const next = applyCancel(current, id, by, at);
        cancelled = next.cancelled;
        return next.state;
      });
      return cancelled;
    },
  };
}

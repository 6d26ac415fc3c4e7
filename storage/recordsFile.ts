import { z } from 'zod';
import { readFileIfThere, writeFileAtomic } from './durableFiles.js';

/**
 * A small set of records kept in memory and, for the embedded default, in one JSON file: read whole
 * at open, rewritten whole (fsynced, renamed into place) on each change, changes applied one at a
 * time. Meant for one process's few hundred records (sessions, API tokens), not for a database's job.
 */
export interface Records<T> {
  all(): readonly T[];
  /** Applies a change to the records; it counts (and is readable) once it is on disk. */
  change(next: (records: readonly T[]) => T[]): Promise<void>;
}

/** Records in memory only: for tests and for a process that keeps nothing between runs. */
export function memoryRecords<T>(initial: readonly T[] = []): Records<T> {
  let records: readonly T[] = [...initial];
  return {
    all: () => records,
    async change(next) {
      records = next(records);
    },
  };
}

/** Records in a JSON file (`[record, …]`), created with mode 0600 on the first change. */
export async function openRecordsFile<T>(file: string, schema: z.ZodType<T>): Promise<Records<T>> {
  const text = await readFileIfThere(file);
  let records: readonly T[] = [];
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = z.array(schema).safeParse(json);
    if (!parsed.success) throw new Error(`${file} is not valid: ${z.prettifyError(parsed.error)}`);
    records = parsed.data;
  }
  let writing: Promise<unknown> = Promise.resolve();
  return {
    all: () => records,
    change(next) {
      const done = writing.then(async () => {
        const updated = next(records);
        await writeFileAtomic(file, `${JSON.stringify(updated, null, 1)}\n`);
        records = updated;
      });
      writing = done.catch(() => undefined);
      return done;
    },
  };
}

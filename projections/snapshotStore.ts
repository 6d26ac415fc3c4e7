import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { explainIssues } from '../schemas/parseOrExplain.js';
import type { DashboardModel } from './dashboardModel.js';

/**
 * The projection's state and the Kafka offsets it reflects, stored together so that one can never
 * be ahead of the other: after a crash the consumer resumes from exactly the offsets the model has
 * seen, whatever Kafka's committed offsets say.
 */
export interface ProjectionSnapshot<M = DashboardModel> {
  format: 1;
  topic: string;
  /** Per partition, the offset of the next message to read (Kafka's commit convention), as a string. */
  offsets: Record<string, string>;
  model: M;
  savedAt: string;
}

export interface SnapshotStore<M = DashboardModel> {
  /** Where the snapshot lives, for logs. */
  readonly location: string;
  load(): Promise<ProjectionSnapshot<M> | undefined>;
  save(snapshot: ProjectionSnapshot<M>): Promise<void>;
}

const storedSnapshot = z.object({
  format: z.literal(1),
  topic: z.string().min(1),
  offsets: z.record(z.string().regex(/^\d+$/), z.string().regex(/^\d+$/)),
  // The model is this process's own writing; its version is checked by the consumer.
  model: z.looseObject({ modelVersion: z.number().int() }),
  savedAt: z.string(),
});

export class SnapshotUnreadableError extends Error {
  override readonly name = 'SnapshotUnreadableError';
}

/**
 * A JSON file written atomically: the whole snapshot goes to a temporary file beside it, is flushed
 * to disk, and is renamed over the old one, so a crash leaves either the old snapshot or the new one.
 */
export function jsonFileSnapshotStore<M = DashboardModel>(path: string): SnapshotStore<M> {
  const file = resolve(path);
  return {
    location: file,
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new SnapshotUnreadableError(`${file} is not JSON (${(error as Error).message}); rebuild it`);
      }
      const parsed = storedSnapshot.safeParse(json);
      if (!parsed.success) {
        throw new SnapshotUnreadableError(
          `${file} is not a projection snapshot: ${explainIssues(parsed.error)}`,
        );
      }
      return parsed.data as unknown as ProjectionSnapshot<M>;
    },
    async save(snapshot) {
      const directory = dirname(file);
      await mkdir(directory, { recursive: true });
      const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        const handle = await open(temporary, 'w');
        try {
          await handle.writeFile(JSON.stringify(snapshot));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      // The rename itself is durable only once the directory entry is on disk.
      const dir = await open(directory, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    },
  };
}

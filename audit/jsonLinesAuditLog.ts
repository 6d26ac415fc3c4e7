import { resolve } from 'node:path';
import { appendJsonLine, readJsonLines } from '../storage/durableFiles.js';
import { type AuditEntry, auditEntry } from './auditEntry.js';
import type { AuditLog } from './auditLog.js';

/**
 * The audit log as a JSON-lines file: one entry a line, only ever appended, each line flushed to disk
 * (fsync) before `record` resolves, so an attempt the app has answered is on disk. Writes from this
 * process go one at a time, in order.
 */
export function jsonLinesAuditLog(path: string): AuditLog {
  const file = resolve(path);
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<AuditEntry[]> {
    await queue;
    // A line that is not a whole entry (the torn end of a crash mid-write) is skipped, not fatal:
    // the rest of the log stays readable.
    return (await readJsonLines(file)).flatMap((value) => {
      const parsed = auditEntry.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
  }

  return {
    location: file,
    record(entry) {
      const appended = queue.then(() => appendJsonLine(file, auditEntry.parse(entry)));
      queue = appended.catch(() => undefined);
      return appended;
    },
    async forPost(postId) {
      return (await read()).filter((entry) => entry.postId === postId);
    },
    all: read,
  };
}

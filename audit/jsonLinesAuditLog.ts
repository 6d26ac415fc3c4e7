import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type AuditEntry, auditEntry } from './auditEntry.js';
import type { AuditLog } from './auditLog.js';

const newline = 0x0a;

/**
 * The audit log as a JSON-lines file: one entry a line, only ever appended, each line flushed to disk
 * (fsync) before `record` resolves, so an attempt the app has answered is on disk. Writes from this
 * process go one at a time, in order.
 */
export function jsonLinesAuditLog(path: string): AuditLog {
  const file = resolve(path);
  let queue: Promise<unknown> = Promise.resolve();
  let endChecked = false;

  async function append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(auditEntry.parse(entry))}\n`;
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(file, 'a+');
    let created = false;
    try {
      let text = line;
      if (!endChecked) {
        // A crash mid-write can leave a last line without its newline; the next entry must not join it.
        const { size } = await handle.stat();
        created = size === 0;
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== newline) text = `\n${line}`;
        }
      }
      await handle.appendFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await syncDirectory(dirname(file));
    endChecked = true;
  }

  async function read(): Promise<AuditEntry[]> {
    await queue;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // A line that is not a whole entry (the torn end of a crash mid-write) is skipped, not fatal:
    // the rest of the log stays readable.
    return text.split('\n').flatMap((line) => {
      if (line.trim() === '') return [];
      try {
        const parsed = auditEntry.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
  }

  return {
    location: file,
    record(entry) {
      const appended = queue.then(() => append(entry));
      queue = appended.catch(() => undefined);
      return appended;
    },
    async forPost(postId) {
      return (await read()).filter((entry) => entry.postId === postId);
    },
    all: read,
  };
}

/** A new file's name is durable only once its directory is flushed too. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

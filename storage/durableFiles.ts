import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes that survive a crash or power cut: appends and rewrites are fsynced before they count, and a
 * rewrite replaces the file in one rename, so a reader sees the old whole file or the new one.
 */

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A file's content, or undefined when it does not exist. */
export async function readFileIfThere(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** Appends one JSON value as a line and waits for it to reach the disk. */
export async function appendJsonLine(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a+', 0o600);
  let created = false;
  try {
    // After a torn append (a crash mid-write) start on a fresh line, so only the torn line is lost.
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    const separator = size > 0 && last.toString() !== '\n' ? '\n' : '';
    await handle.appendFile(`${separator}${JSON.stringify(value)}\n`, 'utf8');
    await handle.sync();
    created = size === 0;
  } finally {
    await handle.close();
  }
  // A new file's name is durable only once its directory is flushed too.
  if (created) await syncDirectory(dirname(file));
}

/**
 * Every JSON line of a file; none when it does not exist yet. Only whole JSON lines are ever written,
 * so a line that does not parse is a torn append that never counted, and is skipped.
 */
export async function readJsonLines(file: string): Promise<unknown[]> {
  const text = (await readFileIfThere(file)) ?? '';
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      return [];
    }
  });
}

/** A fsynced temporary file beside `file`, for renaming or linking into place. */
async function writeTemporary(file: string, content: string, mode: number): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await handle.close();
  }
  return temporary;
}

/** Replaces a file's content all at once: a fsynced temporary file renamed over it. */
export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  const temporary = await writeTemporary(file, content, mode);
  await rename(temporary, file);
  await syncDirectory(dirname(file));
}

/** Creates a file whole, unless it exists: then nothing is written and the answer is false. */
export async function createFileOnce(file: string, content: string, mode = 0o600): Promise<boolean> {
  const temporary = await writeTemporary(file, content, mode);
  try {
    // link() fails when the name is taken, so two processes racing cannot both create it.
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  await syncDirectory(dirname(file));
  return true;
}

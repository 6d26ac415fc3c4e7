import { z } from 'zod';
import { isoInstant } from '../schemas/common.js';
import { readFileIfThere, writeFileAtomic } from '../storage/durableFiles.js';
import type { WrappedKeys } from './candidateStore.js';

const storedKeys = z.object({
  version: z.literal(1),
  keys: z.record(z.string(), z.object({ wrapped: z.base64(), createdAt: isoInstant })),
});
type StoredKeys = z.infer<typeof storedKeys>;

/**
 * Each candidate's wrapped data key in one JSON file apart from the records. Destroying a key
 * rewrites the file without it: that is the erasure, since the record's ciphertext cannot be opened
 * without it. Callers serialise writes (one register per directory).
 */
export class DataKeyStore implements WrappedKeys {
  constructor(readonly file: string) {}

  async #load(): Promise<StoredKeys> {
    const text = await readFileIfThere(this.file);
    if (text === undefined) return { version: 1, keys: {} };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${this.file} is not JSON: the candidate data key store is damaged`);
    }
    const parsed = storedKeys.safeParse(json);
    if (!parsed.success)
      throw new Error(`${this.file} is not a candidate data key store: ${parsed.error.message}`);
    return parsed.data;
  }

  async #save(stored: StoredKeys): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(stored, null, 2)}\n`);
  }

  async refs(): Promise<string[]> {
    return Object.keys((await this.#load()).keys);
  }

  async create(ref: string, wrapped: Buffer, createdAt: Date): Promise<void> {
    const stored = await this.#load();
    if (stored.keys[ref]) throw new Error(`candidate ${ref} already has a data key`);
    stored.keys[ref] = { wrapped: wrapped.toString('base64'), createdAt: createdAt.toISOString() };
    await this.#save(stored);
  }

  async get(ref: string): Promise<Buffer | undefined> {
    const entry = (await this.#load()).keys[ref];
    return entry ? Buffer.from(entry.wrapped, 'base64') : undefined;
  }

  /** Removes the candidate's key from the file for good; false when there was none. */
  async destroy(ref: string): Promise<boolean> {
    const stored = await this.#load();
    if (!stored.keys[ref]) return false;
    const keys = Object.fromEntries(Object.entries(stored.keys).filter(([other]) => other !== ref));
    await this.#save({ ...stored, keys });
    return true;
  }
}

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { open, SealBroken, seal } from '../codec/aesGcm.js';
import { isoInstant } from '../schemas/common.js';
import { readFileIfThere, writeFileAtomic } from '../storage/durableFiles.js';

const storedKeys = z.object({
  version: z.literal(1),
  keys: z.record(z.string(), z.object({ wrapped: z.base64(), createdAt: isoInstant })),
});
type StoredKeys = z.infer<typeof storedKeys>;

/** Binds a wrapped key to its candidate, so a key copied to another candidate's entry fails to unwrap. */
const wrappedFor = (ref: string) => `candidate-data-key:${ref}`;

/**
 * Each candidate's data key, wrapped (AES-256-GCM) with the master key, in one JSON file apart from the
 * records. Destroying a key rewrites the file without it: that is the erasure, since the record's
 * ciphertext cannot be opened without it. Callers serialise writes (one register per directory).
 */
export class DataKeyStore {
  readonly #masterKey: Uint8Array;

  constructor(
    readonly file: string,
    masterKey: Uint8Array,
  ) {
    this.#masterKey = masterKey;
  }

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

  /** A new random key for the candidate, stored wrapped before it is handed out. */
  async create(ref: string, now: Date): Promise<Buffer> {
    const stored = await this.#load();
    if (stored.keys[ref]) throw new Error(`candidate ${ref} already has a data key`);
    const key = randomBytes(32);
    stored.keys[ref] = {
      wrapped: seal(this.#masterKey, key, wrappedFor(ref)).toString('base64'),
      createdAt: now.toISOString(),
    };
    await this.#save(stored);
    return key;
  }

  /** The candidate's data key, or undefined when it was never made or has been destroyed. */
  async get(ref: string): Promise<Buffer | undefined> {
    const entry = (await this.#load()).keys[ref];
    if (!entry) return undefined;
    try {
      return open(this.#masterKey, Buffer.from(entry.wrapped, 'base64'), wrappedFor(ref));
    } catch (error) {
      if (!(error instanceof SealBroken)) throw error;
      throw new Error(
        `the data key of candidate ${ref} cannot be unwrapped: the master key (CANDIDATE_MASTER_KEY, or the local key file) is not the one it was wrapped with`,
      );
    }
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

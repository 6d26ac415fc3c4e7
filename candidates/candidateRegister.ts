import { open, seal } from '../codec/aesGcm.js';
import { type Actor, actor } from '../schemas/common.js';
import {
  type CandidateDetails,
  type CandidateRef,
  candidateRef,
  newCandidateRef,
  parseCandidateDetails,
} from './candidateDetails.js';
import type { CandidateStore } from './candidateStore.js';
import { newDataKey, unwrapDataKey, wrapDataKey } from './dataKeyWrapping.js';
import type { ErasureEntry } from './erasureLog.js';
import { type CandidateFiles, FileCandidateStore } from './fileCandidateStore.js';

export class CandidateErased extends Error {
  override readonly name = 'CandidateErased';
  constructor(readonly erasure: ErasureEntry) {
    super(
      `candidate ${erasure.candidateRef} was erased on ${erasure.erasedAt}: their personal data can no longer be read`,
    );
  }
}

export class CandidateNotFound extends Error {
  override readonly name = 'CandidateNotFound';
  constructor(readonly candidateRef: string) {
    super(`no candidate ${candidateRef} in the register`);
  }
}

/** Binds a record to its candidate, so a record copied under another ref fails to open. */
const sealedFor = (ref: string) => `candidate-record:${ref}`;

export interface CandidateKeyOptions {
  /** Wraps the data keys (CANDIDATE_MASTER_KEY, or the local key file). */
  masterKey: Uint8Array;
  now?: () => Date;
}

export interface CandidateRegisterOptions extends CandidateKeyOptions {
  /** Holds records.ndjson, data-keys.json and erasures.ndjson. */
  dir: string;
}

/**
 * Candidates' personal data under opaque refs, each record encrypted with a data key of its own.
 * Erasure is crypto-shredding: the data key is destroyed and the erasure logged; the ciphertext may
 * stay where it is (in the store, in backups) since nothing can open it any more. Writes are
 * serialised in this process; what several processes share is the store's to keep consistent.
 */
export class CandidateRegister {
  readonly store: CandidateStore;
  readonly #masterKey: Uint8Array;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: CandidateStore, options: CandidateKeyOptions) {
    this.store = store;
    this.#masterKey = options.masterKey;
    this.#now = options.now ?? (() => new Date());
  }

  /** The register in files under `dir` (openCandidateRegister chooses files or PostgreSQL by config). */
  static async open(options: CandidateRegisterOptions): Promise<CandidateRegister> {
    return new CandidateRegister(await FileCandidateStore.open(options.dir), options);
  }

  // The files, for the tests and tools that read them: only a register in files has them.
  get recordsFile(): string {
    return this.#files().recordsFile;
  }
  get dataKeysFile(): string {
    return this.#files().dataKeysFile;
  }
  get erasureLogFile(): string {
    return this.#files().erasureLogFile;
  }

  /** Adds a candidate and answers the ref that stands for them everywhere else. */
  async register(details: CandidateDetails): Promise<CandidateRef> {
    const parsed = parseCandidateDetails(details);
    return this.#exclusive(async () => {
      const ref = newCandidateRef();
      const key = newDataKey();
      // The key is stored before anything is sealed with it, so no record is ever left unopenable.
      await this.store.keys.create(ref, wrapDataKey(this.#masterKey, ref, key), this.#now());
      await this.#append(ref, key, parsed);
      return ref;
    });
  }

  /** Replaces a candidate's details with a new version (the old stays sealed under the same key). */
  async update(ref: string, details: CandidateDetails): Promise<void> {
    const parsed = parseCandidateDetails(details);
    return this.#exclusive(async () => {
      const key = await this.#liveKey(ref);
      await this.#append(ref, key, parsed);
    });
  }

  /** The candidate's current details; CandidateErased once they have been erased. */
  async read(ref: string): Promise<CandidateDetails> {
    const key = await this.#liveKey(ref);
    const latest = (await this.store.records.versions(ref)).at(-1);
    if (!latest) throw new CandidateNotFound(ref);
    const plaintext = open(key, latest.sealed, sealedFor(ref));
    return parseCandidateDetails(JSON.parse(plaintext.toString('utf8')));
  }

  /** The erasure of a candidate, if they have been erased. */
  async erasureOf(ref: string): Promise<ErasureEntry | undefined> {
    return this.store.erasures.find(candidateRef.parse(ref));
  }

  /**
   * Erases a candidate: logs who, when and why, and destroys their data key. Erasing again answers
   * the first erasure. The reason is refused if it repeats the person's name, email or date of birth,
   * since the log is kept for good.
   */
  async erase(ref: string, by: Actor, reason: string): Promise<ErasureEntry> {
    const erasedBy = actor.parse(by);
    return this.#exclusive(async () => {
      const earlier = await this.erasureOf(ref);
      if (earlier) return earlier;
      const details = await this.read(ref);
      const mentioned = [details.name, details.email, details.dateOfBirth].some((value) =>
        reason.toLowerCase().includes(value.toLowerCase()),
      );
      if (mentioned) {
        throw new Error(
          'the reason repeats the candidate’s personal data; the erasure log is kept, so say why without it',
        );
      }
      // Another process may have erased them since: the store answers whichever erasure stands.
      return this.store.erase({
        candidateRef: candidateRef.parse(ref),
        erasedAt: this.#now().toISOString(),
        erasedBy,
        reason: reason.trim(),
      });
    });
  }

  /** Closes the store (the database pool, when it is in PostgreSQL). */
  async close(): Promise<void> {
    await this.#queue;
    await this.store.close();
  }

  #files(): CandidateFiles {
    if (this.store instanceof FileCandidateStore) return this.store;
    throw new Error(`the candidate register is in ${this.store.where}, not in files`);
  }

  async #liveKey(ref: string): Promise<Buffer> {
    const erasure = await this.erasureOf(ref);
    if (erasure) throw new CandidateErased(erasure);
    const wrapped = await this.store.keys.get(ref);
    if (wrapped) return unwrapDataKey(this.#masterKey, ref, wrapped);
    // Another process may have erased them between the two questions.
    const since = await this.erasureOf(ref);
    throw since ? new CandidateErased(since) : new CandidateNotFound(ref);
  }

  async #append(ref: string, key: Buffer, details: CandidateDetails): Promise<void> {
    await this.store.records.append({
      candidateRef: ref,
      sealed: seal(key, Buffer.from(JSON.stringify(details), 'utf8'), sealedFor(ref)),
      savedAt: this.#now().toISOString(),
    });
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const done = this.#queue.then(work, work);
    this.#queue = done.catch(() => undefined);
    return done;
  }
}

import { join } from 'node:path';
import { z } from 'zod';
import { open, seal } from '../codec/aesGcm.js';
import { type Actor, actor, isoInstant } from '../schemas/common.js';
import { appendJsonLine, readJsonLines } from '../storage/durableFiles.js';
import {
  type CandidateDetails,
  type CandidateRef,
  candidateRef,
  newCandidateRef,
  parseCandidateDetails,
} from './candidateDetails.js';
import { DataKeyStore } from './dataKeyStore.js';
import { type ErasureEntry, ErasureLog } from './erasureLog.js';

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

/** A version of a candidate's record as stored: the ref in the clear, the personal data sealed. */
const recordLine = z.object({ candidateRef, sealed: z.base64(), savedAt: isoInstant });

/** Binds a record to its candidate, so a record copied under another ref fails to open. */
const sealedFor = (ref: string) => `candidate-record:${ref}`;

export interface CandidateRegisterOptions {
  /** Holds records.ndjson, data-keys.json and erasures.ndjson. */
  dir: string;
  /** Wraps the data keys (CANDIDATE_MASTER_KEY, or the local key file). */
  masterKey: Uint8Array;
  now?: () => Date;
}

/**
 * Candidates' personal data under opaque refs, each record encrypted with a data key of its own.
 * Erasure is crypto-shredding: the data key is destroyed and the erasure logged; the ciphertext may
 * stay where it is (in the append-only records file, in backups) since nothing can open it any more.
 * One register per directory: writes are serialised in this process, not across processes.
 */
export class CandidateRegister {
  readonly recordsFile: string;
  readonly #keys: DataKeyStore;
  readonly #erasures: ErasureLog;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(options: CandidateRegisterOptions) {
    this.recordsFile = join(options.dir, 'records.ndjson');
    this.#keys = new DataKeyStore(join(options.dir, 'data-keys.json'), options.masterKey);
    this.#erasures = new ErasureLog(join(options.dir, 'erasures.ndjson'));
    this.#now = options.now ?? (() => new Date());
  }

  /** Opens the register, first finishing any erasure a crash left with its key still stored. */
  static async open(options: CandidateRegisterOptions): Promise<CandidateRegister> {
    const register = new CandidateRegister(options);
    for (const erasure of await register.#erasures.entries()) {
      await register.#keys.destroy(erasure.candidateRef);
    }
    return register;
  }

  get dataKeysFile(): string {
    return this.#keys.file;
  }

  get erasureLogFile(): string {
    return this.#erasures.file;
  }

  /** Adds a candidate and answers the ref that stands for them everywhere else. */
  async register(details: CandidateDetails): Promise<CandidateRef> {
    const parsed = parseCandidateDetails(details);
    return this.#exclusive(async () => {
      const ref = newCandidateRef();
      const key = await this.#keys.create(ref, this.#now());
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
    const lines = (await readJsonLines(this.recordsFile)).map((line) => recordLine.parse(line));
    const latest = lines.filter((line) => line.candidateRef === ref).at(-1);
    if (!latest) throw new CandidateNotFound(ref);
    const plaintext = open(key, Buffer.from(latest.sealed, 'base64'), sealedFor(ref));
    return parseCandidateDetails(JSON.parse(plaintext.toString('utf8')));
  }

  /** The erasure of a candidate, if they have been erased. */
  async erasureOf(ref: string): Promise<ErasureEntry | undefined> {
    return this.#erasures.find(candidateRef.parse(ref));
  }

  /**
   * Erases a candidate: logs who, when and why, then destroys their data key. Erasing again answers
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
      const entry: ErasureEntry = {
        candidateRef: candidateRef.parse(ref),
        erasedAt: this.#now().toISOString(),
        erasedBy,
        reason: reason.trim(),
      };
      // Logged first: a crash before the key is gone leaves an erasure that open() completes.
      await this.#erasures.append(entry);
      await this.#keys.destroy(ref);
      return entry;
    });
  }

  async #liveKey(ref: string): Promise<Buffer> {
    const erasure = await this.erasureOf(ref);
    if (erasure) throw new CandidateErased(erasure);
    const key = await this.#keys.get(ref);
    if (!key) throw new CandidateNotFound(ref);
    return key;
  }

  async #append(ref: string, key: Buffer, details: CandidateDetails): Promise<void> {
    const sealed = seal(key, Buffer.from(JSON.stringify(details), 'utf8'), sealedFor(ref));
    await appendJsonLine(this.recordsFile, {
      candidateRef: ref,
      sealed: sealed.toString('base64'),
      savedAt: this.#now().toISOString(),
    });
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const done = this.#queue.then(work, work);
    this.#queue = done.catch(() => undefined);
    return done;
  }
}

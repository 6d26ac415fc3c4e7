import type { ErasureEntry } from './erasureLog.js';

/** One version of a candidate's record as stored: the ref in the clear, the personal data sealed. */
export interface SealedRecord {
  candidateRef: string;
  sealed: Buffer;
  savedAt: string;
}

/** The records, append-only: an update adds a version, and the latest is the record. */
export interface SealedRecords {
  /** Adds a version; the same version appended twice is kept twice, and reads the same. */
  append(record: SealedRecord): Promise<void>;
  /** Every version of the candidate's record, oldest first; none for an unknown ref. */
  versions(ref: string): Promise<SealedRecord[]>;
}

/** Each candidate's data key, wrapped with the master key by the register before it gets here. */
export interface WrappedKeys {
  /** Stores the candidate's wrapped key; refuses a second one, which would orphan the first's records. */
  create(ref: string, wrapped: Buffer, createdAt: Date): Promise<void>;
  /** The wrapped key, or undefined when it was never made or has been destroyed by an erasure. */
  get(ref: string): Promise<Buffer | undefined>;
  /** The candidates whose key is still there. */
  refs(): Promise<string[]>;
}

/** The erasures, kept for good: they outlive the keys they record the destruction of. */
export interface Erasures {
  entries(): Promise<ErasureEntry[]>;
  find(ref: string): Promise<ErasureEntry | undefined>;
}

/**
 * Where the candidate register keeps what it holds: files under CANDIDATES_DIR (the embedded default)
 * or PostgreSQL (DATABASE_URL, shared by every web process). A store sees only refs, ciphertext and
 * wrapped keys: sealing and wrapping are the register's, so no store handles personal data or the
 * master key.
 */
export interface CandidateStore {
  /** Where it is kept, for messages. */
  readonly where: string;
  readonly records: SealedRecords;
  readonly keys: WrappedKeys;
  readonly erasures: Erasures;
  /**
   * Logs the erasure and destroys the candidate's key, so that one is never left without the other.
   * Answers the erasure that stands: this one, or the candidate's earlier one (nothing is changed then).
   */
  erase(entry: ErasureEntry): Promise<ErasureEntry>;
  close(): Promise<void>;
}

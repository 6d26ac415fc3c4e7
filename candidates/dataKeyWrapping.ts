import { randomBytes } from 'node:crypto';
import { open, SealBroken, seal } from '../codec/aesGcm.js';

/** Binds a wrapped key to its candidate, so a key copied to another candidate's entry fails to unwrap. */
const wrappedFor = (ref: string) => `candidate-data-key:${ref}`;

/** A new random data key for one candidate's record. */
export const newDataKey = (): Buffer => randomBytes(32);

/** The data key sealed (AES-256-GCM) with the master key, as the stores keep it. */
export function wrapDataKey(masterKey: Uint8Array, ref: string, key: Buffer): Buffer {
  return seal(masterKey, key, wrappedFor(ref));
}

/** The data key again; a master key other than the one that wrapped it is named as the cause. */
export function unwrapDataKey(masterKey: Uint8Array, ref: string, wrapped: Buffer): Buffer {
  try {
    return open(masterKey, wrapped, wrappedFor(ref));
  } catch (error) {
    if (!(error instanceof SealBroken)) throw error;
    throw new Error(
      `the data key of candidate ${ref} cannot be unwrapped: the master key (CANDIDATE_MASTER_KEY, or the local key file) is not the one it was wrapped with`,
    );
  }
}

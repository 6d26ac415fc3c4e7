import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { open, SealBroken, seal } from './aesGcm.js';

const PayloadMessage = proto.temporal.api.common.v1.Payload;

/** The metadata names of Temporal's encryption sample, which the Web UI and other SDKs' tools know. */
export const encodingKey = 'encoding';
export const encryptedEncoding = 'binary/encrypted';
export const keyIdKey = 'encryption-key-id';

export interface PayloadKeys {
  /** The id of the key that encrypts new payloads. */
  current: string;
  /** Every key that may have encrypted a stored payload, the current one among them. */
  keys: ReadonlyMap<string, Uint8Array>;
}

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const text = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : undefined;

/**
 * Encrypts each payload as a whole (metadata too, so not even its encoding shows) with AES-256-GCM.
 * The key id travels in the clear and is bound to the ciphertext, so decoding picks the key that was
 * used and rotation needs no re-encryption. Payloads that were never encrypted pass through, so
 * histories written before encryption was turned on still read.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly #current: string;
  readonly #keys: ReadonlyMap<string, Uint8Array>;

  constructor({ current, keys }: PayloadKeys) {
    if (!keys.has(current)) throw new Error(`no key "${current}" among the payload keys`);
    this.#current = current;
    this.#keys = keys;
  }

  get currentKeyId(): string {
    return this.#current;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.#keys.get(this.#current) as Uint8Array;
    return payloads.map((payload) => ({
      metadata: {
        [encodingKey]: Buffer.from(encryptedEncoding),
        [keyIdKey]: Buffer.from(this.#current),
      },
      data: seal(key, PayloadMessage.encode(payload).finish(), this.#current),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[encodingKey]) !== encryptedEncoding) return payload;
      const keyId = text(payload.metadata?.[keyIdKey]);
      if (!keyId) throw new PayloadDecryptionError(`an encrypted payload has no ${keyIdKey} metadata`);
      const key = this.#keys.get(keyId);
      if (!key) {
        throw new PayloadDecryptionError(
          `a payload is encrypted with key "${keyId}", which is not in PAYLOAD_KEYS (it has ${[
            ...this.#keys.keys(),
          ].join(', ')}): keep a retired key listed while histories that use it are kept`,
        );
      }
      try {
        return PayloadMessage.decode(open(key, payload.data ?? new Uint8Array(), keyId));
      } catch (error) {
        if (!(error instanceof SealBroken)) throw error;
        throw new PayloadDecryptionError(
          `a payload encrypted with key "${keyId}" failed authentication: it was altered, or the key listed as "${keyId}" is not the one it was encrypted with`,
        );
      }
    });
  }
}

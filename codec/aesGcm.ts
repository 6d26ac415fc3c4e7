import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM as one sealed byte string: a random 12-byte IV, the ciphertext, then the 16-byte tag.
 * The additional data is not stored: the caller binds the ciphertext to what it belongs to (a key id,
 * a candidate ref), so a sealed value moved to another place fails to open.
 */
const ivBytes = 12;
const tagBytes = 16;

export class SealBroken extends Error {
  override readonly name = 'SealBroken';
}

export function seal(key: Uint8Array, plaintext: Uint8Array, additionalData: string): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, or SealBroken when the bytes were altered or the key or additional data differ. */
export function open(key: Uint8Array, sealed: Uint8Array, additionalData: string): Buffer {
  if (sealed.length < ivBytes + tagBytes) throw new SealBroken('sealed data is too short');
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes), {
    authTagLength: tagBytes,
  });
  decipher.setAAD(Buffer.from(additionalData, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]);
  } catch {
    throw new SealBroken('authentication failed');
  }
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed to a browser or a person (session ids, API tokens) are random and kept only as their
 * SHA-256: a copy of the store (a backup, a leaked file) opens no session and signs nobody in.
 */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const sha256HexPattern = /^[0-9a-f]{64}$/;

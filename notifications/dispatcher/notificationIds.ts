import { createHash } from 'node:crypto';

/** A fixed namespace, so the same hand-off always gets the same notification id (RFC 9562 version 5). */
const namespace = Buffer.from('5b0f3c1e8a2d4c6f9e7b1a3d5c7e9f01', 'hex');

/**
 * The notification id of a hand-off (`${eventId}|${recipient}`) or a digest: derived, not random, so a
 * resend after a crash carries the same id (and so the same mail Message-ID).
 */
export function notificationIdOf(name: string): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The key of one hand-off: one event, one person. */
export const handOffKey = (eventId: string, recipient: string) => `${eventId}|${recipient}`;

/** The key of one person's digest of one London day. */
export const digestKey = (recipient: string, londonDate: string) => `digest|${recipient}|${londonDate}`;

/** The key of one delivery: a hand-off or digest on one channel. */
export const deliveryKey = (told: string, channel: string) => `${told}|${channel}`;

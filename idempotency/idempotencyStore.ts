import { z } from 'zod';

/**
 * The first answer to a request sent with an Idempotency-Key, kept with the request's fingerprint
 * (draft-ietf-httpapi-idempotency-key-header): a retry of the same request gets this answer again,
 * the same key on any other request is refused, until the record expires.
 */
export const idempotencyRecord = z.strictObject({
  /** The Idempotency-Key as the client sent it (unquoted). */
  key: z.string().min(1).max(200),
  /** sha256 of the person, method, path and canonical body of the first request. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  status: z.number().int().min(100).max(599),
  contentType: z.string().max(200),
  body: z.string(),
  /** The Location header of a 201, so a replay points at the same thing. */
  location: z.string().max(2000).optional(),
  /** Epoch milliseconds. */
  storedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type IdempotencyRecord = z.infer<typeof idempotencyRecord>;

/** Where first answers are kept. The web app holds one; tests use the one in memory. */
export interface IdempotencyStore {
  /** Where the records live, for logs. */
  readonly location: string;
  /** The record under this key, unless there is none or it expired by `now`. */
  find(key: string, now: number): Promise<IdempotencyRecord | undefined>;
  /** Keeps a record (durably, where the store is durable) before the answer leaves. */
  save(record: IdempotencyRecord): Promise<void>;
}

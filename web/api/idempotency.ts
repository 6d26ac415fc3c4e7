import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestFingerprint } from '../../idempotency/fingerprint.js';
import type { IdempotencyStore } from '../../idempotency/idempotencyStore.js';
import { problemOfKind, sendProblem } from './problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request holds its Idempotency-Key until its answer is kept. */
    idempotencyClaim?: { key: string; fingerprint: string; claimedAt: number } | undefined;
    /** This answer is the kept first answer to the same request, not a new effect. */
    idempotentReplay?: boolean | undefined;
  }
}

/** The header a replayed answer carries, so a client (and the audit log) can tell. */
export const replayedHeader = 'idempotent-replayed';

/**
 * The Idempotency-Key header's value: a Structured Field string (`"8e03978e…"`) as the draft defines
 * it, or the same characters bare, as many clients send it.
 */
export function idempotencyKeyOf(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const quoted = /^"(.*)"$/.exec(header);
  const key = quoted ? quoted[1] : header;
  return key ? key : undefined;
}

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How long a key is kept after its first answer. */
  keepForMillis: number;
}

/** A claim older than this belongs to a request that never answered (its client went): let it go. */
const staleClaimMillis = 5 * 60_000;

/**
 * Idempotency-Key on every POST command (draft-ietf-httpapi-idempotency-key-header), after the role
 * check and validation and before the handler, so a refusal here reaches no workflow:
 * - the same key and the same request (person, method, path, body) answers the kept first answer,
 *   marked `Idempotent-Replayed: true`;
 * - the same key on any other request is refused with 422 and changes nothing;
 * - the same key while its first request is still being answered is refused with 409.
 * Answers of 5xx and 429 are not kept: the request did not complete, and a retry may.
 */
export function installIdempotency(app: FastifyInstance, { store, keepForMillis }: IdempotencyOptions): void {
  const claims = new Map<string, { fingerprint: string; claimedAt: number }>();

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.command || request.method !== 'POST' || !request.user) return;
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    if (!key) return;
    const now = Date.now();
    const fingerprint = requestFingerprint({
      person: request.user.id,
      method: request.method,
      path: request.url,
      body: request.body ?? null,
    });
    const reused = () =>
      sendProblem(
        reply,
        problemOfKind(
          'idempotency-key-reused',
          'This Idempotency-Key was used for another request (another body, command, post or person). Nothing was done: send this request with a new key.',
          [
            {
              field: 'idempotency-key',
              message: 'was used for another request: use a new key for a new request',
            },
          ],
        ),
        request.url,
      );
    const kept = await store.find(key, now);
    if (kept) {
      if (kept.fingerprint !== fingerprint) return reused();
      request.idempotentReplay = true;
      reply.header(replayedHeader, 'true');
      if (kept.location) reply.header('location', kept.location);
      return reply.code(kept.status).type(kept.contentType).send(kept.body);
    }
    const claim = claims.get(key);
    if (claim && now - claim.claimedAt < staleClaimMillis) {
      if (claim.fingerprint !== fingerprint) return reused();
      reply.header('retry-after', '1');
      return sendProblem(
        reply,
        problemOfKind(
          'request-in-progress',
          'The first request with this Idempotency-Key is still being answered. Try again in a moment: you will get its answer.',
        ),
        request.url,
      );
    }
    claims.set(key, { fingerprint, claimedAt: now });
    request.idempotencyClaim = { key, fingerprint, claimedAt: now };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = undefined;
    try {
      const status = reply.statusCode;
      if (status < 500 && status !== 429 && typeof payload === 'string') {
        const location = reply.getHeader('location');
        const storedAt = Date.now();
        await store.save({
          key: claim.key,
          fingerprint: claim.fingerprint,
          status,
          contentType: String(reply.getHeader('content-type') ?? 'application/json'),
          body: payload,
          ...(typeof location === 'string' ? { location } : {}),
          storedAt,
          expiresAt: storedAt + keepForMillis,
        });
      }
    } catch (error) {
      // The answer still goes (its effect has happened); a retry is then answered by Temporal's own
      // Update id deduplication instead of the kept answer.
      request.log.error({ err: error, idempotencyKey: claim.key }, 'an idempotency record could not be kept');
    } finally {
      // Only our own claim: a stale one may have been taken over by a later request.
      if (claims.get(claim.key)?.claimedAt === claim.claimedAt) claims.delete(claim.key);
    }
    return payload;
  });
}

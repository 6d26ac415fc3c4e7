import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';

const minute = 60_000;

export type LimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

export interface RateLimit {
  readonly perMinute: number;
  /** Counts this request against the limit; over it, how long until the next one is let through. */
  count(request: FastifyRequest): Promise<LimitVerdict>;
}

export interface RateLimits {
  /** Sign-in attempts per client address. */
  signIn: RateLimit;
  /** Commands per signed-in person, through the API and the forms together. */
  commands: RateLimit;
}

/** A store for @fastify/rate-limit's counts: storage/postgres/pgRateLimitStore.ts shares them between replicas. */
export type RateLimitStoreClass = FastifyRateLimitStoreCtor;

/**
 * The limits, counted by @fastify/rate-limit's store: in this process's memory by default (one web
 * process), in PostgreSQL when given its store (several replicas count together, so a person cannot
 * get twice the limit by being sent to two). Each channel answers in its own way (problem+json on the
 * API, a GOV.UK page on the forms), so the plugin is asked for a verdict rather than left to answer.
 */
export async function installRateLimits(
  app: FastifyInstance,
  config: Pick<Config, 'RATE_LIMIT_SIGN_IN_PER_MINUTE' | 'RATE_LIMIT_COMMANDS_PER_MINUTE'>,
  store?: RateLimitStoreClass,
): Promise<RateLimits> {
  await app.register(rateLimit, { global: false, ...(store ? { store } : {}) });
  const limit = (perMinute: number, keyOf?: (request: FastifyRequest) => string): RateLimit => {
    const check = app.createRateLimit({
      max: perMinute,
      timeWindow: minute,
      ...(keyOf ? { keyGenerator: keyOf } : {}),
    });
    return {
      perMinute,
      async count(request) {
        const verdict = await check(request);
        if (verdict.isAllowed || !verdict.isExceeded) return { limited: false };
        return { limited: true, retryAfterSeconds: Math.max(1, verdict.ttlInSeconds) };
      },
    };
  };
  return {
    signIn: limit(config.RATE_LIMIT_SIGN_IN_PER_MINUTE),
    commands: limit(config.RATE_LIMIT_COMMANDS_PER_MINUTE, (request) => `user:${request.user?.id ?? ''}`),
  };
}

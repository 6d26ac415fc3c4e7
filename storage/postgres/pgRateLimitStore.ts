import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type pg from 'pg';
import type { RateLimitStoreClass } from '../../web/security/rateLimits.js';

/** Windows that ended this long ago are deleted, now and then, by whichever replica counts next. */
const SWEEP_EVERY_MILLIS = 5 * 60_000;

/**
 * @fastify/rate-limit's counts in PostgreSQL: one row a key (a sign-in address, a person's commands)
 * and fixed window, counted with one atomic upsert on the database's clock, so every web replica
 * counts together and a person cannot get the limit once per replica.
 */
export function pgRateLimitStore(pool: pg.Pool): RateLimitStoreClass {
  let sweptAt = 0;
  const sweep = () => {
    if (Date.now() - sweptAt < SWEEP_EVERY_MILLIS) return;
    sweptAt = Date.now();
    pool.query("delete from rate_limit_hits where window_ends_at < now() - interval '1 minute'").catch(() => {
      sweptAt = 0;
    });
  };
  const store: FastifyRateLimitStore = {
    incr(key, callback, timeWindow) {
      sweep();
      pool
        .query<{ hits: number; ttl: number }>(
          `insert into rate_limit_hits (key, hits, window_ends_at)
           values ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
           on conflict (key) do update set
             hits = case when rate_limit_hits.window_ends_at <= clock_timestamp() then 1
                         else rate_limit_hits.hits + 1 end,
             window_ends_at = case when rate_limit_hits.window_ends_at <= clock_timestamp()
                                   then excluded.window_ends_at else rate_limit_hits.window_ends_at end
           returning hits, ceil(extract(epoch from window_ends_at - clock_timestamp()) * 1000)::integer as ttl`,
          [key, timeWindow],
        )
        .then(({ rows }) => {
          const row = rows[0];
          callback(null, { current: row?.hits ?? 1, ttl: Math.max(0, row?.ttl ?? timeWindow) });
        }, callback);
    },
    // Every limit shares the table: their keys differ (an address; `user:<id>`).
    child: () => store,
  };
  return class {
    constructor() {
      // biome-ignore lint/correctness/noConstructorReturn: @fastify/rate-limit constructs its store with `new`
      return store;
    }
  } as unknown as RateLimitStoreClass;
}

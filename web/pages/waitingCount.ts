import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PostService } from '../../temporal/postService.js';
import type { SignedInUser } from '../auth/user.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** How many posts wait for the signed-in person, for the header of every page. */
    waitingCount?: number | undefined;
  }
}

/** A count is reused for this long, so a person moving between pages does not query each time. */
const FRESH_FOR_MILLIS = 15_000;

/**
 * Counts what waits for each signed-in person (the waiting sections of their work list) for the
 * header. A failure to count leaves the header without it rather than failing the page.
 */
export function waitingCountHook(posts: PostService) {
  const counted = new Map<string, { at: number; count: number }>();
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const user = request.user as SignedInUser | undefined;
    if (!user) return;
    // A command changes what waits for people: count afresh on the next page.
    if (request.method !== 'GET') {
      counted.delete(user.id);
      return;
    }
    const known = counted.get(user.id);
    if (known && Date.now() - known.at < FRESH_FOR_MILLIS) {
      request.waitingCount = known.count;
      return;
    }
    try {
      const sections = await posts.workList(user);
      const count = sections.filter((s) => s.waiting).reduce((sum, s) => sum + s.items.length, 0);
      counted.set(user.id, { at: Date.now(), count });
      request.waitingCount = count;
    } catch (error) {
      request.log.warn({ err: error }, 'could not count the work waiting for the signed-in person');
    }
  };
}

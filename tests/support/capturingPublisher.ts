import type { PostEventPublisher } from '../../kafka/postEventPublisher.js';
import type { PostEvent } from '../../schemas/postEvents.js';

/** A fake event port for workflow tests: keeps what was published, in order. */
export function capturingPublisher(): PostEventPublisher & { events: PostEvent[] } {
  const events: PostEvent[] = [];
  return {
    events,
    async publish(batch) {
      events.push(...batch);
    },
  };
}

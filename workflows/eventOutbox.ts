import { condition, type Payload, proxyActivities } from '@temporalio/workflow';
import type { PostActivities } from '../contract/activities.js';
import type { Actor } from '../schemas/common.js';
import type { PostEvent, PostEventOf, PostEventType } from '../schemas/postEvents.js';
import { postEvent } from './eventFactory.js';
import { currentTrace, withTrace } from './traceContext.js';

const { publishPostEvents } = proxyActivities<PostActivities>({
  startToCloseTimeout: '30 seconds',
  // Kafka may be down for a while: keep trying, the events wait in workflow state meanwhile.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * The events a workflow has emitted but not yet published. One loop publishes them in order, in
 * batches (one activity for everything emitted in the same workflow task), so concurrent update
 * handlers can never reorder a post's events and a burst costs one round trip, not one per event.
 */
export class EventOutbox {
  private readonly pending: PostEvent[] = [];
  /** The trace of the command that emitted the first pending event: the batch is published in it. */
  private pendingTrace: Payload | undefined;
  private publishing = false;
  published = 0;

  constructor(private readonly ids: { postId: string; proposalId: string }) {}

  emit<T extends PostEventType>(type: T, actor: Actor, data: PostEventOf<T>['data']): PostEventOf<T> {
    const event = postEvent(this.ids, type, actor, data);
    if (this.pending.length === 0) this.pendingTrace = currentTrace();
    this.pending.push(event);
    return event;
  }

  /** Runs for the life of the workflow; start it once, without awaiting it. */
  async run(): Promise<never> {
    for (;;) {
      await condition(() => this.pending.length > 0);
      const batch = this.pending.splice(0);
      const trace = this.pendingTrace;
      this.publishing = true;
      try {
        await withTrace(trace, () => publishPostEvents(batch));
        this.published += batch.length;
      } finally {
        this.publishing = false;
      }
    }
  }

  /** Waits until everything emitted so far is on the topic (before completing, or telling a parent). */
  async flushed(): Promise<void> {
    await condition(() => this.pending.length === 0 && !this.publishing);
  }
}

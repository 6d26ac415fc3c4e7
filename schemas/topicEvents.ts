import { z } from 'zod';
import {
  type EstablishmentEvent,
  establishmentEventKey,
  establishmentEventSchemas,
} from './establishmentEvents.js';
import { type PostEvent, postEventSchemas } from './postEvents.js';

/**
 * Everything on the post events topic: the posts' events, keyed by post id, and the establishment's
 * (its baselines), keyed `establishment`. A consumer that only cares about posts skips any type it
 * does not know, as the dashboard projection does.
 */
export const topicEventSchemas = [...postEventSchemas, ...establishmentEventSchemas] as const;
export const topicEventSchema = z.discriminatedUnion('type', topicEventSchemas);
export type TopicEvent = PostEvent | EstablishmentEvent;
export const topicEventTypes = topicEventSchemas.map((schema) => schema.shape.type.value);

export function isPostEvent(event: TopicEvent): event is PostEvent {
  return 'postId' in event;
}

/** The message key: the post id, so one post's events stay in order; `establishment` for baselines. */
export function messageKeyOf(event: TopicEvent): string {
  return isPostEvent(event) ? event.postId : establishmentEventKey;
}

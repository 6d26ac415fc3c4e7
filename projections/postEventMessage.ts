import { explainIssues } from '../schemas/parseOrExplain.js';
import { eventEnvelope } from '../schemas/postEvents.js';
import { isPostEvent, type TopicEvent, topicEventSchema, topicEventSchemas } from '../schemas/topicEvents.js';
import { compiledPostEventValidators } from './compiledEventValidators.js';
import { applyEvent, type DashboardModel, ownEntry, recordSkipped } from './dashboardModel.js';
import { applyBaselineEvent } from './establishmentBaselines.js';

/** What a message on the post events topic turns out to be, before anything is applied. */
export type PostEventMessage =
  | { kind: 'event'; event: TopicEvent; unknownFields: string[] }
  | { kind: 'unknown-type'; type: string; eventId?: string }
  | { kind: 'newer-version'; type: string; version: number; eventId?: string }
  | { kind: 'malformed'; reason: MalformedReason; detail: string };

export type MalformedReason = 'no-value' | 'not-json' | 'invalid-event';

const knownVersions = new Map<string, number>(
  topicEventSchemas.map((schema) => [schema.shape.type.value, schema.shape.version.value]),
);

/** The `data` fields each event type's schema names; anything else came from a newer producer. */
const knownDataFields = new Map<string, Set<string>>(
  topicEventSchemas.map((schema) => [schema.shape.type.value, new Set(Object.keys(schema.shape.data.shape))]),
);

function unknownDataFields(event: TopicEvent): string[] {
  const known = knownDataFields.get(event.type);
  return Object.keys(event.data)
    .filter((field) => !known?.has(field))
    .map((field) => `data.${field}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eventIdOf(value: Record<string, unknown>): string | undefined {
  const parsed = eventEnvelope.shape.eventId.safeParse(value.eventId);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Reads one message's value. An unknown type or a newer version is not an error (a newer producer
 * may be running); a value that is not JSON or breaks its schema is. Fields this consumer does not
 * know are kept and counted, never refused: events only ever gain optional fields, so an older
 * consumer must read a newer producer's events of the same version.
 */
export function readPostEventMessage(value: Buffer | string | null | undefined): PostEventMessage {
  if (value === null || value === undefined || value.length === 0) {
    return { kind: 'malformed', reason: 'no-value', detail: 'the message has no value' };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (error) {
    return { kind: 'malformed', reason: 'not-json', detail: (error as Error).message };
  }
  if (!isRecord(json) || typeof json.type !== 'string') {
    return { kind: 'malformed', reason: 'invalid-event', detail: 'type: expected an event type' };
  }
  const known = knownVersions.get(json.type);
  if (known === undefined) {
    const eventId = eventIdOf(json);
    return { kind: 'unknown-type', type: json.type, ...(eventId ? { eventId } : {}) };
  }
  if (typeof json.version === 'number' && Number.isInteger(json.version) && json.version > known) {
    const eventId = eventIdOf(json);
    return { kind: 'newer-version', type: json.type, version: json.version, ...(eventId ? { eventId } : {}) };
  }
  // The compiled validator accepts exactly what the schema accepts unchanged (tests/properties/
  // compiledEventValidators.property.test.ts); anything else takes the schema's path, which explains it.
  const compiled =
    typeof json.version === 'number'
      ? compiledPostEventValidators.get(`${json.type}.v${json.version}.json`)
      : undefined;
  if (compiled?.(json)) {
    const event = json as TopicEvent;
    return { kind: 'event', event, unknownFields: unknownDataFields(event) };
  }
  const parsed = topicEventSchema.safeParse(json);
  if (!parsed.success)
    return { kind: 'malformed', reason: 'invalid-event', detail: explainIssues(parsed.error) };
  return { kind: 'event', event: parsed.data, unknownFields: unknownDataFields(parsed.data) };
}

/** Folds any event of the topic into the model: a post's, or a baseline; one seen before counts as a duplicate. */
export function applyTopicEvent(model: DashboardModel, event: TopicEvent): { applied: boolean } {
  if (!isPostEvent(event)) return { applied: !applyBaselineEvent(model, event).duplicate };
  if (ownEntry(model.posts, event.postId)?.eventIds.includes(event.eventId)) {
    model.messages.duplicates += 1;
    return { applied: false };
  }
  applyEvent(model, event);
  return { applied: true };
}

export type MessageOutcome =
  | { kind: 'applied'; event: TopicEvent; unknownFields: string[] }
  | { kind: 'duplicate'; eventId: string; postId?: string }
  | Exclude<PostEventMessage, { kind: 'event' }>;

/** Reads a message and folds it into the model: applied, counted as a duplicate, or counted and skipped. */
export function applyMessage(
  model: DashboardModel,
  value: Buffer | string | null | undefined,
): { model: DashboardModel; outcome: MessageOutcome } {
  const message = readPostEventMessage(value);
  switch (message.kind) {
    case 'event': {
      const { event } = message;
      if (!applyTopicEvent(model, event).applied) {
        const postId = isPostEvent(event) ? { postId: event.postId } : {};
        return { model, outcome: { kind: 'duplicate', eventId: event.eventId, ...postId } };
      }
      if (message.unknownFields.length > 0) model.messages.withUnknownFields += 1;
      return { model, outcome: { kind: 'applied', event, unknownFields: message.unknownFields } };
    }
    case 'unknown-type':
    case 'newer-version': {
      const { duplicate } = recordSkipped(model, message, message.eventId);
      if (duplicate && message.eventId)
        return { model, outcome: { kind: 'duplicate', eventId: message.eventId } };
      return { model, outcome: message };
    }
    case 'malformed':
      recordSkipped(model, message);
      return { model, outcome: message };
  }
}

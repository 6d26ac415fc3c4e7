import type { Message, Producer } from 'kafkajs';
import {
  type EstablishmentBaselineRecorded,
  establishmentBaselineRecorded,
  establishmentEventKey,
} from '../schemas/establishmentEvents.js';

/** A baseline as a message on the post events topic: keyed `establishment`, so baselines stay in order. */
export function establishmentEventMessage(event: EstablishmentBaselineRecorded): Message {
  return {
    key: establishmentEventKey,
    value: JSON.stringify(event),
    headers: { eventId: event.eventId, type: event.type, version: String(event.version) },
  };
}

/** The port through which the CLI and the API record a baseline (a test hands in a fake). */
export interface BaselinePublisher {
  publish(event: EstablishmentBaselineRecorded): Promise<void>;
}

/**
 * Publishes baselines to the post events topic with the idempotent producer: a handful a year, each
 * acknowledged by every in-sync replica before the caller is told it is recorded.
 */
export function kafkaBaselinePublisher(producer: Producer, topic: string): BaselinePublisher {
  return {
    async publish(event) {
      const message = establishmentEventMessage(establishmentBaselineRecorded.parse(event));
      await producer.send({ topic, acks: -1, messages: [message] });
    },
  };
}

import type { MessageOutcome } from './postEventMessage.js';

/**
 * A read model folded from the post events topic, as the projector (projections/projectionConsumer.ts)
 * runs it: a model it can start empty, apply one message's value to (deduplicating by event id), and
 * store with its offsets. A stored model of another `modelVersion` is replayed from offset 0.
 */
export interface Projection<M extends { modelVersion: number }> {
  /** For logs: "dashboard", "post catalogue". */
  name: string;
  modelVersion: number;
  empty(): M;
  /** Carries over what events do not record from a stored model (the dashboard's settings). */
  restore?(stored: M): M;
  applyMessage(model: M, value: Buffer | string | null | undefined): { outcome: MessageOutcome };
}

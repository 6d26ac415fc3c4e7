import type { Logger } from 'pino';
import {
  type DashboardModel,
  type DashboardSettings,
  dashboardModelVersion,
  emptyDashboard,
} from './dashboardModel.js';
import { applyMessage } from './postEventMessage.js';
import type { Projection } from './projection.js';
import type { ProjectionSnapshot, SnapshotStore } from './snapshotStore.js';

export const defaultProjectionGroup = 'dashboard-projection';

/** Where messages that are not events go: `post-events.dead-letter` for `post-events`. */
export const deadLetterTopicOf = (topic: string) => `${topic}.dead-letter`;

/** The model and, per partition, the next offset it has not seen: always stored together. */
export interface ProjectionState<M = DashboardModel> {
  model: M;
  offsets: Record<string, string>;
}

/** The dashboard as a projection: its model, its version, and the settings events do not carry. */
export function dashboardProjection(settings: DashboardSettings = {}): Projection<DashboardModel> {
  return {
    name: 'dashboard',
    modelVersion: dashboardModelVersion,
    empty: () => emptyDashboard(settings),
    restore: (stored) => {
      stored.settings = settings;
      return stored;
    },
    applyMessage,
  };
}

/**
 * Loads the stored state for this topic. A snapshot of an older model is not reused: the rules
 * changed, so the model is replayed from offset 0 (its offsets are dropped with it).
 */
export async function loadProjectionState<M extends { modelVersion: number }>(
  store: SnapshotStore<M>,
  topic: string,
  projection: Projection<M>,
  log: Logger,
): Promise<ProjectionState<M>> {
  const stored = await store.load();
  if (!stored) return { model: projection.empty(), offsets: {} };
  if (stored.topic !== topic) {
    throw new Error(`${store.location} is a projection of ${stored.topic}, not ${topic}: use another file`);
  }
  if (stored.model.modelVersion !== projection.modelVersion) {
    log.warn(
      { projection: projection.name, stored: stored.model.modelVersion, current: projection.modelVersion },
      'the snapshot was made by other projection rules: replaying the topic from offset 0',
    );
    return { model: projection.empty(), offsets: {} };
  }
  return { model: projection.restore?.(stored.model) ?? stored.model, offsets: stored.offsets };
}

/** The dashboard's stored state (see loadProjectionState). */
export function loadState(
  store: SnapshotStore,
  topic: string,
  settings: DashboardSettings,
  log: Logger,
): Promise<ProjectionState> {
  return loadProjectionState(store, topic, dashboardProjection(settings), log);
}

export function snapshotOf<M>(topic: string, state: ProjectionState<M>): ProjectionSnapshot<M> {
  return { format: 1, topic, offsets: state.offsets, model: state.model, savedAt: new Date().toISOString() };
}

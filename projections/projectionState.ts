import type { Logger } from 'pino';
import {
  type DashboardModel,
  type DashboardSettings,
  dashboardModelVersion,
  emptyDashboard,
} from './dashboardModel.js';
import type { ProjectionSnapshot, SnapshotStore } from './snapshotStore.js';

export const defaultProjectionGroup = 'dashboard-projection';

/** Where messages that are not events go: `post-events.dead-letter` for `post-events`. */
export const deadLetterTopicOf = (topic: string) => `${topic}.dead-letter`;

/** The model and, per partition, the next offset it has not seen: always stored together. */
export interface ProjectionState {
  model: DashboardModel;
  offsets: Record<string, string>;
}

/**
 * Loads the stored state for this topic. A snapshot of an older model is not reused: the rules
 * changed, so the model is replayed from offset 0 (its offsets are dropped with it).
 */
export async function loadState(
  store: SnapshotStore,
  topic: string,
  settings: DashboardSettings,
  log: Logger,
): Promise<ProjectionState> {
  const stored = await store.load();
  if (!stored) return { model: emptyDashboard(settings), offsets: {} };
  if (stored.topic !== topic) {
    throw new Error(`${store.location} is a projection of ${stored.topic}, not ${topic}: use another file`);
  }
  if (stored.model.modelVersion !== dashboardModelVersion) {
    log.warn(
      { stored: stored.model.modelVersion, current: dashboardModelVersion },
      'the snapshot was made by other projection rules: replaying the topic from offset 0',
    );
    return { model: emptyDashboard(settings), offsets: {} };
  }
  stored.model.settings = settings;
  return { model: stored.model, offsets: stored.offsets };
}

export function snapshotOf(topic: string, state: ProjectionState): ProjectionSnapshot {
  return { format: 1, topic, offsets: state.offsets, model: state.model, savedAt: new Date().toISOString() };
}

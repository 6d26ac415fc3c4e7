import type { DashboardFigures, DashboardFilter } from '../../projections/dashboardFigures.js';
import type { ProjectionConsumer } from '../../projections/projectionConsumer.js';

/** Where the dashboard pages get their figures, and hear that they changed. */
export interface DashboardSource {
  /** The figures of every service area, or of the one the filter names. */
  figures(filter?: DashboardFilter): DashboardFigures;
  /** Calls `listener` after the figures may have changed; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
}

/**
 * The projection consumer as a dashboard source. The consumer offers no hook on a stored batch, but
 * counts its snapshots (one per applied batch, and one per hand-recorded figure), so while anyone
 * listens the counter is looked at every `pollMillis` and a change is passed on.
 */
export function projectionDashboardSource(
  consumer: Pick<ProjectionConsumer, 'figures' | 'stats'>,
  pollMillis = 250,
): DashboardSource {
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let seen = consumer.stats().snapshots;
  const look = () => {
    const snapshots = consumer.stats().snapshots;
    if (snapshots === seen) return;
    seen = snapshots;
    for (const listener of listeners) listener();
  };
  return {
    figures: (filter) => consumer.figures(filter),
    subscribe(listener) {
      if (listeners.size === 0) {
        seen = consumer.stats().snapshots;
        timer = setInterval(look, pollMillis);
        timer.unref();
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) clearInterval(timer);
      };
    },
  };
}

type Figures = DashboardFigures | ((filter: DashboardFilter) => DashboardFigures);

/**
 * Figures held in memory, for tests and demonstrations: fixed figures (whatever the filter), or a
 * function of the filter (a model's `dashboardFigures`); `set` replaces them and tells listeners.
 */
export function staticDashboardSource(initial: Figures): DashboardSource & { set(figures: Figures): void } {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    figures: (filter = {}) => (typeof current === 'function' ? current(filter) : current),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(figures) {
      current = figures;
      for (const listener of listeners) listener();
    },
  };
}

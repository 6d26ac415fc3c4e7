import { finalStages, type PostStage } from '../domain/postRules.js';
import type { ProjectedPost } from './dashboardModel.js';
import { MILLIS_PER_DAY, percentile } from './percentile.js';

export interface StageTime {
  stage: PostStage;
  /** Posts that have spent time in the stage and left it. */
  posts: number;
  medianDays: number | null;
  p90Days: number | null;
}

/** Days to two places (about a quarter of an hour): enough for a dashboard, and stable to compare. */
export function inDays(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 100) / 100;
}

/**
 * How long posts spend in each stage, from the instants they entered and left it. Each post's own
 * stays are added up per stage (a post may pass through a stage twice), then the median and 90th
 * percentile are taken across posts.
 *
 * - Held and called-in are stages of their own: the clock of the stage a post was in stops when it
 *   is held or called in, and time held or called in never counts toward the stage it goes on to.
 * - Only stays that have ended count: the model has no clock, so a post still in a stage has no
 *   time for it yet.
 * - A stay of no time at all (two events at the same instant, such as consultation completed and the
 *   call-in period started) is not a stay: the post is not counted for that stage.
 *
 * Each post is read in its own order, so the figures do not depend on how partitions interleave.
 */
export function timeInStage(posts: readonly ProjectedPost[], stages: readonly PostStage[]): StageTime[] {
  const samples = new Map<PostStage, number[]>(stages.map((stage) => [stage, []]));
  for (const post of posts) {
    const spent = new Map<PostStage, number>();
    // Each instant parsed once: it ends one stay and begins the next.
    const instants = post.stages.map((change) => Date.parse(change.at));
    post.stages.forEach((entered, index) => {
      const left = instants[index + 1];
      if (left === undefined) return;
      const days = Math.max(0, (left - (instants[index] as number)) / MILLIS_PER_DAY);
      spent.set(entered.stage, (spent.get(entered.stage) ?? 0) + days);
    });
    for (const [stage, days] of spent) if (days > 0) samples.get(stage)?.push(days);
  }
  return stages
    .filter((stage) => !finalStages.includes(stage))
    .map((stage) => {
      const days = samples.get(stage) ?? [];
      return {
        stage,
        posts: days.length,
        medianDays: inDays(percentile(days, 0.5)),
        p90Days: inDays(percentile(days, 0.9)),
      };
    });
}

import type { PostStage } from '../domain/postRules.js';
import { londonDayNumberOf } from '../domain/workingDays.js';
import type { ProjectedPost } from './dashboardModel.js';

/**
 * Posts by stage over time, a week at a time. Eighteen stages side by side cannot be read week by
 * week, so the stages are gathered into the phases of docs/lifecycle.md; the posts by stage table
 * gives each stage today. Rejected and withdrawn posts have left the pipeline and are not counted.
 */
export const phases = ['approval', 'consultation', 'recruitment', 'held', 'filled'] as const;
export type Phase = (typeof phases)[number];

export const phaseOf: Record<PostStage, Phase | undefined> = {
  'budget-check': 'approval',
  'budget-held': 'approval',
  'awaiting-approval': 'approval',
  'sent-back': 'approval',
  consultation: 'consultation',
  'concerns-raised': 'consultation',
  'call-in-period': 'consultation',
  'called-in': 'consultation',
  'ready-to-recruit': 'recruitment',
  advertised: 'recruitment',
  'awaiting-applications': 'recruitment',
  'applicants-available': 'recruitment',
  'no-suitable-applicants': 'recruitment',
  recruiting: 'recruitment',
  held: 'held',
  filled: 'filled',
  rejected: undefined,
  withdrawn: undefined,
};

export interface WeekOfStages {
  /** The Monday the week begins (a London date). */
  weekBeginning: string;
  /** Posts in each phase at the end of the week (Sunday, London time). */
  posts: Record<Phase, number>;
}

const DAY_MS = 86_400_000;
const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Day numbers count from Thursday 1 January 1970, so Monday is 4 days on, modulo 7. */
const mondayOf = (day: number) => day - ((day - 4 + 7) % 7);

/**
 * Weekly counts from the first week a stage changed to the last, at most `maxWeeks` (the latest).
 * A post counts in the phase of its last change (in its own order) dated by each week's Sunday. One
 * pass over each post's changes, not one per week: the dashboard asks for this on every request, and
 * at tens of thousands of posts a pass per week was most of its time.
 */
export function stagesOverTime(posts: readonly ProjectedPost[], maxWeeks = 26): WeekOfStages[] {
  const changes = posts.map((post) =>
    post.stages.map((change) => ({
      phase: phaseOf[change.stage],
      day: londonDayNumberOf(Date.parse(change.at)),
    })),
  );
  // A loop, not Math.max(...days): spreading hundreds of thousands of days overflows the stack.
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const post of changes) {
    for (const { day } of post) {
      if (day < earliest) earliest = day;
      if (day > latest) latest = day;
    }
  }
  if (latest === Number.NEGATIVE_INFINITY) return [];
  const last = mondayOf(latest);
  const first = Math.max(mondayOf(earliest), last - 7 * (maxWeeks - 1));
  const weekCount = (last - first) / 7 + 1;
  const counts = Array.from(
    { length: weekCount },
    (): Record<Phase, number> => ({
      approval: 0,
      consultation: 0,
      recruitment: 0,
      held: 0,
      filled: 0,
    }),
  );
  // latestChange[w]: the post's last change (by its own order) first counted in week w, or -1.
  const latestChange = new Int32Array(weekCount);
  for (const post of changes) {
    latestChange.fill(-1);
    post.forEach((change, index) => {
      // The first week whose Sunday (monday + 6) is on or after the change's day.
      const week = Math.max(0, Math.ceil((change.day - first - 6) / 7));
      if (week < weekCount) latestChange[week] = index;
    });
    let current = -1;
    for (let week = 0; week < weekCount; week += 1) {
      current = Math.max(current, latestChange[week] as number);
      const phase = current < 0 ? undefined : post[current]?.phase;
      if (phase) (counts[week] as Record<Phase, number>)[phase] += 1;
    }
  }
  return counts.map((posts, week) => ({ weekBeginning: dateOfDay(first + 7 * week), posts }));
}

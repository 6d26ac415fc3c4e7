import type { PostStage } from '../domain/postRules.js';
import { londonDateOf } from '../domain/workingDays.js';
import type { ProjectedPost } from './dashboardModel.js';

/**
 * Posts by stage over time, a week at a time. Eighteen stages side by side cannot be read week by
 * week, so the stages are gathered into the phases of docs/lifecycle.md; the posts by stage table
 * gives each stage today. Rejected and withdrawn posts have left the pipeline and are not counted.
 */
export const phases = ['approval', 'consultation', 'recruitment', 'held', 'filled'] as const;
export type Phase = (typeof phases)[number];

const phaseOf: Record<PostStage, Phase | undefined> = {
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
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Day numbers count from Thursday 1 January 1970, so Monday is 4 days on, modulo 7. */
const mondayOf = (day: number) => day - ((day - 4 + 7) % 7);

/** Weekly counts from the first week a stage changed to the last, at most `maxWeeks` (the latest). */
export function stagesOverTime(posts: readonly ProjectedPost[], maxWeeks = 26): WeekOfStages[] {
  const changes = posts.map((post) =>
    post.stages.map((change) => ({
      phase: phaseOf[change.stage],
      day: dayNumber(londonDateOf(Date.parse(change.at))),
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
  const weeks: WeekOfStages[] = [];
  for (let monday = first; monday <= last; monday += 7) {
    const counts: Record<Phase, number> = {
      approval: 0,
      consultation: 0,
      recruitment: 0,
      held: 0,
      filled: 0,
    };
    const sunday = monday + 6;
    for (const post of changes) {
      // The post's last change by the week's end, in the post's own order.
      let phase: Phase | undefined;
      for (const change of post) if (change.day <= sunday) phase = change.phase;
      if (phase) counts[phase] += 1;
    }
    weeks.push({ weekBeginning: dateOfDay(monday), posts: counts });
  }
  return weeks;
}

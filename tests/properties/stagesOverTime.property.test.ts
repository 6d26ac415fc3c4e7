import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postStages } from '../../domain/postRules.js';
import { londonDateOf } from '../../domain/workingDays.js';
import type { ProjectedPost } from '../../projections/dashboardModel.js';
import { type Phase, phaseOf, stagesOverTime } from '../../projections/stagesOverTime.js';

const DAY_MS = 86_400_000;

/**
 * The figure as docs/domain.md defines it, week by week: each post in the phase of its last change
 * (in its own order) dated on or before the week's Sunday, London time. Slow and plain, to check the
 * one-pass version against.
 */
function byDefinition(posts: readonly ProjectedPost[], maxWeeks: number) {
  const day = (at: string) => Date.parse(`${londonDateOf(Date.parse(at))}T00:00:00Z`) / DAY_MS;
  const days = posts.flatMap((post) => post.stages.map((change) => day(change.at)));
  if (days.length === 0) return [];
  const mondayOf = (d: number) => d - ((d - 4 + 7) % 7);
  const last = mondayOf(Math.max(...days));
  const first = Math.max(mondayOf(Math.min(...days)), last - 7 * (maxWeeks - 1));
  const weeks = [];
  for (let monday = first; monday <= last; monday += 7) {
    const counts: Record<Phase, number> = {
      approval: 0,
      consultation: 0,
      recruitment: 0,
      held: 0,
      filled: 0,
    };
    for (const post of posts) {
      let phase: Phase | undefined;
      for (const change of post.stages) if (day(change.at) <= monday + 6) phase = phaseOf[change.stage];
      if (phase) counts[phase] += 1;
    }
    weeks.push({ weekBeginning: new Date(monday * DAY_MS).toISOString().slice(0, 10), posts: counts });
  }
  return weeks;
}

// Instants from March 2022 to April 2023, so clock changes (and late-evening BST instants) fall inside.
const instant = fc
  .integer({ min: Date.UTC(2022, 2, 1), max: Date.UTC(2023, 3, 30) })
  .map((millis) => new Date(millis).toISOString());
const stageChange = fc.record({ stage: fc.constantFrom(...postStages), at: instant });
// Changes in any order of time: a post's own order is what counts, even where its clock went back.
const post = fc
  .array(stageChange, { maxLength: 8 })
  .map((stages) => ({ stages }) as unknown as ProjectedPost);

describe('posts by stage over time', () => {
  it('counts each week as the plain week-by-week definition does, for any posts and any window', () => {
    fc.assert(
      fc.property(fc.array(post, { maxLength: 30 }), fc.integer({ min: 1, max: 60 }), (posts, maxWeeks) => {
        expect(stagesOverTime(posts, maxWeeks)).toEqual(byDefinition(posts, maxWeeks));
      }),
      { numRuns: 300 },
    );
  });
});
